// Moving a consumer group's committed offsets: the plan (per partition, current -> new, clamped
// to what the log still holds), its JSON file format, and the staleness check done before a plan
// is applied. Pure logic, so the rules are unit-tested and the file parser fuzzed without a broker.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orderctl::core {

enum class ResetMode { ToEarliest, ToLatest, ToOffset, ToDatetime, ShiftBy };

struct ResetRequest {
    ResetMode mode = ResetMode::ToEarliest;
    int64_t value = 0;     // the offset (ToOffset), the shift (ShiftBy), epoch ms (ToDatetime)
    std::string datetime;  // ToDatetime: the RFC 3339 text, kept for the plan's description
};

// Where a partition stands now, as the cluster says.
struct PartitionPosition {
    std::string topic;
    int32_t partition = 0;
    std::optional<int64_t> committed;  // nullopt: the group has no commit here
    int64_t log_start = 0;
    int64_t log_end = 0;
    // ToDatetime: the first offset whose timestamp is at or after the time; nullopt: none is.
    std::optional<int64_t> offset_at_time;
};

enum class Clamp { None, LogStart, LogEnd };

struct PlannedPartition {
    std::string topic;
    int32_t partition = 0;
    std::optional<int64_t> current;  // the committed offset the plan was made from
    std::optional<int64_t> target;   // the new committed offset; nullopt: left alone
    int64_t log_start = 0;
    int64_t log_end = 0;
    Clamp clamped = Clamp::None;  // the asked-for offset was outside [log_start, log_end]
    std::string note;             // why it is left alone, or what a time resolved to
};

struct OffsetPlan {
    std::string group;
    std::string mode;  // "to-earliest", "to-offset 42", "shift-by -10", ...
    std::vector<PlannedPartition> partitions;
};

// A --topic argument: "orders" (every partition) or "orders:0,2,5". Throws Error(Usage).
struct TopicSelection {
    std::string topic;
    std::vector<int32_t> partitions;  // empty: all
};
TopicSelection parse_topic_selection(const std::string& text);

// One line of text per mode, as the plan and its file name it.
std::string describe_reset(const ResetRequest& request);

// The plan for `positions` (sorted by topic and partition in the result).
OffsetPlan plan_reset(const std::string& group, const ResetRequest& request,
                      const std::vector<PartitionPosition>& positions);

// Clamps `offset` to [log_start, log_end]; says which bound it hit.
int64_t clamp_offset(int64_t offset, int64_t log_start, int64_t log_end, Clamp& clamped);

std::string clamp_name(Clamp clamp);  // "", "log-start", "log-end"

// The plan file (documented in docs/json-output.md): a JSON object
//   {"format": "orderctl-offset-plan", "version": 1, "group": G, "mode": M,
//    "partitions": [{"topic", "partition", "current", "new", "log_start", "log_end",
//                    "clamped", "note"}]}
// `current` and `new` may be null (no commit / left alone).
std::string plan_to_json(const OffsetPlan& plan);
// Throws Error(Config) naming `origin` (a file name) and what is wrong, with line and column
// for JSON syntax errors.
OffsetPlan parse_plan(std::string_view text, const std::string& origin);
// Reads and parses the plan file at `path`; Error(Config) with `hint` when it cannot be read (the
// caller says where the path came from, e.g. a flag of its command).
OffsetPlan load_plan(const std::string& path, const std::string& hint = {});

// topic -> partition -> committed offset, as read from the cluster now.
using CommittedOffsets = std::map<std::string, std::map<int32_t, int64_t>>;

struct MovedPartition {
    std::string topic;
    int32_t partition = 0;
    std::optional<int64_t> planned;  // the plan's current
    std::optional<int64_t> now;      // the committed offset now
};

// Partitions whose committed offset is no longer the plan's `current`: a plan made before the
// group moved on must not be applied (it would rewind or skip what happened since).
std::vector<MovedPartition> moved_since_plan(const OffsetPlan& plan,
                                             const CommittedOffsets& committed);

}  // namespace orderctl::core
