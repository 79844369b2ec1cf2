#include "core/metrics/role_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "core/metrics/gauge_set.h"

namespace orderctl::core::metrics {
namespace {

using prometheus::Labels;

// The growth of a histogram since the last snapshot, in the form ObserveMultiple takes.
void add_growth(prometheus::Histogram& target, const Histogram& now, const Histogram& before) {
    if (now.count() == before.count()) return;
    std::vector<double> increments(now.counts().size());
    for (size_t i = 0; i < increments.size(); ++i)
        increments[i] = static_cast<double>(now.counts()[i] - before.counts()[i]);
    target.ObserveMultiple(increments, now.sum() - before.sum());
}

template <typename T>
void add_growth(prometheus::Counter& counter, T now, T before) {
    if (now > before) counter.Increment(static_cast<double>(now - before));
}

// One gauge per partition: added when the partition is assigned, removed when it leaves.
template <typename Value>
void set_per_partition(prometheus::Family<prometheus::Gauge>& family,
                       std::map<int32_t, prometheus::Gauge*>& gauges,
                       const std::map<int32_t, Value>& values, const Labels& labels) {
    remove_gauges_not_in(family, gauges, values);
    for (const auto& [partition, value] : values) {
        auto& gauge = gauges[partition];
        if (!gauge) {
            Labels with_partition = labels;
            with_partition["partition"] = std::to_string(partition);
            gauge = &family.Add(with_partition);
        }
        gauge->Set(static_cast<double>(value));
    }
}

}  // namespace

struct RoleMetrics::Families {
    Families(prometheus::Registry& registry, const Labels& labels)
        : processed(prometheus::BuildCounter()
                        .Name("orderctl_records_processed_total")
                        .Help("Records the role service processed: outcomes and dead letters.")
                        .Register(registry)
                        .Add(labels)),
          outcomes(prometheus::BuildCounter()
                       .Name("orderctl_outcomes_total")
                       .Help("Outcomes published, by kind.")
                       .Register(registry)),
          dead_lettered(
              prometheus::BuildCounter()
                  .Name("orderctl_dead_lettered_total")
                  .Help("Records sent to the dead-letter topic (poison, or the handler gave up).")
                  .Register(registry)
                  .Add(labels)),
          handler_failures(
              prometheus::BuildCounter()
                  .Name("orderctl_handler_failures_total")
                  .Help(
                      "Failed handler calls (timeouts, crashes, errors), retried or dead-lettered.")
                  .Register(registry)
                  .Add(labels)),
          commits(prometheus::BuildCounter()
                      .Name("orderctl_commits_total")
                      .Help("Offset commits (or committed transactions).")
                      .Register(registry)
                      .Add(labels)),
          rebalances(prometheus::BuildCounter()
                         .Name("orderctl_rebalances_total")
                         .Help("Partition assignments and revocations.")
                         .Register(registry)
                         .Add(labels)),
          aborted(prometheus::BuildCounter()
                      .Name("orderctl_transactions_aborted_total")
                      .Help("Transactions aborted and redone (--exactly-once): their records "
                            "processed again.")
                      .Register(registry)
                      .Add(labels)),
          lag(prometheus::BuildGauge()
                  .Name("orderctl_consumer_lag")
                  .Help(
                      "Records between the fetch position and the log end, per assigned partition.")
                  .Register(registry)),
          time_behind(prometheus::BuildGauge()
                          .Name("orderctl_consumer_time_behind_seconds")
                          .Help("Seconds from the timestamp of the last record processed to now, "
                                "while records wait behind it; 0 when caught up.")
                          .Register(registry)),
          commit_seconds(
              prometheus::BuildHistogram()
                  .Name("orderctl_commit_duration_seconds")
                  .Help("Time to commit offsets (or a transaction), waiting for outcomes included.")
                  .Register(registry)
                  .Add(labels, Histogram::duration_bounds())),
          handler_seconds(prometheus::BuildHistogram()
                              .Name("orderctl_handler_duration_seconds")
                              .Help("Time the handler took per order.")
                              .Register(registry)
                              .Add(labels, Histogram::duration_bounds())),
          order_latency(prometheus::BuildHistogram()
                            .Name("orderctl_order_latency_seconds")
                            .Help("From the order record's timestamp to the acknowledgement of its "
                                  "outcome (or dead letter).")
                            .Register(registry)
                            .Add(labels, Histogram::latency_bounds())) {}

    prometheus::Counter& processed;
    prometheus::Family<prometheus::Counter>& outcomes;
    std::map<std::string, prometheus::Counter*> outcome_kinds;
    prometheus::Counter &dead_lettered, &handler_failures, &commits, &rebalances, &aborted;
    prometheus::Family<prometheus::Gauge>& lag;
    std::map<int32_t, prometheus::Gauge*> lag_partitions;
    prometheus::Family<prometheus::Gauge>& time_behind;
    std::map<int32_t, prometheus::Gauge*> time_behind_partitions;
    prometheus::Histogram &commit_seconds, &handler_seconds, &order_latency;
};

RoleMetrics::RoleMetrics(std::string role, std::string group, std::string topic)
    : role_(std::move(role)),
      group_(std::move(group)),
      topic_(std::move(topic)),
      registry_(std::make_shared<prometheus::Registry>()),
      families_(
          std::make_unique<Families>(*registry_, Labels{{"role", role_}, {"group", group_}})) {}

RoleMetrics::~RoleMetrics() = default;

void RoleMetrics::publish(const RoleSnapshot& s) {
    std::lock_guard lock(mutex_);
    Families& f = *families_;
    const RoleSnapshot& p = previous_;
    add_growth(f.processed, s.processed, p.processed);
    for (const auto& [kind, count] : s.outcomes) {
        auto& counter = f.outcome_kinds[kind];
        if (!counter)
            counter = &f.outcomes.Add({{"role", role_}, {"group", group_}, {"kind", kind}});
        auto before = p.outcomes.find(kind);
        add_growth(*counter, count, before == p.outcomes.end() ? uint64_t{0} : before->second);
    }
    add_growth(f.dead_lettered, s.dead_lettered, p.dead_lettered);
    add_growth(f.handler_failures, s.handler_failures, p.handler_failures);
    add_growth(f.commits, s.commits, p.commits);
    add_growth(f.rebalances, s.rebalances, p.rebalances);
    add_growth(f.aborted, s.transactions_aborted, p.transactions_aborted);
    const Labels partition_labels = {{"role", role_}, {"group", group_}, {"topic", topic_}};
    set_per_partition(f.lag, f.lag_partitions, s.lag, partition_labels);
    set_per_partition(f.time_behind, f.time_behind_partitions, s.time_behind, partition_labels);
    add_growth(f.commit_seconds, s.commit_seconds, p.commit_seconds);
    add_growth(f.handler_seconds, s.handler_seconds, p.handler_seconds);
    add_growth(f.order_latency, s.order_latency, p.order_latency);
    previous_ = s;
}

std::string RoleMetrics::render() const {
    // The registry's metrics are thread-safe; the lock keeps a scrape from seeing a snapshot
    // half carried over.
    std::lock_guard lock(mutex_);
    return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace orderctl::core::metrics
