// What `offsets` shows and `offsets --watch` refreshes: one snapshot of groups, partitions,
// committed and log-end offsets, lag and owners, read through one admin client. Also the
// checks the reset and delete verbs share.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/context.h"
#include "commands/offsets/offsets.h"
#include "core/kafka/admin.h"

namespace orderctl::commands::offsets {

struct PartitionRow {
    std::string topic;
    int32_t partition = 0;
    std::optional<int64_t> committed;  // nullopt: no commit
    std::optional<int64_t> log_end;    // nullopt: the leader did not answer
    std::optional<int64_t> lag;        // nullopt when either is unknown
    std::string owner;                 // client-id@host, empty when none (or unknown)
    // Seconds from the timestamp of the record at the committed offset (the next one the group
    // reads) to now; 0 when caught up; nullopt when no commit, or the record could not be read.
    std::optional<double> time_behind;
};

struct GroupView {
    std::string group;
    std::string state;  // "unknown" where the cluster cannot describe groups
    std::vector<core::kafka::GroupMember> members;
    std::vector<PartitionRow> partitions;
    int64_t known_lag = 0;              // over the partitions with a known lag (a lower bound)
    size_t unknown_lag_partitions = 0;  // no commit, or no log end
    int64_t total_committed = 0;        // sum of committed offsets (for the watch's rates)
    int64_t total_log_end = 0;          // sum of the log ends of the committed partitions
    std::string describe_error;         // why state and owners are unknown
    bool reduced = false;               // read without the group admin calls (dev broker)

    // The group's total lag, known only when every partition's lag is: a group with no
    // committed offset anywhere, or one partition without, has an unknown total (null, `-`).
    std::optional<int64_t> total_lag() const {
        if (partitions.empty() || unknown_lag_partitions > 0) return std::nullopt;
        return known_lag;
    }
    // The partition furthest behind in time, known only when every partition's time-behind is.
    std::optional<double> time_behind() const {
        if (partitions.empty()) return std::nullopt;
        double worst = 0;
        for (const auto& row : partitions) {
            if (!row.time_behind) return std::nullopt;
            worst = std::max(worst, *row.time_behind);
        }
        return worst;
    }
};

// The columns a reduced view cannot fill, as JSON's "unavailable" lists them.
const std::vector<std::string>& reduced_columns();

class GroupReader {
  public:
    explicit GroupReader(cli::Context& context);
    core::kafka::Admin& admin() { return admin_; }

    // One snapshot of `groups`, limited to `topic` when not empty.
    std::vector<GroupView> snapshot(const std::vector<std::string>& groups,
                                    const std::string& topic);

  private:
    cli::Context& context_;
    core::kafka::Admin admin_;
    GroupView read_group(const std::string& group, const std::string& topic,
                         const std::vector<core::kafka::TopicInfo>& topics);
    // Time-behind of each partition of `view`: the records at the committed offsets of the
    // lagging ones are read (one consumer, a bounded wait), the others are 0 or unknown.
    void fill_time_behind(GroupView& view);
};

// The groups the options name: --group, --role, --all-groups, else the three role groups.
std::vector<std::string> chosen_groups(cli::Context& context, const OffsetsOptions& options,
                                       core::kafka::Admin& admin);

// Committed offsets of `group` on `partitions` (topic -> partitions): ListConsumerGroupOffsets,
// or OffsetFetch through a consumer handle where the cluster lacks the group admin calls.
core::kafka::GroupOffsets committed_offsets(
    cli::Context& context, core::kafka::Admin& admin, const std::string& group,
    const std::map<std::string, std::vector<int32_t>>& partitions);

cli::Json group_json(const GroupView& view);
// Seconds behind as JSON (millisecond precision, null when unknown) and as a table cell.
cli::Json time_behind_json(const std::optional<double>& seconds);
std::string time_behind_text(const std::optional<double>& seconds);
// Rows of one group: its partitions, then a total row.
void add_group_rows(cli::Table& table, const GroupView& view);
cli::Table offsets_table();
// What --max-lag refuses, one line each: a partition lagging more than `max_lag`, a partition
// with records and no commit, a group with no committed offsets at all.
std::vector<std::string> lag_breaches(const std::vector<GroupView>& views, int64_t max_lag);
// The note for a reduced view, on stderr.
void note_reduced(const std::vector<GroupView>& views);

// Throws Error(Failure) naming the members (client id, host) when `group` has any, or when its
// state cannot be known. Event Hubs reports idle groups as Dead: like Empty, that is inactive.
core::kafka::GroupDescription require_inactive(core::kafka::Admin& admin, const std::string& group,
                                               const std::string& doing);

}  // namespace orderctl::commands::offsets
