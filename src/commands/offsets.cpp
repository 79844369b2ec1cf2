#include "commands/offsets.h"

#include <map>
#include <memory>
#include <set>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "core/error.h"
#include "core/kafka/admin.h"

namespace orderctl::commands {
namespace {

using core::Error;
using core::ErrorKind;

cli::Json offset_or_null(int64_t offset) {
    return offset < 0 ? cli::Json() : cli::Json(offset);
}

}  // namespace

void setup_offsets(CLI::App& command, cli::Context& context, cli::Action& action) {
    auto o = std::make_shared<OffsetsOptions>();
    command.add_option("-g,--group", o->groups, "Consumer group (repeatable)")
        ->allow_extra_args(false);
    command.add_option("--role", o->roles, "The group of a role (repeatable)")
        ->check(CLI::IsMember({"inventory", "payment", "fulfillment"}))
        ->allow_extra_args(false);
    command.add_option("-t,--topic", o->topic, "Only this topic");
    command
        .add_option("--max-lag", o->max_lag,
                    "Exit 4 when any partition lags more than N records (CI check)")
        ->check(CLI::NonNegativeNumber);
    command.callback(
        [&context, &action, o] { action = [&context, o] { return run_offsets(context, *o); }; });
}

int run_offsets(cli::Context& context, const OffsetsOptions& options) {
    const auto& profile = context.profile();
    std::vector<std::string> groups = options.groups;
    for (const auto& role : options.roles) groups.push_back(profile.role_group(role));
    if (groups.empty())
        for (const char* role : {"inventory", "payment", "fulfillment"})
            groups.push_back(profile.role_group(role));

    core::kafka::Admin admin(profile.librdkafka_properties(), context.client_options());
    std::map<std::string, core::kafka::TopicInfo> topics;  // with log-end offsets, fetched once
    auto topic_info = [&](const std::string& name) -> core::kafka::TopicInfo* {
        auto found = topics.find(name);
        if (found != topics.end()) return &found->second;
        auto info = admin.topic(name);
        if (!info) return nullptr;
        admin.fill_offsets(*info);
        return &topics.emplace(name, std::move(*info)).first->second;
    };

    cli::Json data = cli::Json::array();
    cli::Table table{{"group", "topic", "partition", "committed", "log-end", "lag", "owner"}, {}};
    int64_t worst_lag = 0;
    bool described_all = true;
    for (const auto& group : groups) {
        auto committed = admin.committed_offsets(group);
        auto description = admin.describe_group(group);
        if (!description.error.empty()) described_all = false;
        std::map<std::pair<std::string, int32_t>, std::string> owners;
        cli::Json members = cli::Json::array();
        for (const auto& member : description.members) {
            members.push_back({{"client_id", member.client_id},
                               {"host", member.host},
                               {"consumer_id", member.consumer_id}});
            for (const auto& assigned : member.assignment)
                owners[assigned] = member.client_id + "@" + member.host;
        }
        // The topics to show: the one asked for, else those the group committed on or owns.
        std::set<std::string> names;
        if (!options.topic.empty())
            names.insert(options.topic);
        else {
            for (const auto& [topic, partitions] : committed) names.insert(topic);
            for (const auto& [assigned, owner] : owners) names.insert(assigned.first);
        }
        cli::Json partitions = cli::Json::array();
        int64_t total_lag = 0;
        for (const auto& name : names) {
            core::kafka::TopicInfo* info = topic_info(name);
            if (info == nullptr) {
                cli::print_warning("topic '" + name + "' does not exist");
                continue;
            }
            for (const auto& partition : info->partitions) {
                int64_t done = -1;
                auto topic_commits = committed.find(name);
                if (topic_commits != committed.end()) {
                    auto found = topic_commits->second.find(partition.id);
                    if (found != topic_commits->second.end()) done = found->second;
                }
                // No commit: the lag is unknown, not a made-up number.
                int64_t lag = done >= 0 && partition.log_end >= 0 ? partition.log_end - done : -1;
                if (lag > 0) total_lag += lag;
                worst_lag = std::max(worst_lag, lag);
                std::string owner =
                    owners.count({name, partition.id}) ? owners[{name, partition.id}] : "";
                partitions.push_back({{"topic", name},
                                      {"partition", partition.id},
                                      {"committed", offset_or_null(done)},
                                      {"log_end", offset_or_null(partition.log_end)},
                                      {"lag", offset_or_null(lag)},
                                      {"owner", owner.empty() ? cli::Json() : cli::Json(owner)}});
                table.rows.push_back({group, name, std::to_string(partition.id),
                                      done >= 0 ? std::to_string(done) : "-",
                                      cli::cell_text(offset_or_null(partition.log_end)),
                                      lag >= 0 ? std::to_string(lag) : "-", owner});
            }
        }
        if (partitions.empty())
            table.rows.push_back({group, "(no committed offsets)", "", "", "", "", ""});
        cli::Json entry = {{"group", group},
                           {"state", description.state},
                           {"members", members},
                           {"partitions", partitions},
                           {"total_lag", total_lag}};
        if (!description.error.empty()) entry["describe_error"] = description.error;
        data.push_back(entry);
    }
    cli::print_result(context.output_format(), data, table);
    if (!described_all)
        cli::print_note(
            "state and owners unknown for some groups: the cluster could not "
            "describe them (the embedded dev broker has no DescribeGroups)");
    if (options.max_lag && worst_lag > *options.max_lag)
        throw Error(ErrorKind::Partial, "a partition lags " + std::to_string(worst_lag) +
                                            " records, more than --max-lag " +
                                            std::to_string(*options.max_lag));
    return cli::kExitOk;
}

}  // namespace orderctl::commands
