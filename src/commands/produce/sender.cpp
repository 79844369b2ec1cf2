// Sends records and turns their delivery reports (or refusals) into line outcomes.
#include "commands/produce/sender.h"

#include <chrono>
#include <cstdio>

namespace orderctl::commands {

using Clock = std::chrono::steady_clock;
namespace produce_error = core::kafka::produce_error;

namespace {

// 30, 2.5: seconds as a user wrote them, not std::to_string's "30.000000".
std::string seconds_text(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", seconds);
    return text;
}

}  // namespace

void Sender::send(const std::string& file, uint64_t number, const std::string& key,
                  const core::kafka::Record& record, bool dead_letter, const std::string& reason) {
    InFlightTable& table = in_flight_.table();
    InFlight entry;
    entry.file = in_flight_.input_index(file);
    entry.line = number;
    // Acknowledgement latency from one record in 8: the percentiles need a sample, and two
    // clock reads per record were a measurable share of produce's CPU.
    if ((table.next_ticket() & 7) == 0) entry.sent = Clock::now();
    entry.dead_letter = dead_letter;
    if (!transactions_.open_for(file, number, key, record.topic)) return;
    core::kafka::Record stamped;
    const core::kafka::Record* sending = &record;
    if (keep_create_times_) {
        stamped = record;
        if (stamped.timestamp_ms == 0)
            stamped.timestamp_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();
        entry.created_ms = stamped.timestamp_ms;
        sending = &stamped;
    }
    const uint64_t ticket = table.add(entry, key, reason);
    int code = producer_->send(*sending, ticket);
    if (code == 0) {
        ++sent_;
        transactions_.sent();
        return;
    }
    table.remove(ticket);
    refused(file, number, key, record, code);
}

// Envelopes copied from a topic with more partitions name partitions this one lacks.
std::string Sender::partition_hint(int32_t partition) const {
    return " (partition " + std::to_string(partition) + " is not in " + target_.topic +
           "; --repartition lets each key choose the partition, --partition N picks one)";
}

void Sender::refused(const std::string& file, uint64_t number, const std::string& key,
                     const core::kafka::Record& record, int code) {
    LineOutcome outcome =
        outcome_for(file, number, key, LineStatus::Failed, std::string(record.topic));
    outcome.error = produce_error::text(code);
    if (code == produce_error::kUnknownPartition) outcome.error += partition_hint(record.partition);
    if (code == produce_error::kInterrupted) {
        outcome.status = LineStatus::NotSent;
        outcome.error = "interrupted while waiting for room in the producer's queue";
        stop_.reading = true;
    } else if (code == produce_error::kQueueFull) {
        // Nothing was acknowledged for --flush-timeout: the cluster takes nothing, and every
        // further line would wait as long. Stop reading; what is in flight is drained as usual.
        outcome.status = LineStatus::NotSent;
        outcome.error =
            "the producer's queue stayed full for --flush-timeout: nothing was "
            "acknowledged";
        stop_.stalled = "the cluster acknowledged nothing for " +
                        seconds_text(options_.flush_timeout) + " s; stopped reading after " + file +
                        ":" + std::to_string(number);
        stop_.reading = true;
    } else if (code == produce_error::kTooLarge) {
        // A record the client refuses for its size is bad input, not a delivery failure.
        outcome.status = LineStatus::Rejected;
    }
    emit(outcome);
}

void Sender::on_delivery(const core::kafka::Delivery& delivery) {
    InFlightTable& table = in_flight_.table();
    InFlight* record = table.find(delivery.ticket);
    if (record == nullptr) return;
    if (delivery.persisted && !record->dead_letter) {
        if (record->sent != Clock::time_point{})
            report_.record_latency(
                std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - record->sent));
        // Without a report file every delivered line is only counted: no strings built.
        if (!report_.writes_lines() && !transactions_.enabled()) {
            report_.count_delivered(delivery.partition);
            table.remove(delivery.ticket);
            return;
        }
    }
    const InFlightDetail& detail = table.detail(delivery.ticket);
    LineOutcome outcome = in_flight_.outcome(*record, detail, LineStatus::Delivered);
    outcome.partition = delivery.partition;
    outcome.offset = delivery.persisted ? delivery.offset : -1;
    outcome.timestamp_ms = !delivery.persisted ? -1
                           : delivery.broker_time && record->created_ms != 0
                               ? record->created_ms
                               : delivery.timestamp_ms;
    if (record->dead_letter) {
        outcome.status = LineStatus::Rejected;
        outcome.error = detail.reason;
        outcome.dead_lettered = delivery.persisted;
        if (!delivery.persisted)
            outcome.error += " (dead-letter delivery failed: " + delivery.error_text + ")";
    } else if (!delivery.persisted) {
        outcome.partition = -1;
        outcome.error = delivery.error_text;
        if (delivery.error == produce_error::kUnknownPartition)
            outcome.error += partition_hint(delivery.partition);
        if (transactions_.enabled()) {
            // Its transaction cannot commit now: whatever the broker has of it stays invisible
            // to read_committed readers, so it is failed, never unknown.
            outcome.status = LineStatus::Failed;
            transactions_.mark_failed();
        } else if (delivery.possibly_persisted) {
            // Sent but never acknowledged: the broker may have stored it all the same.
            outcome.status = LineStatus::Unknown;
            // A record purged from the queue is possibly stored when it had been sent before
            // and was waiting for a retry.
            outcome.error =
                (delivery.error == produce_error::kPurgedInFlight
                     ? std::string("in flight when the run stopped")
                 : delivery.error == produce_error::kPurgedQueued
                     ? std::string("sent, then queued for a retry when the run stopped")
                     : delivery.error_text) +
                ": not acknowledged, the broker may have stored it; check before sending it again";
        } else {
            const bool purged = delivery.error == produce_error::kPurgedQueued ||
                                delivery.error == produce_error::kPurgedInFlight;
            outcome.status = purged ? LineStatus::NotSent : LineStatus::Failed;
        }
    }
    emit(outcome);
    table.remove(delivery.ticket);
}

}  // namespace orderctl::commands
