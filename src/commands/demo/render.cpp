#include "commands/demo/render.h"

#include <iostream>

namespace orderctl::commands {
namespace {

cli::Json offset_or_null(int64_t offset) {
    return offset < 0 ? cli::Json() : cli::Json(offset);
}

cli::Json parse_outcome(const std::string& text) {
    auto value = cli::Json::parse(text, nullptr, false);
    return value.is_discarded() ? cli::Json(text) : value;
}

// The outcome's fields other than order_id, role and status, as "key=value" for one cell.
std::string outcome_detail(const cli::Json& outcome) {
    if (!outcome.is_object()) return cli::cell_text(outcome);
    std::string detail;
    for (const auto& [key, value] : outcome.items()) {
        if (key == "order_id" || key == "role" || key == "status") continue;
        std::string text = value.is_primitive() ? cli::cell_text(value) : value.dump();
        detail += (detail.empty() ? "" : " ") + key + "=" + text;
    }
    return detail;
}

}  // namespace

cli::Json demo_json(const DemoResult& result) {
    cli::Json order = {{"order_id", result.order_id}, {"topic", result.orders_topic},
                       {"partition", nullptr},        {"offset", nullptr},
                       {"status", nullptr},           {"outcomes", cli::Json::array()}};
    if (result.placement) {
        order["partition"] = offset_or_null(result.placement->partition);
        order["offset"] = offset_or_null(result.placement->offset);
        order["status"] = result.placement->status;
    }
    for (const auto& role : result.roles) {
        cli::Json outcome =
            role.outcomes.empty() ? cli::Json() : parse_outcome(role.outcomes.back());
        order["outcomes"].push_back(
            {{"role", role.role},
             {"group", role.group},
             {"output_topic", role.output_topic},
             {"status", outcome.is_object() ? outcome.value("status", cli::Json()) : cli::Json()},
             {"outcome", outcome}});
    }
    cli::Json groups = cli::Json::array();
    for (const auto& group : result.groups) {
        cli::Json partitions = cli::Json::array();
        for (const auto& partition : group.partitions)
            partitions.push_back({{"partition", partition.partition},
                                  {"committed", offset_or_null(partition.committed)},
                                  {"log_end", offset_or_null(partition.log_end)},
                                  {"lag", offset_or_null(partition.lag)}});
        groups.push_back(
            {{"group", group.group},
             {"topic", group.topic},
             {"partitions", partitions},
             // Unknown, not zero, while a partition with records has no commit.
             {"total_lag", group.all_committed ? cli::Json(group.total_lag) : cli::Json()}});
    }
    return {{"bootstrap_servers", result.bootstrap_servers},
            {"topic", result.orders_topic},
            {"partitions", result.partitions},
            {"order", order},
            {"groups", groups}};
}

void print_demo(cli::OutputFormat format, const DemoResult& result) {
    const cli::Json data = demo_json(result);
    if (format != cli::OutputFormat::Table) {
        cli::print_result(format, data, {});
        return;
    }
    const cli::Json& order = data["order"];
    std::cout << "Order " << result.order_id << ": ";
    if (result.placement)
        std::cout << "topic " << result.orders_topic << ", partition "
                  << cli::cell_text(order["partition"]) << ", offset "
                  << cli::cell_text(order["offset"]) << " (" << result.placement->status << ")\n";
    else
        std::cout << "not in the input\n";
    cli::Table outcomes{{"role", "group", "outcome", "detail"}, {}};
    for (const auto& entry : order["outcomes"])
        outcomes.rows.push_back({cli::cell_text(entry["role"]), cli::cell_text(entry["group"]),
                                 entry["status"].is_null() ? "-" : cli::cell_text(entry["status"]),
                                 outcome_detail(entry["outcome"])});
    std::cout << "\n";
    cli::print_table(std::cout, outcomes);

    std::cout << "\nConsumer groups on " << result.orders_topic
              << " (committed = the next offset to read):\n";
    cli::Table groups{{"group", "partition", "committed", "log-end", "lag"}, {}};
    for (const auto& group : result.groups)
        for (const auto& partition : group.partitions)
            groups.rows.push_back(
                {group.group, std::to_string(partition.partition),
                 partition.committed >= 0 ? std::to_string(partition.committed) : "-",
                 std::to_string(partition.log_end),
                 partition.lag >= 0 ? std::to_string(partition.lag) : "-"});
    cli::print_table(std::cout, groups);
    std::cout << "\n";
    for (const auto& group : result.groups)
        std::cout << "total lag of " << group.group << ": "
                  << (group.all_committed ? std::to_string(group.total_lag)
                                          : "unknown (a partition has no commit)")
                  << "\n";
    std::cout.flush();
}

}  // namespace orderctl::commands
