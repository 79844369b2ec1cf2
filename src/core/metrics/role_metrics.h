// What a long-running role service exposes to Prometheus: the numbers an alert would watch.
// The service's own thread accumulates into plain counters and histograms (no lock per record)
// and publishes a snapshot now and then; publish() carries it into prometheus-cpp's metric
// types, whose registry the HTTP thread serializes in the text format.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/metrics/histogram.h"

namespace prometheus {
class Registry;
}

namespace orderctl::core::metrics {

struct RoleSnapshot {
    uint64_t processed = 0;
    std::map<std::string, uint64_t> outcomes;  // by kind
    uint64_t dead_lettered = 0;
    uint64_t handler_failures = 0;  // failed handler calls, retried or not
    uint64_t commits = 0;
    uint64_t rebalances = 0;
    uint64_t transactions_aborted = 0;  // --exactly-once: aborted, their records processed again
    std::map<int32_t, int64_t> lag;     // per assigned partition of the input topic
    // Per assigned partition: seconds between now and the timestamp of the last record
    // processed, while records wait behind it (0 when caught up).
    std::map<int32_t, double> time_behind;
    Histogram commit_seconds;
    Histogram handler_seconds;
    Histogram order_latency{Histogram::latency_bounds()};  // record timestamp to outcome ack
};

class RoleMetrics {
  public:
    RoleMetrics(std::string role, std::string group, std::string topic);
    ~RoleMetrics();
    // Snapshots only grow (counters and histograms); partitions may come and go.
    void publish(const RoleSnapshot& snapshot);
    // The Prometheus text exposition format (version 0.0.4).
    std::string render() const;

  private:
    struct Families;
    std::string role_, group_, topic_;
    mutable std::mutex mutex_;
    std::shared_ptr<prometheus::Registry> registry_;
    std::unique_ptr<Families> families_;
    RoleSnapshot previous_;
};

}  // namespace orderctl::core::metrics
