// librdkafka's topic-partition list, owned, and the offsets-for-times lookup built on it that
// consumers and the admin client share.
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/kafka/client.h"

namespace orderctl::core::kafka {

// An rd_kafka_topic_partition_list_t destroyed with its owner.
struct PartitionList {
    rd_kafka_topic_partition_list_t* list;
    explicit PartitionList(int size) : list(rd_kafka_topic_partition_list_new(size)) {}
    // Takes ownership of a list librdkafka handed out (rd_kafka_assignment, ...).
    explicit PartitionList(rd_kafka_topic_partition_list_t* owned) : list(owned) {}
    ~PartitionList() { rd_kafka_topic_partition_list_destroy(list); }
    PartitionList(const PartitionList&) = delete;
    PartitionList& operator=(const PartitionList&) = delete;
};

// How offsets_for_times reports what went wrong. By default a failed request is
// Error(Unreachable) when it timed out, else Error(Failure), both "cannot look up offsets of
// 'TOPIC': ...", and a partition's own error leaves librdkafka's offset in the result.
struct OffsetLookupPolicy {
    // A timed-out request throws the client's timeout_error (it names the brokers and the last
    // failure seen) instead.
    bool timeout_names_brokers = false;
    // A partition's own error throws Error(Failure) naming the partition instead.
    bool partition_error_fails = false;
};

// Per partition of `topic`, the first offset whose timestamp is at or after `timestamp_ms` (-1:
// none), or the log end for RD_KAFKA_OFFSET_END, within the client's timeout. The connection is
// checked after a failed request (Error(Unreachable) when it is gone for good).
std::map<int32_t, int64_t> offsets_for_times(Client& client, const std::string& topic,
                                             const std::vector<int32_t>& partitions,
                                             int64_t timestamp_ms, OffsetLookupPolicy policy = {});

// OffsetFetch as the client's group.id: the committed offsets (the next offset to read) of these
// partitions (topic -> partitions), partitions without a commit left out, within timeout_ms.
// Returns librdkafka's error code of the request, 0 when it answered (and `committed` is filled).
// Asks nothing when no partition is named.
int fetch_committed_offsets(Client& client,
                            const std::map<std::string, std::vector<int32_t>>& partitions,
                            int timeout_ms,
                            std::map<std::string, std::map<int32_t, int64_t>>& committed);

}  // namespace orderctl::core::kafka
