// `offsets --recommend-instances` against KEDA's Kafka scaler (pkg/scalers/kafka_scaler.go) and
// the HPA it feeds: each case is a lag shape, the scaler's settings, and the numbers KEDA's code
// gives on the same offsets (worked through its getLagForPartition, getTotalLag and the HPA's
// ceil(metric / lagThreshold)), then orderctl's recommendation.
#include <doctest/doctest.h>

#include <stdexcept>

#include "core/scaling/keda_kafka.h"
#include "core/scaling/previous_offsets.h"

using namespace orderctl::core::scaling;

namespace {

PartitionOffsets at(int64_t committed, int64_t log_end) {
    return {committed, log_end, {}};
}
PartitionOffsets uncommitted(int64_t log_end) {
    return {std::nullopt, log_end, {}};
}

ScalerSettings threshold(int64_t lag_threshold) {
    ScalerSettings settings;
    settings.lag_threshold = lag_threshold;
    return settings;
}

}  // namespace

TEST_CASE("no commit with latest: each partition counts 1, one instance starts") {
    auto result =
        recommend_instances({uncommitted(500), uncommitted(0), uncommitted(70)}, threshold(10));
    CHECK(result.total_lag == 3);
    CHECK(result.partitions_with_lag == 3);
    CHECK(result.active);
    CHECK(result.keda_instances == 1);
    CHECK(result.instances == 1);
}

TEST_CASE("no commit with latest and scaleToZeroOnInvalidOffset: nothing, zero instances") {
    auto settings = threshold(10);
    settings.scale_to_zero_on_invalid_offset = true;
    auto result = recommend_instances({uncommitted(500), uncommitted(70)}, settings);
    CHECK(result.total_lag == 0);
    CHECK_FALSE(result.active);
    CHECK(result.keda_instances == 0);
    CHECK(result.instances == 0);
}

TEST_CASE("no commit with earliest: the whole partition is lag") {
    auto settings = threshold(100);
    settings.offset_reset_policy = OffsetResetPolicy::Earliest;
    auto result = recommend_instances({uncommitted(250), uncommitted(0), at(10, 60)}, settings);
    CHECK(result.total_lag == 300);
    CHECK(result.partitions_with_lag == 2);
    CHECK(result.keda_instances == 3);
    CHECK(result.instances == 3);
    settings.scale_to_zero_on_invalid_offset = true;  // earliest too: no commit counts 0
    CHECK(recommend_instances({uncommitted(250), uncommitted(0), at(10, 60)}, settings).total_lag ==
          50);
}

TEST_CASE("no commit and the partition missing from the log-end answer") {
    // latest counts 1 before the log end is looked at; earliest then finds nothing: 0.
    PartitionOffsets missing{std::nullopt, std::nullopt, {}};
    CHECK(partition_lag(missing, threshold(10)).lag == 1);
    auto earliest = threshold(10);
    earliest.offset_reset_policy = OffsetResetPolicy::Earliest;
    CHECK(partition_lag(missing, earliest).lag == 0);
    CHECK(partition_lag({5, std::nullopt, {}}, earliest).lag == 0);
}

TEST_CASE("caught up everywhere: inactive, scaled to zero") {
    auto result = recommend_instances({at(40, 40), at(7, 7), at(0, 0)}, threshold(10));
    CHECK(result.total_lag == 0);
    CHECK_FALSE(result.active);
    CHECK(result.keda_instances == 0);
    CHECK(result.instances == 0);
}

TEST_CASE("lag on one partition: rounded up, capped at the partition count") {
    auto one = recommend_instances({at(0, 25), at(5, 5), at(9, 9)}, threshold(10));
    CHECK(one.total_lag == 25);
    CHECK(one.partitions_with_lag == 1);
    CHECK(one.keda_instances == 3);
    CHECK(one.instances == 3);
    // limitToPartitionsWithLag: one partition with lag, one instance is all that can work.
    auto limited = threshold(10);
    limited.limit_to_partitions_with_lag = true;
    auto result = recommend_instances({at(0, 25), at(5, 5), at(9, 9)}, limited);
    CHECK(result.metric == 10);
    CHECK(result.keda_instances == 1);
    CHECK(result.instances == 1);
}

TEST_CASE("lag over every partition, far beyond the threshold: one instance per partition") {
    auto result = recommend_instances({at(0, 1000), at(0, 900), at(0, 800)}, threshold(10));
    CHECK(result.total_lag == 2700);
    CHECK(result.metric == 30);  // KEDA reports partitions x threshold
    CHECK(result.keda_instances == 3);
    CHECK(result.instances == 3);
}

TEST_CASE("threshold edges: exactly N thresholds is N instances, one record more is N + 1") {
    CHECK(recommend_instances({at(0, 10), at(0, 10)}, threshold(10)).instances == 2);
    // 21 over two partitions: KEDA's 21 / 10 = 2 is not > 2, the HPA asks for 3.
    auto over = recommend_instances({at(0, 10), at(0, 11)}, threshold(10));
    CHECK(over.keda_instances == 3);
    CHECK(over.instances == 2);
    CHECK(recommend_instances({at(0, 1), at(0, 0), at(0, 0), at(0, 0)}, threshold(10)).instances ==
          1);
    auto four = recommend_instances({at(0, 10), at(0, 10), at(0, 10), at(0, 1)}, threshold(10));
    CHECK(four.total_lag == 31);
    CHECK(four.keda_instances == 4);
    CHECK(four.instances == 4);
}

TEST_CASE("KEDA's integer-division cap lets one instance too many through; ours does not") {
    // 3 partitions, threshold 10, lag 39: 39 / 10 = 3 is not > 3, so KEDA reports 39 uncapped
    // and the HPA asks for ceil(3.9) = 4 instances, one of them idle.
    auto result = recommend_instances({at(0, 13), at(0, 13), at(0, 13)}, threshold(10));
    CHECK(result.total_lag == 39);
    CHECK(result.metric == 39);
    CHECK(result.keda_instances == 4);
    CHECK(result.instances == 3);
    // At 40 KEDA's cap starts to bite (40 / 10 = 4 > 3) and both say 3.
    auto capped = recommend_instances({at(0, 14), at(0, 13), at(0, 13)}, threshold(10));
    CHECK(capped.metric == 30);
    CHECK(capped.keda_instances == 3);
    CHECK(capped.instances == 3);
}

TEST_CASE("allowIdleConsumers: no cap, more instances than partitions") {
    auto settings = threshold(10);
    settings.allow_idle_consumers = true;
    auto result = recommend_instances({at(0, 100), at(0, 100)}, settings);
    CHECK(result.metric == 200);
    CHECK(result.keda_instances == 20);
    CHECK(result.instances == 20);
    // limitToPartitionsWithLag caps even then (KEDA refuses the two together; its code caps).
    settings.limit_to_partitions_with_lag = true;
    CHECK(recommend_instances({at(0, 100), at(0, 100)}, settings).instances == 2);
}

TEST_CASE("activation threshold: lag at or below it keeps zero instances") {
    auto settings = threshold(10);
    settings.activation_lag_threshold = 5;
    auto at_limit = recommend_instances({at(0, 3), at(0, 2)}, settings);
    CHECK(at_limit.total_lag == 5);
    CHECK_FALSE(at_limit.active);
    CHECK(at_limit.keda_instances == 0);
    CHECK(at_limit.instances == 0);
    auto above = recommend_instances({at(0, 3), at(0, 3)}, settings);
    CHECK(above.active);
    CHECK(above.instances == 1);
    // With minReplicaCount 2 the HPA keeps its floor whatever the activity.
    settings.min_replicas = 2;
    CHECK(recommend_instances({at(0, 3), at(0, 2)}, settings).instances == 2);
}

TEST_CASE(
    "excludePersistentLag: a partition stuck since the last poll counts for activation only") {
    auto settings = threshold(10);
    settings.exclude_persistent_lag = true;
    PartitionOffsets stuck{50, 80, 50};
    PartitionOffsets moving{60, 90, 40};
    PartitionOffsets first_seen{0, 30, std::nullopt};
    auto result = recommend_instances({stuck, moving, first_seen}, settings);
    CHECK(result.total_lag == 60);
    CHECK(result.total_lag_with_persistent == 90);
    CHECK(result.partitions_with_lag == 2);
    CHECK(result.instances == 3);
    // Stuck everywhere: nothing to scale on, but active, so one instance stays.
    auto all_stuck = recommend_instances({stuck, {10, 20, 10}}, settings);
    CHECK(all_stuck.total_lag == 0);
    CHECK(all_stuck.active);
    CHECK(all_stuck.keda_instances == 1);
    CHECK(all_stuck.instances == 1);
}

TEST_CASE("excludePersistentLag over polls: KEDA's previousOffsets, poll after poll") {
    auto settings = threshold(10);
    settings.exclude_persistent_lag = true;
    PreviousOffsets memory;
    // One poll: partition 0 stuck at 50 (lag 30), partition 1 moving (lag 30 then 20).
    auto poll = [&](std::optional<int64_t> first, std::optional<int64_t> second) {
        std::vector<PartitionOffsets> partitions = {{first, 80, {}}, {second, 90, {}}};
        memory.carry("orders", 0, partitions[0]);
        memory.carry("orders", 1, partitions[1]);
        return recommend_instances(partitions, settings);
    };
    // The first poll has no memory: everything counts, as KEDA's "not found" case.
    auto first = poll(50, 60);
    CHECK(first.total_lag == 60);
    CHECK(first.instances == 2);
    // The second: partition 0 has not moved, its 30 count for activation only.
    auto second = poll(50, 70);
    CHECK(second.total_lag == 20);
    CHECK(second.total_lag_with_persistent == 50);
    CHECK(second.partitions_with_lag == 1);
    CHECK(second.instances == 2);
    // Partition 0 moves: it counts again.
    auto third = poll(55, 70);
    CHECK(third.total_lag == 25);
    CHECK(third.partitions_with_lag == 1);  // partition 1 is the stuck one now
    // A partition that lost its commit keeps its entry (KEDA returns before its check) ...
    auto lost = poll(std::nullopt, 80);
    CHECK(lost.total_lag == 10 + 1);  // latest: 1 for the partition without a commit
    // ... so committed again where it was, it counts as stuck.
    auto again = poll(55, 85);
    CHECK(again.total_lag == 5);
    CHECK(again.total_lag_with_persistent == 30);
}

TEST_CASE("maxReplicaCount bounds both numbers") {
    auto settings = threshold(1);
    settings.max_replicas = 2;
    auto result = recommend_instances({at(0, 5), at(0, 5), at(0, 5)}, settings);
    CHECK(result.keda_instances == 2);
    CHECK(result.instances == 2);
}

TEST_CASE("a threshold of zero is refused, as KEDA refuses the trigger") {
    CHECK_THROWS_AS(recommend_instances({at(0, 1)}, threshold(0)), std::invalid_argument);
}
