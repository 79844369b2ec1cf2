#include "commands/consume/role_summary.h"

#include <cstdio>

#include "cli/diagnostics.h"

namespace orderctl::commands {

std::string role_summary_text(const RoleSummary& s) {
    std::string kinds;
    for (const auto& [kind, count] : s.outcomes)
        kinds += (kinds.empty() ? "" : ", ") + std::to_string(count) + " " + kind;
    std::string text =
        s.role + " (group " + s.group + "): " + std::to_string(s.processed) + " processed" +
        (kinds.empty() ? "" : " (" + kinds + ")") + ", " + std::to_string(s.dead_lettered) +
        " dead-lettered, " +
        (s.handler_failures
             ? std::to_string(*s.handler_failures) + " handler failure(s), " +
                   std::to_string(s.handler_starts.value_or(0)) + " handler start(s), "
             : std::string()) +
        std::to_string(s.commits) + " commit(s), " + std::to_string(s.rebalances) +
        " rebalance(s)" + s.commits_detail;
    if (s.order_latency_ms) {
        char latency[160];
        std::snprintf(latency, sizeof latency,
                      "; order-to-outcome latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                      s.order_latency_ms->p50, s.order_latency_ms->p99, s.order_latency_ms->max);
        text += latency;
    }
    if (s.interrupted) {
        text += "\ninterrupted: stopped at a signal after committing what was processed";
        if (s.uncommitted_outcomes)
            text += "; " + std::to_string(s.uncommitted_outcomes) +
                    " outcome(s) were not acknowledged and stayed uncommitted (their orders "
                    "are processed again at the next start)";
    }
    return text;
}

cli::Json role_summary_json(const RoleSummary& s) {
    cli::Json committed = cli::Json::array();
    for (const auto& [partition, next] : s.committed)
        committed.push_back({{"partition", partition}, {"next_offset", next}});
    auto optional = [](const std::optional<uint64_t>& value) {
        return value ? cli::Json(*value) : cli::Json(nullptr);
    };
    return {
        {"role", s.role},
        {"group", s.group},
        {"input_topic", s.input_topic},
        {"output_topic", s.output_topic},
        {"dlq_topic", s.dlq_topic},
        {"processed", s.processed},
        {"outcomes", s.outcomes},
        {"dead_lettered", s.dead_lettered},
        {"handler_failures", optional(s.handler_failures)},
        {"handler_starts", optional(s.handler_starts)},
        {"commits", s.commits},
        {"rebalances", s.rebalances},
        {"transactions_aborted", optional(s.transactions_aborted)},
        {"committed", committed},
        {"interrupted", s.interrupted},
        {"uncommitted_outcomes", s.uncommitted_outcomes},
        {"error", s.error.empty() ? cli::Json(nullptr) : cli::Json(s.error)},
        {"order_latency_ms", s.order_latency_ms ? cli::Json{{"count", s.order_latency_ms->count},
                                                            {"p50", s.order_latency_ms->p50},
                                                            {"p99", s.order_latency_ms->p99},
                                                            {"max", s.order_latency_ms->max}}
                                                : cli::Json(nullptr)}};
}

cli::Table role_summary_table(const RoleSummary& s) {
    cli::Table table{{"role", "group", "outcome", "count"}, {}};
    for (const auto& [kind, count] : s.outcomes)
        table.rows.push_back({s.role, s.group, kind, std::to_string(count)});
    table.rows.push_back({s.role, s.group, "dead-lettered", std::to_string(s.dead_lettered)});
    return table;
}

void print_role_summary(cli::OutputFormat format, const RoleSummary& summary) {
    cli::print_note(role_summary_text(summary));
    if (format == cli::OutputFormat::Json || format == cli::OutputFormat::Yaml ||
        format == cli::OutputFormat::Table)
        cli::print_result(format, role_summary_json(summary), role_summary_table(summary));
}

}  // namespace orderctl::commands
