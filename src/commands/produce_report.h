// The accounting of `produce`: one report line per input line (--report), and the summary on
// stderr: counts by outcome, per-partition counts, rate, acknowledgement latency percentiles.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace orderctl::commands {

enum class LineStatus { Delivered, Rejected, Failed, NotSent, Valid };

struct LineOutcome {
    std::string file;
    uint64_t line = 0;
    std::string key;
    LineStatus status = LineStatus::Valid;
    std::string topic;
    int32_t partition = -1;
    int64_t offset = -1;
    int64_t timestamp_ms = -1;
    std::string error;
    std::optional<bool> dead_lettered;  // for rejected lines in --on-invalid dlq
};

class ProduceReport {
  public:
    // `path` empty: no report lines; "-": stdout.
    explicit ProduceReport(const std::string& path);
    ~ProduceReport();

    void record(const LineOutcome& outcome);
    // The fast path for a delivered line when no report lines are written.
    void count_delivered(int32_t partition) {
        ++counts_[static_cast<size_t>(LineStatus::Delivered)];
        count_partition(partition);
    }
    bool writes_lines() const { return out_ != nullptr; }
    // Pushes the report lines written so far out to their reader.
    void flush();
    void record_latency(std::chrono::microseconds latency);
    void count_empty_line() { ++empty_; }

    uint64_t count(LineStatus status) const;
    uint64_t empty() const { return empty_; }
    uint64_t total() const;
    // The summary for humans, on stderr.
    std::string summary(const std::string& topic, double seconds, bool dry_run) const;

  private:
    std::FILE* out_ = nullptr;
    bool owns_out_ = false;
    uint64_t counts_[5] = {};              // by LineStatus
    std::vector<uint64_t> per_partition_;  // delivered, by partition
    void count_partition(int32_t partition) {
        if (partition < 0) return;
        if (static_cast<size_t>(partition) >= per_partition_.size())
            per_partition_.resize(partition + 1);
        ++per_partition_[partition];
    }
    uint64_t empty_ = 0;
    // Latency histogram in 0.1 ms steps up to 10 s, so memory stays flat whatever the input.
    std::vector<uint64_t> latency_buckets_ = std::vector<uint64_t>(100001, 0);
    uint64_t latency_count_ = 0;
    double latency_percentile(double fraction) const;
};

const char* status_name(LineStatus status);

}  // namespace orderctl::commands
