// What a role service did, as one struct rendered in one place: the line on stderr, and the
// document on stdout for -o json, yaml and table (docs/json-output.md). New figures go into
// the struct and its three renderings together.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "cli/output.h"

namespace orderctl::commands {

struct RoleSummary {
    std::string role, group, input_topic, output_topic, dlq_topic;
    uint64_t processed = 0;
    std::map<std::string, uint64_t> outcomes;  // by outcome kind ("authorized", ...)
    uint64_t dead_lettered = 0;
    std::optional<uint64_t> handler_failures, handler_starts;  // --exec only
    uint64_t commits = 0, rebalances = 0;
    std::optional<uint64_t> transactions_aborted;  // --exactly-once only
    std::string commits_detail;                    // the commit strategy's own words, or ""
    std::map<int32_t, int64_t> committed;          // next offset, by partition, by this instance
    bool interrupted = false;
    // Processed, outcome not acknowledged when the service stopped: not committed, so
    // processed again at the next start.
    uint64_t uncommitted_outcomes = 0;
    std::string error;  // why the service stopped early; "" when it ended as asked
    // Order record's timestamp to its outcome's acknowledgement, in ms; none without outcomes.
    struct Latency {
        uint64_t count = 0;
        double p50 = 0, p99 = 0, max = 0;
    };
    std::optional<Latency> order_latency_ms;
};

// The summary for people, on stderr.
std::string role_summary_text(const RoleSummary& summary);
cli::Json role_summary_json(const RoleSummary& summary);
// One row per outcome kind, then the dead letters.
cli::Table role_summary_table(const RoleSummary& summary);
// The text on stderr; for -o json, yaml or table, the document on stdout too.
void print_role_summary(cli::OutputFormat format, const RoleSummary& summary);

}  // namespace orderctl::commands
