#include "core/metrics/group_lag_metrics.h"

#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "core/metrics/gauge_set.h"

namespace orderctl::core::metrics {
namespace {

using Key = std::tuple<std::string, std::string, int32_t>;  // group, topic, partition
using Gauges = std::map<Key, prometheus::Gauge*>;

prometheus::Labels labels_of(const GroupPartitionSample& sample) {
    prometheus::Labels labels = {{"group", sample.group},
                                 {"topic", sample.topic},
                                 {"partition", std::to_string(sample.partition)}};
    if (!sample.role.empty()) labels["role"] = sample.role;
    return labels;
}

// Sets the gauges of `values` and removes those of partitions no longer there (or unknown).
void update(prometheus::Family<prometheus::Gauge>& family, Gauges& gauges,
            const std::map<Key, std::pair<prometheus::Labels, double>>& values) {
    remove_gauges_not_in(family, gauges, values);
    for (const auto& [key, value] : values) {
        auto& gauge = gauges[key];
        if (!gauge) gauge = &family.Add(value.first);
        gauge->Set(value.second);
    }
}

}  // namespace

struct GroupLagMetrics::Families {
    explicit Families(prometheus::Registry& registry)
        : lag(prometheus::BuildGauge()
                  .Name("orderctl_consumer_lag")
                  .Help("Records between the group's committed offset and the log end, per "
                        "partition (from offsets --watch --metrics).")
                  .Register(registry)),
          time_behind(prometheus::BuildGauge()
                          .Name("orderctl_consumer_time_behind_seconds")
                          .Help("Seconds from the timestamp of the record at the group's "
                                "committed offset to now; 0 when caught up (from offsets "
                                "--watch --metrics).")
                          .Register(registry)) {}
    prometheus::Family<prometheus::Gauge>& lag;
    prometheus::Family<prometheus::Gauge>& time_behind;
    Gauges lag_gauges, time_behind_gauges;
};

GroupLagMetrics::GroupLagMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      families_(std::make_unique<Families>(*registry_)) {}

GroupLagMetrics::~GroupLagMetrics() = default;

void GroupLagMetrics::publish(const std::vector<GroupPartitionSample>& samples) {
    std::map<Key, std::pair<prometheus::Labels, double>> lags, times;
    for (const auto& sample : samples) {
        Key key{sample.group, sample.topic, sample.partition};
        if (sample.lag) lags[key] = {labels_of(sample), static_cast<double>(*sample.lag)};
        if (sample.time_behind_seconds)
            times[key] = {labels_of(sample), *sample.time_behind_seconds};
    }
    std::lock_guard lock(mutex_);
    update(families_->lag, families_->lag_gauges, lags);
    update(families_->time_behind, families_->time_behind_gauges, times);
}

std::string GroupLagMetrics::render() const {
    std::lock_guard lock(mutex_);
    return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace orderctl::core::metrics
