#include "commands/produce/summary.h"

namespace orderctl::commands {

ProduceSummary summarize(const ProduceReport& report, const std::string& topic, double seconds,
                         bool dry_run, const std::string& report_path) {
    ProduceSummary summary;
    summary.topic = topic;
    summary.dry_run = dry_run;
    summary.seconds = seconds;
    summary.lines = report.total();
    summary.delivered = report.count(LineStatus::Delivered);
    summary.rejected = report.count(LineStatus::Rejected);
    summary.failed = report.count(LineStatus::Failed);
    summary.not_sent = report.count(LineStatus::NotSent);
    summary.unknown = report.count(LineStatus::Unknown);
    summary.valid = report.count(LineStatus::Valid);
    summary.empty_lines = report.empty();
    summary.delivered_per_partition = report.delivered_per_partition();
    summary.ack_latency_p50_ms = report.latency_ms(0.50);
    summary.ack_latency_p99_ms = report.latency_ms(0.99);
    if (!report_path.empty()) summary.report = report_path;
    return summary;
}

cli::Json produce_summary_json(const ProduceSummary& s) {
    auto optional = [](const auto& value) {
        return value ? cli::Json(*value) : cli::Json(nullptr);
    };
    cli::Json partitions = cli::Json::array();
    for (size_t partition = 0; partition < s.delivered_per_partition.size(); ++partition)
        if (s.delivered_per_partition[partition] > 0)
            partitions.push_back(
                {{"partition", partition}, {"delivered", s.delivered_per_partition[partition]}});
    return {{"topic", s.topic},
            {"dry_run", s.dry_run},
            {"lines", s.lines},
            {"delivered", s.delivered},
            {"rejected", s.rejected},
            {"failed", s.failed},
            {"not_sent", s.not_sent},
            {"unknown", s.unknown},
            {"valid", s.valid},
            {"empty_lines", s.empty_lines},
            {"partitions", partitions},
            {"seconds", s.seconds},
            {"ack_latency_ms",
             {{"p50", optional(s.ack_latency_p50_ms)}, {"p99", optional(s.ack_latency_p99_ms)}}},
            {"report", optional(s.report)},
            {"interrupted", s.interrupted},
            {"error", s.error.empty() ? cli::Json(nullptr) : cli::Json(s.error)}};
}

std::vector<std::string> problem_lines(const ProduceReport& report) {
    std::vector<std::string> lines = report.named_problems();
    if (report.unnamed_problems() > 0)
        lines.push_back("and " + std::to_string(report.unnamed_problems()) +
                        " more: use --report FILE");
    return lines;
}

std::string interruption_text(const ProduceSummary& s) {
    std::string text =
        "interrupted: stopped reading at a signal after " + std::to_string(s.lines) + " line(s)";
    if (s.unknown)
        text += "; " + std::to_string(s.unknown) +
                " unknown (sent, not acknowledged, possibly stored: check with 'orderctl "
                "consume' before sending them again)";
    if (s.not_sent) text += "; " + std::to_string(s.not_sent) + " not sent (safe to send again)";
    if (!s.unknown && !s.not_sent) text += "; every line read has its outcome";
    return text;
}

}  // namespace orderctl::commands
