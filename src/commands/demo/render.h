// What `orderctl demo` found, and its walkthrough: tables readable at a glance, or the same
// fields as JSON/YAML (documented in docs/json-output.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/output.h"
#include "core/devbroker/demo_walkthrough.h"

namespace orderctl::commands {

struct RoleResult {
    std::string role;
    std::string group;
    std::string output_topic;
    std::vector<std::string> outcomes;  // the outcome records published for the order
};

struct DemoResult {
    std::string bootstrap_servers;
    std::string orders_topic;
    int partitions = 0;
    std::string order_id;
    std::optional<core::Placement> placement;
    std::vector<RoleResult> roles;
    std::vector<core::GroupStanding> groups;
};

cli::Json demo_json(const DemoResult& result);
void print_demo(cli::OutputFormat format, const DemoResult& result);

}  // namespace orderctl::commands
