// topics create, alter and delete.
#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/partial.h"
#include "commands/topics/verbs.h"
#include "core/error.h"
#include "core/kafka/library.h"

namespace orderctl::commands::topics {
namespace {

using core::Error;
using core::ErrorKind;

// Broker refusals are the user's to fix; name them plainly with what to do.
Error broker_refusal(const core::kafka::ItemResult& result, const std::string& doing) {
    std::string hint;
    switch (result.code) {
        case core::kafka::errc::kTopicAlreadyExists:
            hint = "use --if-not-exists to accept an existing topic";
            break;
        case core::kafka::errc::kUnknownTopicOrPartition:
            hint = "'orderctl topics list' shows the topics there are";
            break;
        case core::kafka::errc::kInvalidReplicationFactor:
            hint = "the replication factor cannot exceed the number of brokers";
            break;
        case core::kafka::errc::kInvalidConfig:
            hint = "see Kafka's topic configuration reference for names and values";
            break;
        case core::kafka::errc::kPolicyViolation:
            hint = "the cluster's create-topic policy refused it";
            break;
        default:
            break;
    }
    return Error(ErrorKind::Failure,
                 "cannot " + doing + " '" + result.name + "': " + result.message + " (" +
                     core::kafka::error_name(result.code) + ")",
                 hint);
}

}  // namespace

int run_create(cli::Context& context, const CreateOptions& options) {
    require_valid_topic_name(options.name);
    const auto& profile = context.profile();
    core::kafka::NewTopicSpec spec;
    spec.name = options.name;
    spec.partitions = options.partitions.value_or(profile.get_int("topics.partitions"));
    spec.replication_factor =
        options.replication_factor.value_or(profile.get_int("topics.replication-factor"));
    spec.configs = parse_key_values(options.configs, "--config");

    auto admin = connect_admin(context);
    auto result = admin.create_topics({spec}, options.dry_run).front();
    std::string status = options.dry_run ? "valid" : "created";
    if (!result.ok()) {
        if (result.code != core::kafka::errc::kTopicAlreadyExists || !options.if_not_exists)
            throw broker_refusal(result, "create topic");
        status = "exists";
    } else if (!options.dry_run && !admin.await_topics({{spec.name, spec.partitions}})) {
        cli::print_warning("topic '" + spec.name +
                           "' was created but metadata does not show it yet");
    }
    cli::Json data = {{"name", spec.name},
                      {"status", status},
                      {"partitions", spec.partitions},
                      {"replication_factor", spec.replication_factor},
                      {"configs", spec.configs}};
    cli::Table table{{"name", "status", "partitions", "replication-factor"},
                     {{spec.name, status, std::to_string(spec.partitions),
                       std::to_string(spec.replication_factor)}}};
    if (status == "exists") {
        // The existing topic may differ from what was asked; say what it really is.
        auto existing = admin.topic(spec.name);
        if (existing) {
            data["partitions"] = existing->partitions.size();
            data["replication_factor"] = existing->replication_factor();
            table.rows[0][2] = std::to_string(existing->partitions.size());
            table.rows[0][3] = std::to_string(existing->replication_factor());
        }
        data.erase("configs");
    }
    cli::print_result(context.output_format(), data, table);
    return cli::kExitOk;
}

int run_alter(cli::Context& context, const AlterOptions& options) {
    require_valid_topic_name(options.name);
    auto set_configs = parse_key_values(options.configs, "--config");
    if (!options.partitions && set_configs.empty() && options.delete_configs.empty())
        throw Error(ErrorKind::Usage, "nothing to alter",
                    "give --partitions, --config or --delete-config");

    auto admin = connect_admin(context);
    auto topic = admin.topic(options.name);
    if (!topic)
        throw Error(ErrorKind::Failure, "topic '" + options.name + "' does not exist",
                    "'orderctl topics list' shows the topics there are");

    cli::Json changes = cli::Json::array();
    cli::Table table{{"topic", "change", "from", "to"}, {}};
    auto record = [&](const std::string& change, const cli::Json& from, const cli::Json& to) {
        changes.push_back({{"change", change}, {"from", from}, {"to", to}});
        table.rows.push_back({options.name, change, cli::cell_text(from), cli::cell_text(to)});
    };

    const int current_partitions = static_cast<int>(topic->partitions.size());
    if (options.partitions) {
        if (*options.partitions < current_partitions) {
            throw Error(ErrorKind::Failure,
                        "topic '" + options.name + "' has " + std::to_string(current_partitions) +
                            " partitions; partitions can only grow, not shrink to " +
                            std::to_string(*options.partitions),
                        "to have fewer partitions, create a new topic and copy the records");
        }
        if (*options.partitions > current_partitions) {
            auto result =
                admin.create_partitions(options.name, *options.partitions, options.dry_run);
            if (!result.ok()) throw broker_refusal(result, "add partitions to");
            record("partitions", current_partitions, *options.partitions);
            if (!options.dry_run) admin.await_topics({{options.name, *options.partitions}});
        } else {
            cli::print_note("topic '" + options.name + "' already has " +
                            std::to_string(current_partitions) + " partitions");
        }
    }

    if (!set_configs.empty() || !options.delete_configs.empty()) {
        // librdkafka 2.0.2 only replaces the whole set: start from what is set now.
        auto configs = dynamic_configs(admin, options.name);
        auto wanted = configs;
        for (const auto& [key, value] : set_configs) wanted[key] = value;
        for (const auto& key : options.delete_configs) {
            if (!wanted.erase(key))
                cli::print_warning("config '" + key + "' is not set on topic '" + options.name +
                                   "'; nothing to delete");
        }
        if (wanted != configs) {
            auto result = admin.replace_topic_configs(options.name, wanted, options.dry_run);
            if (!result.ok()) throw broker_refusal(result, "change the configs of topic");
            for (const auto& [key, value] : wanted) {
                auto before = configs.find(key);
                if (before == configs.end())
                    record("config " + key, nullptr, value);
                else if (before->second != value)
                    record("config " + key, before->second, value);
            }
            for (const auto& [key, value] : configs)
                if (!wanted.count(key)) record("config " + key, value, nullptr);
        }
    }
    cli::Json data = {{"name", options.name}, {"dry_run", options.dry_run}, {"changes", changes}};
    cli::print_result(context.output_format(), data, table);
    if (changes.empty()) cli::print_note("nothing changed");
    return cli::kExitOk;
}

int run_delete(cli::Context& context, const DeleteOptions& options) {
    for (const auto& name : options.names) require_valid_topic_name(name);
    auto admin = connect_admin(context);
    std::map<std::string, size_t> existing;
    for (const auto& topic : admin.topics()) existing[topic.name] = topic.partitions.size();

    cli::Json data = cli::Json::array();
    cli::Table table{{"name", "partitions", "status"}, {}};
    std::vector<std::string> to_delete;
    size_t failed = 0;
    for (const auto& name : options.names) {
        auto found = existing.find(name);
        if (found == existing.end()) {
            ++failed;
            data.push_back({{"name", name}, {"status", "not-found"}});
            table.rows.push_back({name, "", "not-found"});
            cli::print_error("topic '" + name + "' does not exist");
            continue;
        }
        to_delete.push_back(name);
    }
    if (!options.yes) {
        for (const auto& name : to_delete) {
            data.push_back(
                {{"name", name}, {"partitions", existing[name]}, {"status", "would-delete"}});
            table.rows.push_back({name, std::to_string(existing[name]), "would-delete"});
        }
        cli::print_result(context.output_format(), data, table);
        throw Error(ErrorKind::Failure, "nothing was deleted", "pass --yes to delete");
    }
    if (!to_delete.empty()) {
        std::map<std::string, int> gone;
        for (const auto& result : admin.delete_topics(to_delete)) {
            if (result.ok()) gone[result.name] = 0;
            std::string status = result.ok() ? "deleted" : "failed";
            cli::Json item = {
                {"name", result.name}, {"partitions", existing[result.name]}, {"status", status}};
            if (!result.ok()) {
                ++failed;
                item["error"] = result.message;
                cli::print_error(broker_refusal(result, "delete topic").what());
            }
            data.push_back(item);
            table.rows.push_back({result.name, std::to_string(existing[result.name]), status});
        }
        if (!gone.empty() && !admin.await_topics(gone))
            cli::print_warning("metadata still lists deleted topics; they will disappear shortly");
    }
    cli::print_result(context.output_format(), data, table);
    return cli::batch_exit(failed, options.names.size(), "no topic was deleted",
                           "topics were not deleted");
}

}  // namespace orderctl::commands::topics
