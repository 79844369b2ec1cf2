#include "core/scaling/keda_kafka.h"

#include <algorithm>
#include <stdexcept>

namespace orderctl::core::scaling {
namespace {

int64_t ceil_div(int64_t value, int64_t divisor) {
    if (value <= 0) return 0;
    return value / divisor + (value % divisor != 0);  // no value + divisor - 1: it may overflow
}

// The HPA of an AverageValue target: ceil(metric / target), within the replica bounds. KEDA
// scales to minReplicaCount (0 by default) while the trigger is inactive, and runs at least one
// instance while it is active. (The HPA's 10% tolerance only holds a current count; a
// recommendation from scratch has none.)
int64_t replicas_for(int64_t wanted, bool active, const ScalerSettings& settings) {
    if (!active && settings.min_replicas == 0) return 0;
    const int64_t floor = std::max<int64_t>(settings.min_replicas, 1);
    return std::clamp(wanted, floor, std::max(floor, settings.max_replicas));
}

}  // namespace

PartitionLag partition_lag(const PartitionOffsets& partition, const ScalerSettings& settings) {
    // No commit: the order of KEDA's checks matters. With `latest` the consumer would skip
    // everything there is, yet KEDA counts 1 so that one instance starts and commits (0 with
    // scaleToZeroOnInvalidOffset), even when the log end is unknown.
    if (!partition.committed) {
        if (settings.offset_reset_policy == OffsetResetPolicy::Latest) {
            const int64_t lag = settings.scale_to_zero_on_invalid_offset ? 0 : 1;
            return {lag, lag};
        }
        if (settings.scale_to_zero_on_invalid_offset) return {0, 0};
    }
    // A partition missing from the log-end answer counts 0 (Event Hubs sometimes omits one).
    if (!partition.log_end) return {0, 0};
    // No commit and `earliest`: everything in the partition is to be read.
    if (!partition.committed) return {*partition.log_end, *partition.log_end};
    const int64_t lag = *partition.log_end - *partition.committed;
    // excludePersistentLag: a consumer stuck on the same offset as on the previous poll has a
    // problem more instances will not solve; its lag counts for activation only.
    if (settings.exclude_persistent_lag && partition.previous_committed &&
        *partition.previous_committed == *partition.committed)
        return {0, lag};
    return {lag, lag};
}

Recommendation recommend_instances(const std::vector<PartitionOffsets>& partitions,
                                   const ScalerSettings& settings) {
    if (settings.lag_threshold <= 0)
        throw std::invalid_argument("the lag threshold must be a positive number");
    Recommendation result;
    result.partitions = static_cast<int64_t>(partitions.size());
    for (const auto& partition : partitions) {
        const auto lag = partition_lag(partition, settings);
        result.total_lag += lag.lag;
        result.total_lag_with_persistent += lag.lag_with_persistent;
        if (lag.lag > 0) ++result.partitions_with_lag;
    }
    result.metric = result.total_lag;
    result.active = result.total_lag_with_persistent > settings.activation_lag_threshold;

    const bool capped = !settings.allow_idle_consumers || settings.limit_to_partitions_with_lag;
    const int64_t upper_bound =
        settings.limit_to_partitions_with_lag ? result.partitions_with_lag : result.partitions;
    // KEDA's cap, integer division included: lag / threshold is rounded down before the
    // comparison, so a lag of up to (upper_bound + 1) x threshold - 1 passes uncapped.
    if (capped && result.metric / settings.lag_threshold > upper_bound)
        // upper_bound * threshold <= metric here, so the product cannot overflow.
        result.metric = upper_bound * settings.lag_threshold;
    result.keda_instances =
        replicas_for(ceil_div(result.metric, settings.lag_threshold), result.active, settings);

    int64_t wanted = ceil_div(result.total_lag, settings.lag_threshold);
    if (capped) wanted = std::min(wanted, upper_bound);
    result.instances = replicas_for(wanted, result.active, settings);
    return result;
}

}  // namespace orderctl::core::scaling
