#include "commands/offsets/view.h"

#include <chrono>
#include <cmath>
#include <map>
#include <set>

#include "cli/diagnostics.h"
#include "core/error.h"
#include "core/kafka/group_admin.h"
#include "core/kafka/next_record.h"
#include "core/metrics/lag_trend.h"

namespace orderctl::commands::offsets {
namespace {

using core::Error;
using core::ErrorKind;

cli::Json optional_json(const std::optional<int64_t>& value) {
    return value ? cli::Json(*value) : cli::Json();
}

std::string optional_text(const std::optional<int64_t>& value) {
    return value ? std::to_string(*value) : "-";
}

std::string members_text(const std::vector<core::kafka::GroupMember>& members) {
    std::string text;
    for (const auto& member : members)
        text += (text.empty() ? "" : ", ") + member.client_id + " (" + member.host + ")";
    return text;
}

}  // namespace

const std::vector<std::string>& reduced_columns() {
    static const std::vector<std::string> columns = {"state", "members", "owner"};
    return columns;
}

GroupReader::GroupReader(cli::Context& context)
    : context_(context),
      admin_(context.profile().librdkafka_properties(), context.client_options()) {}

std::vector<GroupView> GroupReader::snapshot(const std::vector<std::string>& groups,
                                             const std::string& topic) {
    // One metadata request and one offsets query per topic, for every group of the snapshot.
    std::vector<core::kafka::TopicInfo> topics;
    for (auto& info : admin_.topics()) {
        if (info.internal || (!topic.empty() && info.name != topic)) continue;
        admin_.fill_offsets(info);
        topics.push_back(std::move(info));
    }
    if (!topic.empty() && topics.empty())
        throw Error(ErrorKind::Failure, "topic '" + topic + "' does not exist",
                    "'orderctl topics list' shows the topics there are");
    std::vector<GroupView> views;
    for (const auto& group : groups) views.push_back(read_group(group, topic, topics));
    return views;
}

GroupView GroupReader::read_group(const std::string& group, const std::string& topic,
                                  const std::vector<core::kafka::TopicInfo>& topics) {
    GroupView view;
    view.group = group;
    // Without the group admin calls (the dev broker) the description is empty and its error
    // says why; the offsets then come by OffsetFetch, partition by partition.
    view.reduced = !admin_.has_group_admin();
    auto description = admin_.describe_group(group);
    view.state = description.state;
    view.describe_error = description.error;
    view.members = description.members;

    core::kafka::GroupOffsets committed;
    if (view.reduced) {
        // No ListConsumerGroupOffsets for "every topic" there: name the partitions instead.
        std::map<std::string, std::vector<int32_t>> partitions;
        for (const auto& info : topics)
            for (const auto& partition : info.partitions)
                partitions[info.name].push_back(partition.id);
        committed = core::kafka::fetch_committed(context_.profile().librdkafka_properties(),
                                                 context_.client_options(), group, partitions);
    } else {
        committed = admin_.committed_offsets(group);
    }

    std::map<std::pair<std::string, int32_t>, std::string> owners;
    for (const auto& member : view.members)
        for (const auto& assigned : member.assignment)
            owners[assigned] = member.client_id + "@" + member.host;
    // The topics to show: the one asked for, else those the group committed on or owns.
    std::set<std::string> names;
    if (!topic.empty())
        names.insert(topic);
    else {
        for (const auto& [name, partitions] : committed) names.insert(name);
        for (const auto& [assigned, owner] : owners) names.insert(assigned.first);
    }
    for (const auto& info : topics) {
        if (!names.count(info.name)) continue;
        auto topic_commits = committed.find(info.name);
        for (const auto& partition : info.partitions) {
            PartitionRow row;
            row.topic = info.name;
            row.partition = partition.id;
            if (topic_commits != committed.end()) {
                auto found = topic_commits->second.find(partition.id);
                if (found != topic_commits->second.end()) row.committed = found->second;
            }
            if (partition.log_end >= 0) row.log_end = partition.log_end;
            // No commit: the lag is unknown, not a made-up number.
            if (!row.committed || !row.log_end) ++view.unknown_lag_partitions;
            if (row.committed && row.log_end) {
                row.lag = *row.log_end - *row.committed;
                if (*row.lag > 0) view.known_lag += *row.lag;
                view.total_committed += *row.committed;
                view.total_log_end += *row.log_end;
            }
            auto owner = owners.find({info.name, partition.id});
            if (owner != owners.end()) row.owner = owner->second;
            view.partitions.push_back(std::move(row));
        }
    }
    fill_time_behind(view);
    for (const auto& name : names) {
        bool known = false;
        for (const auto& info : topics) known = known || info.name == name;
        if (!known)
            cli::print_warning("group '" + group + "': topic '" + name + "' does not exist");
    }
    return view;
}

void GroupReader::fill_time_behind(GroupView& view) {
    std::map<core::kafka::TopicPartition, int64_t> lagging;
    for (auto& row : view.partitions) {
        if (row.lag && *row.lag <= 0) row.time_behind = 0.0;  // nothing left to read
        if (row.lag && *row.lag > 0) lagging[{row.topic, row.partition}] = *row.committed;
    }
    if (lagging.empty()) return;
    // A partition whose leader does not answer must not hold the whole view up for long.
    const auto wait = std::min<std::chrono::milliseconds>(context_.client_options().timeout,
                                                          std::chrono::seconds(5));
    auto next = core::kafka::next_records(context_.profile().librdkafka_properties(),
                                          context_.client_options(), lagging, wait);
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    for (auto& row : view.partitions) {
        auto found = next.find({row.topic, row.partition});
        if (found == next.end()) continue;
        if (found->second.at_end)
            row.time_behind = 0.0;  // only transaction markers were left
        else if (found->second.timestamp_ms)
            // A producer's clock ahead of ours is not "ahead of now": at most caught up.
            row.time_behind = std::max<int64_t>(0, now_ms - *found->second.timestamp_ms) / 1000.0;
    }
}

std::vector<std::string> chosen_groups(cli::Context& context, const OffsetsOptions& options,
                                       core::kafka::Admin& admin) {
    std::vector<std::string> groups = options.groups;
    const auto& profile = context.profile();
    for (const auto& role : options.roles) groups.push_back(profile.role_group(role));
    if (options.all_groups) {
        try {
            for (const auto& listing : admin.list_groups()) groups.push_back(listing.group);
        } catch (const Error& error) {
            if (error.kind() == ErrorKind::Unreachable) throw;
            throw Error(ErrorKind::Failure,
                        std::string("cannot list the consumer groups: ") + error.what(),
                        "the embedded dev broker has no ListGroups; name the groups with --group");
        }
        if (groups.empty()) cli::print_note("the cluster has no consumer groups");
    } else if (groups.empty()) {
        for (const char* role : {"inventory", "payment", "fulfillment"})
            groups.push_back(profile.role_group(role));
    }
    // Each group once, in the order first named.
    std::vector<std::string> unique;
    std::set<std::string> seen;
    for (auto& group : groups)
        if (seen.insert(group).second) unique.push_back(group);
    return unique;
}

core::kafka::GroupOffsets committed_offsets(
    cli::Context& context, core::kafka::Admin& admin, const std::string& group,
    const std::map<std::string, std::vector<int32_t>>& partitions) {
    if (!admin.has_group_admin())
        return core::kafka::fetch_committed(context.profile().librdkafka_properties(),
                                            context.client_options(), group, partitions);
    auto all = admin.committed_offsets(group);
    core::kafka::GroupOffsets selected;
    for (const auto& [topic, ids] : partitions)
        for (int32_t id : ids)
            if (all.count(topic) && all[topic].count(id)) selected[topic][id] = all[topic][id];
    return selected;
}

cli::Json group_json(const GroupView& view) {
    cli::Json members = cli::Json::array();
    for (const auto& member : view.members)
        members.push_back({{"client_id", member.client_id},
                           {"host", member.host},
                           {"consumer_id", member.consumer_id}});
    cli::Json partitions = cli::Json::array();
    size_t committed_partitions = 0;
    for (const auto& row : view.partitions) {
        if (row.committed) ++committed_partitions;
        partitions.push_back({{"topic", row.topic},
                              {"partition", row.partition},
                              {"committed", optional_json(row.committed)},
                              {"log_end", optional_json(row.log_end)},
                              {"lag", optional_json(row.lag)},
                              {"time_behind_seconds", time_behind_json(row.time_behind)},
                              {"owner", row.owner.empty() ? cli::Json() : cli::Json(row.owner)}});
    }
    cli::Json entry = {{"group", view.group},
                       {"state", view.state},
                       {"members", members},
                       {"partitions", partitions},
                       {"total_lag", optional_json(view.total_lag())},
                       {"time_behind_seconds", time_behind_json(view.time_behind())},
                       {"totals",
                        {{"partitions", view.partitions.size()},
                         {"committed_partitions", committed_partitions},
                         {"committed", view.total_committed},
                         {"log_end", view.total_log_end},
                         {"lag", optional_json(view.total_lag())},
                         {"known_lag", view.known_lag},
                         {"unknown_lag_partitions", view.unknown_lag_partitions}}}};
    if (!view.describe_error.empty()) entry["describe_error"] = view.describe_error;
    entry["unavailable"] = view.reduced ? cli::Json(reduced_columns()) : cli::Json::array();
    return entry;
}

cli::Json time_behind_json(const std::optional<double>& seconds) {
    return seconds ? cli::Json(std::round(*seconds * 1000) / 1000) : cli::Json();
}

std::string time_behind_text(const std::optional<double>& seconds) {
    return seconds ? core::format_duration(*seconds) : "-";
}

cli::Table offsets_table() {
    return cli::Table{
        {"group", "topic", "partition", "committed", "log-end", "lag", "time-behind", "owner"}, {}};
}

void add_group_rows(cli::Table& table, const GroupView& view) {
    for (const auto& row : view.partitions)
        table.rows.push_back({view.group, row.topic, std::to_string(row.partition),
                              optional_text(row.committed), optional_text(row.log_end),
                              optional_text(row.lag), time_behind_text(row.time_behind),
                              view.reduced ? "?" : row.owner});
    std::string state = view.reduced ? "state unknown" : view.state;
    if (!view.members.empty())
        state += ", members: " + members_text(view.members);
    else if (!view.reduced)
        state += ", no members";
    // An unknown total says how much of it is known, and why it is not all.
    if (view.unknown_lag_partitions > 0)
        state += ", lag unknown on " + std::to_string(view.unknown_lag_partitions) +
                 " partition(s) (no commit), " + std::to_string(view.known_lag) + " on the others";
    table.rows.push_back(
        {view.group, view.partitions.empty() ? "(no committed offsets)" : "(total)", "", "", "",
         optional_text(view.total_lag()), time_behind_text(view.time_behind()), state});
}

std::vector<std::string> lag_breaches(const std::vector<GroupView>& views, int64_t max_lag) {
    std::vector<std::string> breaches;
    const std::string limit = "more than --max-lag " + std::to_string(max_lag);
    for (const auto& view : views) {
        // A group that never committed is not keeping up: its lag cannot be shown to be
        // within the limit, so a CI check must not pass on it.
        if (view.partitions.empty())
            breaches.push_back(view.group + " has no committed offsets; its lag is unknown, " +
                               "counted as " + limit);
        for (const auto& row : view.partitions) {
            const std::string where =
                view.group + " " + row.topic + "[" + std::to_string(row.partition) + "]";
            if (row.lag && *row.lag > max_lag)
                breaches.push_back(where + " lags " + std::to_string(*row.lag) + " records, " +
                                   limit);
            else if (!row.committed && row.log_end && *row.log_end > 0)
                breaches.push_back(where + " has no committed offset and records up to offset " +
                                   std::to_string(*row.log_end) + ", counted as " + limit);
        }
    }
    return breaches;
}

void note_reduced(const std::vector<GroupView>& views) {
    for (const auto& view : views) {
        if (!view.reduced) continue;
        cli::print_note(
            "this cluster cannot describe groups (the embedded dev broker has no "
            "DescribeGroups): committed offsets, log end and lag are shown; state, members and "
            "owner are not known");
        return;
    }
}

core::kafka::GroupDescription require_inactive(core::kafka::Admin& admin, const std::string& group,
                                               const std::string& doing) {
    auto description = admin.describe_group(group);
    if (!description.error.empty())
        throw Error(ErrorKind::Failure,
                    "cannot " + doing + " of group '" + group +
                        "': its members cannot be checked (" + description.error + ")",
                    "the embedded dev broker has no DescribeGroups; stop the group's consumers "
                    "and use a real cluster");
    // Event Hubs reports an idle group as Dead rather than Empty: both mean no one consumes.
    const bool inactive = description.state == "Empty" || description.state == "Dead";
    if (inactive && description.members.empty()) return description;
    std::string who = members_text(description.members);
    throw Error(ErrorKind::Failure,
                "cannot " + doing + " of group '" + group + "': it is " + description.state +
                    (who.empty() ? std::string(" (not Empty)") : " with active members: " + who),
                "stop the group's consumers first; 'orderctl offsets -g " + group + "' shows them");
}

}  // namespace orderctl::commands::offsets
