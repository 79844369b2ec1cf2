// How many instances a consumer group needs, computed the way KEDA's Kafka scaler and the
// Kubernetes HPA it feeds would compute it (pkg/scalers/kafka_scaler.go: getLagForPartition,
// getTotalLag, GetMetricsAndActivity), so that `offsets --recommend-instances` and a deployed
// ScaledObject agree on the same offsets. One deliberate difference, reported beside KEDA's own
// number: KEDA caps the lag with an integer division (lag / threshold > partitions), which lets
// a lag just under (partitions + 1) x threshold through uncapped, and the HPA then rounds it up
// to one instance more than there are partitions. `instances` applies the cap to the rounded-up
// count instead.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace orderctl::core::scaling {

// Where a consumer without a committed offset starts (KEDA's offsetResetPolicy).
enum class OffsetResetPolicy { Latest, Earliest };

// One partition, as the scaler reads it on one poll.
struct PartitionOffsets {
    std::optional<int64_t> committed;  // nullopt: no commit (KEDA's invalid offset -1)
    std::optional<int64_t> log_end;    // nullopt: the partition is missing from the answer
    // The committed offset seen on the previous poll (excludePersistentLag); nullopt: none.
    std::optional<int64_t> previous_committed;
};

// The ScaledObject's trigger metadata and replica bounds that change the result; KEDA's
// defaults.
struct ScalerSettings {
    int64_t lag_threshold = 10;            // lagThreshold, > 0
    int64_t activation_lag_threshold = 0;  // activationLagThreshold, >= 0
    OffsetResetPolicy offset_reset_policy = OffsetResetPolicy::Latest;
    bool scale_to_zero_on_invalid_offset = false;
    bool allow_idle_consumers = false;
    bool limit_to_partitions_with_lag = false;
    bool exclude_persistent_lag = false;
    int64_t min_replicas = 0;    // minReplicaCount
    int64_t max_replicas = 100;  // maxReplicaCount
};

struct Recommendation {
    int64_t partitions = 0;
    int64_t partitions_with_lag = 0;        // partitions whose lag counts (> 0)
    int64_t total_lag = 0;                  // the per-partition lags summed, before any cap
    int64_t total_lag_with_persistent = 0;  // what activation compares
    int64_t metric = 0;                     // the value KEDA reports to the HPA, after its cap
    bool active = false;                    // total_lag_with_persistent > activation_lag_threshold
    int64_t keda_instances = 0;             // what KEDA and the HPA yield from `metric`
    int64_t instances = 0;                  // the recommendation: the cap applied after rounding up
};

// The lag KEDA counts for one partition, and the lag its activation sees.
struct PartitionLag {
    int64_t lag = 0;
    int64_t lag_with_persistent = 0;
};
PartitionLag partition_lag(const PartitionOffsets& partition, const ScalerSettings& settings);

// `settings.lag_threshold` must be positive (KEDA refuses a trigger otherwise).
Recommendation recommend_instances(const std::vector<PartitionOffsets>& partitions,
                                   const ScalerSettings& settings);

}  // namespace orderctl::core::scaling
