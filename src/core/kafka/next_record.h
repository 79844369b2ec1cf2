// The timestamps of the records a group will read next: what `offsets` needs for time-behind
// (how old the oldest unprocessed order is) without a member of the group reading anything.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/kafka/client.h"

namespace orderctl::core::kafka {

using TopicPartition = std::pair<std::string, int32_t>;

struct NextRecord {
    // The record's timestamp (CreateTime or LogAppendTime, as the topic keeps it); nullopt when
    // none came within the wait, the offset is no longer in the log, or the read failed.
    std::optional<int64_t> timestamp_ms;
    // No record at or after the offset: only transaction markers (or aborted records) were
    // between it and the log end, so there is nothing left to read.
    bool at_end = false;
};

// For each partition, the first record at or after its offset (a committed offset: the next
// one the group reads). One consumer without a group assigned to all of them, fetching a
// little from each, for at most `wait`; a partition that answers nothing in time is unknown.
// Reads nothing (and makes no client) when `offsets` is empty.
std::map<TopicPartition, NextRecord> next_records(const std::vector<Setting>& properties,
                                                  ClientOptions options,
                                                  const std::map<TopicPartition, int64_t>& offsets,
                                                  std::chrono::milliseconds wait);

}  // namespace orderctl::core::kafka
