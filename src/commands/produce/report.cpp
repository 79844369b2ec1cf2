// The report lines (--report) and the summary of produce (report.h).
#include "commands/produce/report.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace orderctl::commands {

const char* status_name(LineStatus status) {
    switch (status) {
        case LineStatus::Delivered:
            return "delivered";
        case LineStatus::Rejected:
            return "rejected";
        case LineStatus::Failed:
            return "failed";
        case LineStatus::NotSent:
            return "not-sent";
        case LineStatus::Valid:
            return "valid";
        case LineStatus::Unknown:
            return "unknown";
    }
    return "unknown";
}

ProduceReport::ProduceReport(const std::string& path) : path_(path) {
    if (path.empty()) return;
    if (path == "-") {
        fd_ = STDOUT_FILENO;
        return;
    }
    // No O_TRUNC: the file is emptied by begin(), once the run has really started.
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ < 0)
        throw core::Error(core::ErrorKind::Usage,
                          "cannot write the report to " + path + ": " + std::strerror(errno));
    owns_fd_ = true;
}

ProduceReport::~ProduceReport() {
    try {
        close();
    } catch (...) {
    }
}

void ProduceReport::begin() {
    struct stat info {};
    if (!owns_fd_ || ::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) return;
    if (::ftruncate(fd_, 0) != 0)
        throw core::Error(core::ErrorKind::Failure,
                          "cannot empty the report " + path_ + ": " + std::strerror(errno));
}

void ProduceReport::flush() {
    if (fd_ < 0 || buffer_.empty()) return;
    size_t done = 0;
    while (done < buffer_.size() && write_error_.empty()) {
        ssize_t wrote = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (wrote < 0 && errno == EINTR) {
            // Ctrl-C while a reader of --report - takes nothing: the report cannot be finished.
            if (stop_ && stop_()) write_error_ = "interrupted while its reader took nothing";
            continue;
        }
        if (wrote < 0) {
            write_error_ = std::strerror(errno);
            break;
        }
        done += static_cast<size_t>(wrote);
    }
    if (write_error_.empty()) {
        entries_complete_ += buffered_entries_;
        bytes_written_ += done;
        complete_end_ = bytes_written_;
    } else {
        // Nothing more is written. What reached the file ends at its last whole line; a
        // regular file is cut back to it, so that it holds exactly entries_complete_ lines.
        const std::string_view written(buffer_.data(), done);
        const size_t last_newline = written.rfind('\n');
        if (last_newline != std::string_view::npos) {
            entries_complete_ += static_cast<uint64_t>(
                std::count(written.begin(), written.begin() + last_newline + 1, '\n'));
            complete_end_ = bytes_written_ + last_newline + 1;
        }
        bytes_written_ += done;
        struct stat info {};
        if (owns_fd_ && ::fstat(fd_, &info) == 0 && S_ISREG(info.st_mode) &&
            ::ftruncate(fd_, static_cast<off_t>(complete_end_)) != 0)
            write_error_ += "; cutting it back to its last whole line failed too";
    }
    buffered_entries_ = 0;
    buffer_.clear();
}

void ProduceReport::close() {
    if (fd_ < 0) return;
    flush();
    if (owns_fd_ && ::close(fd_) != 0 && write_error_.empty()) {
        // Written, then not closed cleanly: how much is on the disk is not known.
        write_error_ = std::string("closing it failed: ") + std::strerror(errno);
        entries_complete_ = 0;
    }
    fd_ = -1;
}

std::optional<std::string> ProduceReport::failure() const {
    if (write_error_.empty()) return std::nullopt;
    const std::string where = path_ == "-" ? "standard output" : path_;
    return "writing the report to " + where + " failed (" + write_error_ +
           "): it holds the first " + std::to_string(entries_complete_) + " of " +
           std::to_string(total()) + " line outcome(s), the rest are only in the summary";
}

void ProduceReport::record(const LineOutcome& outcome) {
    ++counts_[static_cast<size_t>(outcome.status)];
    if (outcome.status == LineStatus::Delivered) count_partition(outcome.partition);
    if (path_.empty()) name_problem(outcome);
    if (fd_ < 0 || !write_error_.empty()) return;
    nlohmann::ordered_json line = {
        {"file", outcome.file},
        {"line", outcome.line},
        {"key", outcome.key},
        {"status", status_name(outcome.status)},
        {"topic",
         outcome.topic.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(outcome.topic)},
        {"partition", nullptr},
        {"offset", nullptr},
        {"timestamp", nullptr},
        {"error", nullptr}};
    if (outcome.partition >= 0) line["partition"] = outcome.partition;
    if (outcome.offset >= 0) line["offset"] = outcome.offset;
    if (outcome.timestamp_ms >= 0) line["timestamp"] = outcome.timestamp_ms;
    if (!outcome.error.empty()) line["error"] = outcome.error;
    if (outcome.dead_lettered) line["dead_lettered"] = *outcome.dead_lettered;
    // Invalid bytes in a key or reason must not abort the report: replace them.
    buffer_ += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    buffer_ += '\n';
    ++buffered_entries_;
    if (buffer_.size() >= flush_bytes_) flush();
}

void ProduceReport::name_problem(const LineOutcome& outcome) {
    if (outcome.status == LineStatus::Delivered || outcome.status == LineStatus::Valid) return;
    if (named_problems_.size() >= kNamedProblems) {
        ++unnamed_problems_;
        return;
    }
    std::string text =
        outcome.file + ":" + std::to_string(outcome.line) + ": " + status_name(outcome.status);
    if (!outcome.error.empty()) text += ": " + outcome.error;
    named_problems_.push_back(std::move(text));
}

std::optional<double> ProduceReport::latency_ms(double fraction) const {
    if (latency_count_ == 0) return std::nullopt;
    return latency_percentile(fraction);
}

void ProduceReport::record_latency(std::chrono::microseconds latency) {
    auto bucket = static_cast<size_t>(latency.count() / 100);
    if (bucket >= latency_buckets_.size()) bucket = latency_buckets_.size() - 1;
    ++latency_buckets_[bucket];
    ++latency_count_;
}

double ProduceReport::latency_percentile(double fraction) const {
    if (latency_count_ == 0) return 0;
    auto wanted = static_cast<uint64_t>(fraction * static_cast<double>(latency_count_));
    uint64_t seen = 0;
    for (size_t i = 0; i < latency_buckets_.size(); ++i) {
        seen += latency_buckets_[i];
        if (seen > wanted) return static_cast<double>(i) / 10.0;
    }
    return static_cast<double>(latency_buckets_.size()) / 10.0;
}

uint64_t ProduceReport::count(LineStatus status) const {
    return counts_[static_cast<size_t>(status)];
}

uint64_t ProduceReport::total() const {
    uint64_t sum = 0;
    for (uint64_t count : counts_) sum += count;
    return sum;
}

std::string ProduceReport::summary(const std::string& topic, double seconds, bool dry_run,
                                   const char* unit) const {
    char text[256];
    std::string out;
    if (dry_run) {
        std::snprintf(text, sizeof text, "dry run: %llu valid, %llu rejected; nothing was sent",
                      static_cast<unsigned long long>(count(LineStatus::Valid)),
                      static_cast<unsigned long long>(count(LineStatus::Rejected)));
        out = text;
    } else {
        std::snprintf(text, sizeof text,
                      "%s: %llu delivered, %llu rejected, %llu failed, %llu not sent, %llu unknown",
                      topic.c_str(), static_cast<unsigned long long>(count(LineStatus::Delivered)),
                      static_cast<unsigned long long>(count(LineStatus::Rejected)),
                      static_cast<unsigned long long>(count(LineStatus::Failed)),
                      static_cast<unsigned long long>(count(LineStatus::NotSent)),
                      static_cast<unsigned long long>(count(LineStatus::Unknown)));
        out = text;
    }
    if (empty_ > 0) out += "; " + std::to_string(empty_) + " empty line(s) skipped";
    if (!per_partition_.empty()) {
        out += "\npartitions:";
        for (size_t partition = 0; partition < per_partition_.size(); ++partition)
            if (per_partition_[partition] > 0)
                out += " " + std::to_string(partition) + "=" +
                       std::to_string(per_partition_[partition]);
    }
    if (seconds > 0 && !dry_run) {
        std::snprintf(text, sizeof text, "\nrate: %.0f %s/s over %.2f s",
                      static_cast<double>(count(LineStatus::Delivered)) / seconds, unit, seconds);
        out += text;
    }
    if (latency_count_ > 0) {
        std::snprintf(text, sizeof text, "; ack latency p50 %.1f ms, p99 %.1f ms",
                      latency_percentile(0.50), latency_percentile(0.99));
        out += text;
    }
    return out;
}

}  // namespace orderctl::commands
