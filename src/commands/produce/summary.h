// What a produce run did, as one struct rendered in one place: -o json and yaml print it as a
// document on stdout (docs/json-output.md); the lines for people on stderr stay the report's
// (report.h) and the problems' (problem_lines below). New figures go into the struct and the
// document together.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/output.h"
#include "commands/produce/report.h"

namespace orderctl::commands {

struct ProduceSummary {
    std::string topic;
    bool dry_run = false;
    double seconds = 0;
    uint64_t lines = 0;  // input lines accounted for, empty ones not included
    uint64_t delivered = 0, rejected = 0, failed = 0, not_sent = 0, unknown = 0, valid = 0;
    uint64_t empty_lines = 0;
    std::vector<uint64_t> delivered_per_partition;  // index: partition
    std::optional<double> ack_latency_p50_ms, ack_latency_p99_ms;
    std::optional<std::string> report;  // --report's file ("-": stdout)
    bool interrupted = false;
    std::string error;  // the run's error (exit 1, 4, 5); "" when it succeeded
};

ProduceSummary summarize(const ProduceReport& report, const std::string& topic, double seconds,
                         bool dry_run, const std::string& report_path);
cli::Json produce_summary_json(const ProduceSummary& summary);
// Without --report: the lines not delivered, one per line, bounded (report.h), for stderr.
std::vector<std::string> problem_lines(const ProduceReport& report);
// An interrupted run: where it stopped and what stayed unknown, for stderr.
std::string interruption_text(const ProduceSummary& summary);

}  // namespace orderctl::commands
