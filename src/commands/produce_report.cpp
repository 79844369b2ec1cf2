#include "commands/produce_report.h"

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
    }
    return "unknown";
}

ProduceReport::ProduceReport(const std::string& path) {
    if (path.empty()) return;
    if (path == "-") {
        out_ = stdout;
        return;
    }
    out_ = std::fopen(path.c_str(), "w");
    if (out_ == nullptr)
        throw core::Error(core::ErrorKind::Usage,
                          "cannot write the report to " + path + ": " + std::strerror(errno));
    owns_out_ = true;
}

ProduceReport::~ProduceReport() {
    if (out_ != nullptr) std::fflush(out_);
    if (owns_out_) std::fclose(out_);
}

void ProduceReport::flush() {
    if (out_ != nullptr) std::fflush(out_);
}

void ProduceReport::record(const LineOutcome& outcome) {
    ++counts_[static_cast<size_t>(outcome.status)];
    if (outcome.status == LineStatus::Delivered) count_partition(outcome.partition);
    if (out_ == nullptr) return;
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
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text += '\n';
    std::fwrite(text.data(), 1, text.size(), out_);
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

std::string ProduceReport::summary(const std::string& topic, double seconds, bool dry_run) const {
    char text[256];
    std::string out;
    if (dry_run) {
        std::snprintf(text, sizeof text, "dry run: %llu valid, %llu rejected; nothing was sent",
                      static_cast<unsigned long long>(count(LineStatus::Valid)),
                      static_cast<unsigned long long>(count(LineStatus::Rejected)));
        out = text;
    } else {
        std::snprintf(text, sizeof text,
                      "%s: %llu delivered, %llu rejected, %llu failed, %llu not sent",
                      topic.c_str(), static_cast<unsigned long long>(count(LineStatus::Delivered)),
                      static_cast<unsigned long long>(count(LineStatus::Rejected)),
                      static_cast<unsigned long long>(count(LineStatus::Failed)),
                      static_cast<unsigned long long>(count(LineStatus::NotSent)));
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
        std::snprintf(text, sizeof text, "\nrate: %.0f orders/s over %.2f s",
                      static_cast<double>(count(LineStatus::Delivered)) / seconds, seconds);
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
