// topics list and topics describe.
#include <iostream>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "commands/topics/verbs.h"
#include "core/error.h"

namespace orderctl::commands::topics {
namespace {

std::string join_ids(const std::vector<int32_t>& ids) {
    std::string text;
    for (auto id : ids) text += (text.empty() ? "" : ",") + std::to_string(id);
    return text;
}

cli::Json offset_json(int64_t offset) {
    return offset < 0 ? cli::Json() : cli::Json(offset);
}

}  // namespace

int run_list(cli::Context& context, const ListOptions& options) {
    auto admin = connect_admin(context);
    cli::Json data = cli::Json::array();
    cli::Table table{{"name", "partitions", "replication-factor"}, {}};
    for (const auto& topic : admin.topics()) {
        if (topic.internal && !options.all) continue;
        data.push_back({{"name", topic.name},
                        {"partitions", topic.partitions.size()},
                        {"replication_factor", topic.replication_factor()},
                        {"internal", topic.internal}});
        table.rows.push_back({topic.name, std::to_string(topic.partitions.size()),
                              std::to_string(topic.replication_factor())});
    }
    cli::print_result(context.output_format(), data, table);
    return cli::kExitOk;
}

int run_describe(cli::Context& context, const DescribeOptions& options) {
    require_valid_topic_name(options.name);
    auto admin = connect_admin(context);
    auto topic = admin.topic(options.name);
    if (!topic) {
        throw core::Error(core::ErrorKind::Failure, "topic '" + options.name + "' does not exist",
                          "'orderctl topics list' shows the topics there are");
    }
    admin.fill_offsets(*topic);
    // Non-default configs, as Kafka's own tools show them: set on the topic, or inherited from
    // a broker or cluster setting.
    cli::Json configs = cli::Json::object(), config_sources = cli::Json::object();
    cli::Table config_table{{"config", "value", "source"}, {}};
    std::vector<core::kafka::ConfigEntry> entries;
    bool configs_known = true;
    try {
        entries = admin.topic_configs(topic->name);
    } catch (const core::Error& error) {
        // Metadata and offsets just worked, so the cluster is there but lacks the call (the
        // embedded dev broker has no controller and no DescribeConfigs). Show the rest.
        configs_known = false;
        cli::print_warning(std::string("topic configs are not available: ") + error.what());
    }
    for (const auto& entry : entries) {
        if (entry.source == "default") continue;
        std::string value = entry.sensitive ? "<redacted>" : entry.value;
        configs[entry.name] = value;
        config_sources[entry.name] = entry.source;
        config_table.rows.push_back({entry.name, value, entry.source});
    }

    cli::Json partitions = cli::Json::array();
    cli::Table table{{"partition", "leader", "replicas", "isr", "log-start", "log-end"}, {}};
    for (const auto& p : topic->partitions) {
        cli::Json partition = {{"partition", p.id},
                               {"leader", p.leader},
                               {"replicas", p.replicas},
                               {"isr", p.isr},
                               {"log_start_offset", offset_json(p.log_start)},
                               {"log_end_offset", offset_json(p.log_end)}};
        if (!p.error.empty()) partition["error"] = p.error;
        partitions.push_back(partition);
        table.rows.push_back({std::to_string(p.id), std::to_string(p.leader), join_ids(p.replicas),
                              join_ids(p.isr), cli::cell_text(offset_json(p.log_start)),
                              cli::cell_text(offset_json(p.log_end))});
    }
    cli::Json data = {{"name", topic->name},
                      {"internal", topic->internal},
                      {"partition_count", topic->partitions.size()},
                      {"replication_factor", topic->replication_factor()},
                      {"partitions", partitions},
                      {"configs", configs_known ? configs : cli::Json()},
                      {"config_sources", configs_known ? config_sources : cli::Json()}};

    if (context.output_format() != cli::OutputFormat::Table) {
        cli::print_result(context.output_format(), data, table);
        return cli::kExitOk;
    }
    std::cout << "Topic: " << topic->name << "  Partitions: " << topic->partitions.size()
              << "  Replication factor: " << topic->replication_factor() << "\n\n";
    cli::print_table(std::cout, table);
    if (!config_table.rows.empty()) {
        std::cout << '\n';
        cli::print_table(std::cout, config_table);
    }
    return cli::kExitOk;
}

}  // namespace orderctl::commands::topics
