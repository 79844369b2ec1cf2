// topics apply: plan from a desired-state file, applied only with --execute.
#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/partial.h"
#include "commands/topics/verbs.h"
#include "core/error.h"
#include "core/plan/topic_plan.h"

namespace orderctl::commands::topics {
namespace {

using core::Error;
using core::ErrorKind;

std::string describe_change(const core::TopicChange& change) {
    if (change.create) {
        std::string text = std::to_string(change.desired.partitions) + " partition(s), RF " +
                           std::to_string(change.desired.replication_factor);
        for (const auto& [key, value] : change.desired.configs) text += ", " + key + "=" + value;
        return text;
    }
    std::string text;
    auto add = [&text](const std::string& part) { text += (text.empty() ? "" : "; ") + part; };
    for (const auto& problem : change.problems) add(problem);
    if (change.partitions_from)
        add("partitions " + std::to_string(*change.partitions_from) + " -> " +
            std::to_string(change.partitions_to));
    for (const auto& config : change.config_changes)
        add(config.key + " " + config.from.value_or("(default)") + " -> " + config.to);
    return text;
}

cli::Json change_json(const core::TopicChange& change) {
    cli::Json item = {{"topic", change.topic}, {"action", change.action()}};
    if (change.create) {
        item["partitions"] = change.desired.partitions;
        item["replication_factor"] = change.desired.replication_factor;
        item["configs"] = change.desired.configs;
    }
    if (change.partitions_from)
        item["partitions"] = {{"from", *change.partitions_from}, {"to", change.partitions_to}};
    if (!change.config_changes.empty()) {
        cli::Json configs = cli::Json::array();
        for (const auto& config : change.config_changes)
            configs.push_back({{"key", config.key},
                               {"from", config.from ? cli::Json(*config.from) : cli::Json()},
                               {"to", config.to}});
        item["config_changes"] = configs;
    }
    if (!change.problems.empty()) item["problems"] = change.problems;
    return item;
}

// Applies one change; returns the error text, empty on success.
std::string apply_change(core::kafka::Admin& admin, const core::TopicChange& change) {
    if (change.create) {
        core::kafka::NewTopicSpec spec{change.topic, change.desired.partitions,
                                       change.desired.replication_factor, change.desired.configs};
        auto result = admin.create_topics({spec}, false).front();
        return result.ok() ? "" : result.message;
    }
    if (change.partitions_from) {
        auto result = admin.create_partitions(change.topic, change.partitions_to, false);
        if (!result.ok()) return result.message;
    }
    if (!change.config_changes.empty()) {
        auto configs = dynamic_configs(admin, change.topic);
        for (const auto& config : change.config_changes) configs[config.key] = config.to;
        auto result = admin.replace_topic_configs(change.topic, configs, false);
        if (!result.ok()) return result.message;
    }
    return "";
}

}  // namespace

int run_apply(cli::Context& context, const ApplyOptions& options) {
    auto desired = core::load_desired_topics(options.file);
    auto admin = connect_admin(context);
    std::map<std::string, core::CurrentTopic> current;
    for (const auto& topic : admin.topics()) {
        for (const auto& wanted : desired) {
            if (wanted.name != topic.name) continue;
            current[topic.name] = {static_cast<int>(topic.partitions.size()),
                                   topic.replication_factor(), dynamic_configs(admin, topic.name)};
        }
    }
    auto plan = core::plan_topics(desired, current);

    cli::Json changes = cli::Json::array();
    cli::Table table{{"action", "topic", "details"}, {}};
    size_t to_change = 0, invalid = 0;
    for (const auto& change : plan) {
        if (change.action() == "invalid")
            ++invalid;
        else if (!change.unchanged())
            ++to_change;
        changes.push_back(change_json(change));
        table.rows.push_back({change.action(), change.topic, describe_change(change)});
    }

    size_t failed = 0;
    if (options.execute && invalid == 0) {
        for (size_t i = 0; i < plan.size(); ++i) {
            if (plan[i].unchanged()) continue;
            std::string error = apply_change(admin, plan[i]);
            changes[i]["result"] = error.empty() ? "applied" : "failed";
            if (!error.empty()) {
                ++failed;
                changes[i]["error"] = error;
                table.rows[i][0] = "failed";
                table.rows[i][2] += " (" + error + ")";
                cli::print_error("topic '" + plan[i].topic + "': " + error);
            } else {
                table.rows[i][0] = "applied:" + table.rows[i][0];
            }
        }
    }
    if (options.execute && to_change > failed) {
        std::map<std::string, int> expected;
        for (const auto& change : plan)
            if (!change.unchanged()) expected[change.topic] = change.desired.partitions;
        if (!admin.await_topics(expected))
            cli::print_warning("the cluster's metadata does not show all changes yet");
    }
    cli::Json data = {{"file", options.file}, {"execute", options.execute}, {"changes", changes}};
    cli::print_result(context.output_format(), data, table);

    if (invalid > 0)
        throw Error(ErrorKind::Failure,
                    std::to_string(invalid) + " topic(s) cannot be brought to the desired state; " +
                        "nothing was applied",
                    "fix the file or the topics named above");
    if (!options.execute) {
        cli::print_note(to_change == 0 ? "nothing to change"
                                       : std::to_string(to_change) +
                                             " topic(s) to change; run again with --execute");
        return cli::kExitOk;
    }
    if (failed > 0) {
        throw Error(failed == to_change ? ErrorKind::Failure : ErrorKind::Partial,
                    cli::partial_summary(failed, to_change, "change(s) failed"));
    }
    cli::print_note(to_change == 0 ? "nothing to change"
                                   : "applied " + std::to_string(to_change) + " change(s)");
    return cli::kExitOk;
}

}  // namespace orderctl::commands::topics
