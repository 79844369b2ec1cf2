#include "commands/consume/outcome_publisher.h"

#include <algorithm>
#include <chrono>

#include "core/kafka/library.h"

namespace orderctl::commands {

void OutcomePublisher::publish(const core::kafka::Message& message, std::string_view value,
                               const std::string& topic,
                               const std::vector<core::kafka::Header>& headers) {
    core::kafka::Record record;
    record.topic = topic;
    if (auto key = message.key())
        record.key = *key;
    else
        record.null_key = true;
    record.value = value;
    record.headers = &headers;
    const uint64_t ticket = next_ticket_++;
    const char* timestamp_type = nullptr;
    tickets_[ticket] = {message.partition(), message.offset(),
                        message.timestamp_ms(&timestamp_type)};
    progress_[message.partition()].pending.emplace_back(message.offset(), false);
    if (int refused = producer_->send(record, ticket)) {
        tickets_.erase(ticket);
        if (failure_.empty())
            failure_ =
                std::string("cannot publish to ") + topic + ": " + core::kafka::error_text(refused);
    }
}

void OutcomePublisher::on_delivery(const core::kafka::Delivery& delivery) {
    auto found = tickets_.find(delivery.ticket);
    if (found == tickets_.end()) return;
    const auto [partition, offset, timestamp_ms] = found->second;
    tickets_.erase(found);
    if (!delivery.persisted) {
        if (failure_.empty())
            failure_ = "the outcome of " + input_topic_ + "/" + std::to_string(partition) + "@" +
                       std::to_string(offset) + " could not be published: " + delivery.error_text;
        return;
    }
    if (timestamp_ms >= 0) {
        // Wall clock against the record's timestamp (set by the order's producer, or by the
        // broker): hosts with skewed clocks can read below zero, which counts as zero.
        const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
        const double seconds = std::max<int64_t>(0, now_ms - timestamp_ms) / 1000.0;
        latency_histogram_.observe(seconds);
        latency_.observe(seconds);
    }
    auto& progress = progress_[partition];
    // Pending offsets are in increasing order: find this one by binary search.
    auto entry = std::lower_bound(progress.pending.begin(), progress.pending.end(),
                                  std::make_pair(offset, false));
    if (entry != progress.pending.end() && entry->first == offset) entry->second = true;
    while (!progress.pending.empty() && progress.pending.front().second) {
        progress.committable = progress.pending.front().first + 1;
        progress.pending.pop_front();
    }
}

std::map<int32_t, int64_t> OutcomePublisher::take_committable() {
    std::map<int32_t, int64_t> next;
    for (auto& [partition, progress] : progress_) {
        if (progress.committable >= 0) next[partition] = progress.committable;
        progress.committable = -1;
    }
    return next;
}

}  // namespace orderctl::commands
