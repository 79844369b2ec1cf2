// The accounting of `produce`: one report line per input line (--report), and the summary on
// stderr: counts by outcome, per-partition counts, rate, acknowledgement latency percentiles.
// The report is data like the orders: every write is checked, and a report that could not be
// written whole says how far it is complete (and the run fails).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace orderctl::commands {

// Unknown: sent, never acknowledged, and possibly stored all the same (in flight when the run
// stopped or the record timed out): not to be sent again blindly, unlike NotSent.
enum class LineStatus { Delivered, Rejected, Failed, NotSent, Valid, Unknown };
constexpr size_t kLineStatuses = 6;

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

// An outcome with its line, key, status and topic set; the rest as unset.
inline LineOutcome outcome_for(const std::string& file, uint64_t line, const std::string& key,
                               LineStatus status, const std::string& topic) {
    LineOutcome outcome;
    outcome.file = file;
    outcome.line = line;
    outcome.key = key;
    outcome.status = status;
    outcome.topic = topic;
    return outcome;
}

class ProduceReport {
  public:
    // `path` empty: no report lines; "-": stdout. A file is opened (created if missing) but
    // not emptied until begin(): a run that fails before it starts leaves an old report whole.
    explicit ProduceReport(const std::string& path);
    ~ProduceReport();
    ProduceReport(const ProduceReport&) = delete;
    ProduceReport& operator=(const ProduceReport&) = delete;

    // The run starts: an existing report file is emptied now.
    void begin();
    // Writes what is buffered and closes the file, checking both.
    void close();
    // Why the report is incomplete, once a write or the close failed.
    std::optional<std::string> failure() const;
    // Lines are written once this many bytes wait (4096 by default, as stdio did); a burst
    // (a file, --generate) may take more at a time. flush() writes them sooner.
    void set_flush_bytes(size_t bytes) { flush_bytes_ = bytes; }
    // Asked when a write is interrupted by a signal: true gives up on the report.
    void stop_when(std::function<bool()> stop) { stop_ = std::move(stop); }

    void record(const LineOutcome& outcome);
    // The fast path for a delivered line when no report lines are written.
    void count_delivered(int32_t partition) {
        ++counts_[static_cast<size_t>(LineStatus::Delivered)];
        count_partition(partition);
    }
    bool writes_lines() const { return fd_ >= 0; }
    // Pushes the report lines written so far out to their reader.
    void flush();
    void record_latency(std::chrono::microseconds latency);
    void count_empty_line() { ++empty_; }

    uint64_t count(LineStatus status) const;
    uint64_t empty() const { return empty_; }
    uint64_t total() const;
    // The summary for humans, on stderr. `unit`: what a line is ("orders", or "records" under
    // --format raw, kv and envelope, whose lines need not be orders).
    std::string summary(const std::string& topic, double seconds, bool dry_run,
                        const char* unit = "orders") const;
    // Without --report, the lines not delivered are named on stderr instead: the first
    // kNamedProblems as "file:line: status: reason", then how many more.
    static constexpr size_t kNamedProblems = 20;
    const std::vector<std::string>& named_problems() const { return named_problems_; }
    uint64_t unnamed_problems() const { return unnamed_problems_; }
    // The acknowledgement latency at `fraction` (0.5: p50), in ms; nullopt without any.
    std::optional<double> latency_ms(double fraction) const;
    // Delivered lines by partition (index: partition).
    const std::vector<uint64_t>& delivered_per_partition() const { return per_partition_; }

  private:
    std::string path_;
    int fd_ = -1;  // -1: no report lines
    bool owns_fd_ = false;
    std::string buffer_;  // report lines not written yet
    uint64_t buffered_entries_ = 0;
    size_t flush_bytes_ = 4096;
    std::function<bool()> stop_;
    uint64_t bytes_written_ = 0;
    uint64_t complete_end_ = 0;            // where the last line written whole ends
    uint64_t entries_complete_ = 0;        // lines written whole
    std::string write_error_;              // set once: nothing more is written after it
    uint64_t counts_[kLineStatuses] = {};  // by LineStatus
    std::vector<uint64_t> per_partition_;  // delivered, by partition
    void count_partition(int32_t partition) {
        if (partition < 0) return;
        if (static_cast<size_t>(partition) >= per_partition_.size())
            per_partition_.resize(partition + 1);
        ++per_partition_[partition];
    }
    uint64_t empty_ = 0;
    std::vector<std::string> named_problems_;
    uint64_t unnamed_problems_ = 0;
    void name_problem(const LineOutcome& outcome);
    // Latency histogram in 0.1 ms steps up to 10 s, so memory stays flat whatever the input.
    std::vector<uint64_t> latency_buckets_ = std::vector<uint64_t>(100001, 0);
    uint64_t latency_count_ = 0;
    double latency_percentile(double fraction) const;
};

const char* status_name(LineStatus status);

}  // namespace orderctl::commands
