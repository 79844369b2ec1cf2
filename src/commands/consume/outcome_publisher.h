// A role service's outcome publisher: sends each record's outcome (or its dead letter), keyed
// like the order, and follows the acknowledgements per partition, so that an offset becomes
// committable only once the outcomes of every record before it are acknowledged. The first
// outcome that could not be published is the failure the service stops or aborts for.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/kafka/message.h"
#include "core/kafka/producer.h"
#include "core/metrics/histogram.h"
#include "core/metrics/latency_percentiles.h"

namespace orderctl::commands {

class OutcomePublisher {
  public:
    explicit OutcomePublisher(std::string input_topic) : input_topic_(std::move(input_topic)) {}
    // The producer that sends; its delivery handler calls on_delivery().
    void use(core::kafka::Producer& producer) { producer_ = &producer; }

    // Publishes `value` to `topic` as the outcome of `message`. Its acknowledgement is timed
    // against the record's timestamp: the order-to-outcome latency.
    void publish(const core::kafka::Message& message, std::string_view value,
                 const std::string& topic, const std::vector<core::kafka::Header>& headers);
    void on_delivery(const core::kafka::Delivery& delivery);

    // Per partition: the next offset to commit, for the partitions that have made progress
    // since the last call.
    std::map<int32_t, int64_t> take_committable();
    size_t in_flight() const { return tickets_.size(); }
    const std::string& failure() const { return failure_; }
    bool failed() const { return !failure_.empty(); }
    // Order-to-outcome latency of the acknowledged outcomes, for the metrics and the summary.
    const core::metrics::Histogram& latency_histogram() const { return latency_histogram_; }
    const core::metrics::LatencyPercentiles& latency() const { return latency_; }

    // Partitions left this member: what was pending for them no longer counts.
    void forget_progress() { progress_.clear(); }
    // An aborted transaction: nothing of it counts, its failure included.
    void forget_all() {
        tickets_.clear();
        progress_.clear();
        failure_.clear();
    }

  private:
    // Per partition: processed offsets in order, each waiting for its outcome's acknowledgement.
    struct PartitionProgress {
        std::deque<std::pair<int64_t, bool>> pending;  // offset, acknowledged
        int64_t committable = -1;                      // next offset to commit, once known
    };

    std::string input_topic_;
    core::kafka::Producer* producer_ = nullptr;
    std::map<int32_t, PartitionProgress> progress_;
    struct Ticket {
        int32_t partition;
        int64_t offset;
        int64_t timestamp_ms;  // the order record's; -1: none
    };
    std::unordered_map<uint64_t, Ticket> tickets_;
    uint64_t next_ticket_ = 1;
    std::string failure_;
    core::metrics::Histogram latency_histogram_{core::metrics::Histogram::latency_bounds()};
    core::metrics::LatencyPercentiles latency_;
};

}  // namespace orderctl::commands
