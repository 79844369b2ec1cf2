#include "core/metrics/role_metrics.h"

#include <cstdio>

namespace orderctl::core::metrics {
namespace {

std::string number(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.9g", value);
    return text;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void histogram(std::string& out, const char* name, const char* help, const std::string& labels,
               const Histogram& h) {
    header(out, name, "histogram", help);
    for (size_t i = 0; i < Histogram::kBounds.size(); ++i)
        out += std::string(name) + "_bucket{" + labels + ",le=\"" + number(Histogram::kBounds[i]) +
               "\"} " + std::to_string(h.bucket(i)) + "\n";
    out += std::string(name) + "_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(h.count()) +
           "\n";
    out += std::string(name) + "_sum{" + labels + "} " + number(h.sum()) + "\n";
    out += std::string(name) + "_count{" + labels + "} " + std::to_string(h.count()) + "\n";
}

}  // namespace

std::string escape_label(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

RoleMetrics::RoleMetrics(std::string role, std::string group, std::string topic)
    : role_(std::move(role)), group_(std::move(group)), topic_(std::move(topic)) {}

void RoleMetrics::publish(const RoleSnapshot& snapshot) {
    std::lock_guard lock(mutex_);
    latest_ = snapshot;
}

std::string RoleMetrics::render() const {
    RoleSnapshot s;
    {
        std::lock_guard lock(mutex_);
        s = latest_;
    }
    const std::string labels =
        "role=\"" + escape_label(role_) + "\",group=\"" + escape_label(group_) + "\"";
    std::string out;
    auto counter = [&](const char* name, const char* help, uint64_t value) {
        header(out, name, "counter", help);
        out += std::string(name) + "{" + labels + "} " + std::to_string(value) + "\n";
    };
    counter("orderctl_records_processed_total",
            "Records the role service processed: outcomes and dead letters.", s.processed);
    header(out, "orderctl_outcomes_total", "counter", "Outcomes published, by kind.");
    for (const auto& [kind, count] : s.outcomes)
        out += "orderctl_outcomes_total{" + labels + ",kind=\"" + escape_label(kind) + "\"} " +
               std::to_string(count) + "\n";
    counter("orderctl_dead_lettered_total",
            "Records sent to the dead-letter topic (poison, or the handler gave up).",
            s.dead_lettered);
    counter("orderctl_handler_failures_total",
            "Failed handler calls (timeouts, crashes, errors), retried or dead-lettered.",
            s.handler_failures);
    counter("orderctl_commits_total", "Offset commits (or committed transactions).", s.commits);
    counter("orderctl_rebalances_total", "Partition assignments and revocations.", s.rebalances);
    counter("orderctl_transactions_aborted_total",
            "Transactions aborted and redone (--exactly-once): their records processed again.",
            s.transactions_aborted);
    header(out, "orderctl_consumer_lag", "gauge",
           "Records between the fetch position and the log end, per assigned partition.");
    for (const auto& [partition, lag] : s.lag)
        out += "orderctl_consumer_lag{" + labels + ",topic=\"" + escape_label(topic_) +
               "\",partition=\"" + std::to_string(partition) + "\"} " + std::to_string(lag) + "\n";
    histogram(out, "orderctl_commit_duration_seconds",
              "Time to commit offsets (or a transaction), waiting for outcomes included.", labels,
              s.commit_seconds);
    histogram(out, "orderctl_handler_duration_seconds", "Time the handler took per order.", labels,
              s.handler_seconds);
    return out;
}

}  // namespace orderctl::core::metrics
