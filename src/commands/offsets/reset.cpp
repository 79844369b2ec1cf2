// `orderctl offsets reset`: the plan (per partition, current -> new, clamped to the log), shown,
// exported with --export, applied with --execute only while the group has no active member and
// only if the committed offsets are still those the plan was made from.
#include <fstream>
#include <map>
#include <set>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/partial.h"
#include "commands/offsets/offsets.h"
#include "commands/offsets/view.h"
#include "core/error.h"
#include "core/plan/offset_plan.h"
#include "core/time_spec.h"

namespace orderctl::commands {
namespace {

using core::Error;
using core::ErrorKind;

const char* kModes =
    "--to-earliest, --to-latest, --to-offset, --to-datetime, --shift-by or --from-file";

core::ResetRequest reset_request(const OffsetsResetOptions& options) {
    core::ResetRequest request;
    int given = 0;
    if (options.to_earliest) ++given, request.mode = core::ResetMode::ToEarliest;
    if (options.to_latest) ++given, request.mode = core::ResetMode::ToLatest;
    if (options.to_offset) {
        ++given;
        request.mode = core::ResetMode::ToOffset;
        request.value = *options.to_offset;
    }
    if (!options.to_datetime.empty()) {
        ++given;
        request.mode = core::ResetMode::ToDatetime;
        request.datetime = options.to_datetime;
        auto ms = core::parse_rfc3339_ms(options.to_datetime);
        if (!ms)
            throw Error(ErrorKind::Usage,
                        "--to-datetime '" + options.to_datetime + "' is not an RFC 3339 date-time",
                        "for example 2026-11-27T08:00:00Z or 2026-11-27T09:00:00+01:00");
        request.value = *ms;
    }
    if (options.shift_by) {
        ++given;
        request.mode = core::ResetMode::ShiftBy;
        request.value = *options.shift_by;
    }
    if (!options.from_file.empty()) ++given;
    if (given != 1)
        throw Error(ErrorKind::Usage,
                    std::string(given == 0 ? "say where to move the offsets"
                                           : "give only one way to move the offsets") +
                        ": one of " + kModes);
    return request;
}

// The partitions of --topic arguments, checked against the cluster.
std::map<std::string, std::vector<int32_t>> selected_partitions(
    core::kafka::Admin& admin, const std::vector<std::string>& specs,
    std::map<std::string, core::kafka::TopicInfo>& infos) {
    std::map<std::string, std::vector<int32_t>> selected;
    for (const auto& spec : specs) {
        auto selection = core::parse_topic_selection(spec);
        if (!infos.count(selection.topic)) {
            auto info = admin.topic(selection.topic);
            if (!info)
                throw Error(ErrorKind::Failure, "topic '" + selection.topic + "' does not exist",
                            "'orderctl topics list' shows the topics there are");
            admin.fill_offsets(*info);
            infos.emplace(selection.topic, std::move(*info));
        }
        const auto& info = infos.at(selection.topic);
        std::set<int32_t> known;
        for (const auto& partition : info.partitions) known.insert(partition.id);
        auto& ids = selected[selection.topic];
        if (selection.partitions.empty()) {
            ids.assign(known.begin(), known.end());
            continue;
        }
        for (int32_t id : selection.partitions) {
            if (!known.count(id))
                throw Error(ErrorKind::Usage, "topic '" + selection.topic + "' has no partition " +
                                                  std::to_string(id) + " (it has " +
                                                  std::to_string(known.size()) + ")");
            ids.push_back(id);
        }
    }
    return selected;
}

const core::kafka::PartitionInfo& partition_info(
    const std::map<std::string, core::kafka::TopicInfo>& infos, const std::string& topic,
    int32_t id) {
    for (const auto& partition : infos.at(topic).partitions)
        if (partition.id == id) {
            if (partition.log_start < 0 || partition.log_end < 0)
                throw Error(ErrorKind::Failure, "the log offsets of " + topic + ":" +
                                                    std::to_string(id) +
                                                    " are unknown: " + partition.error);
            return partition;
        }
    throw Error(ErrorKind::Failure, "topic '" + topic + "' has no partition " + std::to_string(id));
}

core::OffsetPlan make_plan(cli::Context& context, core::kafka::Admin& admin,
                           const std::string& group, const core::ResetRequest& request,
                           const std::vector<std::string>& topic_specs) {
    std::map<std::string, core::kafka::TopicInfo> infos;
    auto selected = selected_partitions(admin, topic_specs, infos);
    auto committed = offsets::committed_offsets(context, admin, group, selected);
    std::vector<core::PartitionPosition> positions;
    for (const auto& [topic, ids] : selected) {
        std::map<int32_t, int64_t> at_time;
        if (request.mode == core::ResetMode::ToDatetime)
            at_time = admin.offsets_for_time(topic, ids, request.value);
        for (int32_t id : ids) {
            const auto& info = partition_info(infos, topic, id);
            core::PartitionPosition position{topic,          id,           std::nullopt,
                                             info.log_start, info.log_end, std::nullopt};
            if (committed.count(topic) && committed[topic].count(id))
                position.committed = committed[topic][id];
            if (at_time.count(id) && at_time[id] >= 0) position.offset_at_time = at_time[id];
            positions.push_back(position);
        }
    }
    return core::plan_reset(group, request, positions);
}

// A plan from a file, its targets clamped again to the logs as they are now (retention may
// have removed records since it was made).
core::OffsetPlan refresh_plan(core::kafka::Admin& admin, core::OffsetPlan plan) {
    std::map<std::string, core::kafka::TopicInfo> infos;
    std::vector<std::string> topics;
    for (const auto& partition : plan.partitions) topics.push_back(partition.topic);
    selected_partitions(admin, topics, infos);
    for (auto& partition : plan.partitions) {
        const auto& info = partition_info(infos, partition.topic, partition.partition);
        partition.log_start = info.log_start;
        partition.log_end = info.log_end;
        if (partition.target) {
            core::Clamp clamped;
            partition.target =
                core::clamp_offset(*partition.target, info.log_start, info.log_end, clamped);
            if (clamped != core::Clamp::None) partition.clamped = clamped;
        }
    }
    return plan;
}

std::string note_of(const core::PlannedPartition& partition) {
    std::string note = partition.note;
    if (partition.clamped != core::Clamp::None)
        note =
            "clamped to " + core::clamp_name(partition.clamped) + (note.empty() ? "" : "; " + note);
    return note;
}

void print_plan(cli::Context& context, const core::OffsetPlan& plan,
                const std::map<std::pair<std::string, int32_t>, std::string>& status,
                bool executed) {
    cli::Json data = cli::Json::parse(core::plan_to_json(plan));
    data.erase("format");
    data.erase("version");
    data["executed"] = executed;
    cli::Table table{
        {"group", "topic", "partition", "current", "new", "log-start", "log-end", "status", "note"},
        {}};
    size_t index = 0;
    for (const auto& partition : plan.partitions) {
        auto found = status.find({partition.topic, partition.partition});
        std::string state = found != status.end() ? found->second
                            : !partition.target   ? "left-alone"
                            : executed            ? "unchanged"
                                                  : "planned";
        data["partitions"][index++]["status"] = state;
        table.rows.push_back({plan.group, partition.topic, std::to_string(partition.partition),
                              partition.current ? std::to_string(*partition.current) : "-",
                              partition.target ? std::to_string(*partition.target) : "-",
                              std::to_string(partition.log_start),
                              std::to_string(partition.log_end), state, note_of(partition)});
    }
    cli::print_result(context.output_format(), data, table);
}

std::string moved_text(const std::vector<core::MovedPartition>& moved) {
    std::string text;
    auto offset = [](const std::optional<int64_t>& value) {
        return value ? std::to_string(*value) : std::string("none");
    };
    for (const auto& partition : moved)
        text += (text.empty() ? "" : ", ") + partition.topic + ":" +
                std::to_string(partition.partition) + " (planned from " +
                offset(partition.planned) + ", now " + offset(partition.now) + ")";
    return text;
}

}  // namespace

int run_offsets_reset(cli::Context& context, const OffsetsResetOptions& options) {
    auto request = reset_request(options);
    if (options.from_file.empty()) {
        if (options.group.empty())
            throw Error(ErrorKind::Usage, "--group is required", "name the group to reset");
        if (options.topics.empty())
            throw Error(ErrorKind::Usage, "--topic is required",
                        "name the topic (TOPIC, or TOPIC:PARTITION,... for some partitions)");
    } else if (!options.topics.empty()) {
        throw Error(ErrorKind::Usage, "--topic does not go with --from-file",
                    "the plan file names its partitions");
    }
    core::OffsetPlan file_plan;
    if (!options.from_file.empty()) {
        file_plan = core::load_plan(options.from_file, "check the path given to --from-file");
        if (!options.group.empty() && options.group != file_plan.group)
            throw Error(ErrorKind::Usage, "the plan " + options.from_file + " is for group '" +
                                              file_plan.group + "', not '" + options.group + "'");
    }

    core::kafka::Admin admin(context.profile().librdkafka_properties(), context.client_options());
    core::OffsetPlan plan = options.from_file.empty()
                                ? make_plan(context, admin, options.group, request, options.topics)
                                : refresh_plan(admin, file_plan);
    for (const auto& partition : plan.partitions)
        if (partition.clamped != core::Clamp::None && partition.target)
            cli::print_note(partition.topic + ":" + std::to_string(partition.partition) +
                            ": clamped to " + core::clamp_name(partition.clamped) + " " +
                            std::to_string(*partition.target));

    if (!options.export_file.empty()) {
        std::ofstream out(options.export_file, std::ios::trunc);
        out << core::plan_to_json(plan);
        out.close();
        if (!out)
            throw Error(ErrorKind::Failure, "cannot write the plan to " + options.export_file);
        cli::print_note("plan written to " + options.export_file);
    }

    std::map<std::string, std::vector<int32_t>> planned;
    for (const auto& partition : plan.partitions)
        planned[partition.topic].push_back(partition.partition);
    auto moved = core::moved_since_plan(
        plan, offsets::committed_offsets(context, admin, plan.group, planned));
    if (!options.execute) {
        print_plan(context, plan, {}, false);
        if (!moved.empty())
            cli::print_warning("the group moved since this plan was made: " + moved_text(moved));
        cli::print_note("nothing changed; add --execute to apply this plan");
        return cli::kExitOk;
    }

    offsets::require_inactive(admin, plan.group, "reset the offsets");
    // Read again after the member check: a consumer that committed and left meanwhile counts.
    moved = core::moved_since_plan(plan,
                                   offsets::committed_offsets(context, admin, plan.group, planned));
    if (!moved.empty())
        throw Error(ErrorKind::Failure,
                    "the plan is stale: the group's committed offsets moved since it was made: " +
                        moved_text(moved),
                    "make a new plan (without --from-file, or --export it again) and check it");

    core::kafka::GroupOffsets targets;
    for (const auto& partition : plan.partitions)
        if (partition.target) targets[partition.topic][partition.partition] = *partition.target;
    std::map<std::pair<std::string, int32_t>, std::string> status;
    size_t failed = 0;
    if (!targets.empty()) {
        for (const auto& result : admin.alter_group_offsets(plan.group, targets)) {
            status[{result.topic, result.partition}] = result.ok() ? "reset" : "failed";
            if (!result.ok()) {
                ++failed;
                cli::print_error("cannot reset " + result.topic + ":" +
                                 std::to_string(result.partition) + ": " + result.message);
            }
        }
    }
    print_plan(context, plan, status, true);
    return cli::batch_exit(failed, status.size(), "no offset was reset",
                           "partitions were not reset");
}

}  // namespace orderctl::commands
