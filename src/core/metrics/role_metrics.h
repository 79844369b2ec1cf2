// What a long-running role service exposes to Prometheus: the numbers an alert would watch.
// The service's own thread publishes a snapshot now and then; the HTTP thread renders the
// latest one, so the hot path takes no lock per record.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/metrics/histogram.h"

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
    Histogram commit_seconds;
    Histogram handler_seconds;
};

class RoleMetrics {
  public:
    RoleMetrics(std::string role, std::string group, std::string topic);
    void publish(const RoleSnapshot& snapshot);
    // The Prometheus text exposition format (version 0.0.4).
    std::string render() const;

  private:
    std::string role_, group_, topic_;
    mutable std::mutex mutex_;
    RoleSnapshot latest_;
};

// A label value as the text format wants it: backslash, double quote and newline escaped.
std::string escape_label(const std::string& value);

}  // namespace orderctl::core::metrics
