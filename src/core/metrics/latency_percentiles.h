// Percentiles of a latency, for a summary (p50, p99, max): logarithmic buckets 1% wide from a
// microsecond to about six hours, so memory stays flat (a few KiB) whatever the number of
// observations, and every percentile is within 1% of the true value.
#pragma once

#include <cstdint>
#include <vector>

namespace orderctl::core::metrics {

class LatencyPercentiles {
  public:
    LatencyPercentiles();
    void observe(double seconds);
    uint64_t count() const { return count_; }
    double max() const { return max_; }
    // The smallest latency that `fraction` of the observations do not exceed (0 when empty).
    double percentile(double fraction) const;

  private:
    std::vector<uint64_t> buckets_;
    uint64_t count_ = 0;
    double max_ = 0;
};

}  // namespace orderctl::core::metrics
