// `orderctl offsets delete`: removes a group's committed offsets. With --topic, those of that
// topic (DeleteConsumerGroupOffsets; the group keeps the rest); without, the whole group
// (DeleteGroups: the group and every offset it committed). Shows what it would delete and acts
// only with --yes, and never while the group has active members.
#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/partial.h"
#include "commands/offsets/offsets.h"
#include "commands/offsets/view.h"
#include "core/error.h"
#include "core/kafka/dev_broker_limits.h"

namespace orderctl::commands {
namespace {

using core::Error;
using core::ErrorKind;

}  // namespace

int run_offsets_delete(cli::Context& context, const OffsetsDeleteOptions& options) {
    core::kafka::Admin admin(context.profile().librdkafka_properties(), context.client_options());
    // Before reading the offsets: the dev broker's admin OffsetFetch finds none, and it could
    // not delete them anyway (no OffsetDelete, no DeleteGroups). It is the one cluster without
    // the group admin calls.
    if (!admin.has_group_admin())
        throw core::kafka::not_supported_by_dev_broker("deleting a group's committed offsets");
    auto committed = admin.committed_offsets(options.group);
    if (!options.topic.empty()) {
        auto topic = committed.find(options.topic);
        core::kafka::GroupOffsets only;
        if (topic != committed.end()) only.insert(*topic);
        committed = only;
    }
    if (committed.empty())
        throw Error(ErrorKind::Failure,
                    "group '" + options.group + "' has no committed offsets" +
                        (options.topic.empty() ? "" : " on topic '" + options.topic + "'"),
                    "'orderctl offsets --all-groups' shows the groups and their offsets");

    cli::Json data = {{"group", options.group},
                      {"topic", options.topic.empty() ? cli::Json() : cli::Json(options.topic)},
                      {"deleted", false},
                      {"partitions", cli::Json::array()}};
    cli::Table table{{"group", "topic", "partition", "committed", "status"}, {}};
    auto list = [&](const std::string& status) {
        data["partitions"] = cli::Json::array();
        table.rows.clear();
        for (const auto& [topic, partitions] : committed)
            for (const auto& [partition, offset] : partitions) {
                data["partitions"].push_back({{"topic", topic},
                                              {"partition", partition},
                                              {"committed", offset},
                                              {"status", status}});
                table.rows.push_back({options.group, topic, std::to_string(partition),
                                      std::to_string(offset), status});
            }
    };

    if (!options.yes) {
        list("would-delete");
        cli::print_result(context.output_format(), data, table);
        throw Error(ErrorKind::Failure, "nothing was deleted", "pass --yes to delete");
    }
    offsets::require_inactive(admin, options.group, "delete the offsets");
    if (options.topic.empty()) {
        auto result = admin.delete_group(options.group);
        if (!result.ok())
            throw Error(ErrorKind::Failure, "cannot delete group '" + options.group +
                                                "': " + result.message + " (" +
                                                core::kafka::error_name(result.code) + ")");
        list("deleted");
        data["deleted"] = true;
        cli::print_result(context.output_format(), data, table);
        return cli::kExitOk;
    }
    std::map<std::string, std::vector<int32_t>> partitions;
    for (const auto& [partition, offset] : committed.begin()->second)
        partitions[options.topic].push_back(partition);
    list("deleted");
    size_t failed = 0;
    auto results = admin.delete_group_offsets(options.group, partitions);
    for (const auto& result : results) {
        if (result.ok()) continue;
        ++failed;
        cli::print_error("cannot delete the offset of " + result.topic + ":" +
                         std::to_string(result.partition) + ": " + result.message);
        for (size_t row = 0; row < table.rows.size(); ++row)
            if (table.rows[row][2] == std::to_string(result.partition)) {
                table.rows[row][4] = "failed";
                data["partitions"][row]["status"] = "failed";
            }
    }
    data["deleted"] = failed == 0;
    cli::print_result(context.output_format(), data, table);
    return cli::batch_exit(failed, results.size(), "no offset was deleted",
                           "offsets were not deleted");
}

}  // namespace orderctl::commands
