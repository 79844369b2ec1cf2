// A fixed-bucket histogram in seconds, filled by one thread with no lock (the service's hot
// path), and copied whole into a metrics snapshot, which hands it to prometheus-cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace orderctl::core::metrics {

class Histogram {
  public:
    using Bounds = std::vector<double>;
    // From half a millisecond (a pipe round trip) to ten seconds: handler and commit times.
    static const Bounds& duration_bounds();
    // From a millisecond to ten minutes: order-to-outcome latency, a backlog included.
    static const Bounds& latency_bounds();

    explicit Histogram(const Bounds& bounds = duration_bounds())
        : bounds_(&bounds), counts_(bounds.size() + 1, 0) {}

    void observe(double seconds) {
        size_t i = 0;
        while (i < bounds_->size() && seconds > (*bounds_)[i]) ++i;
        ++counts_[i];
        sum_ += seconds;
        ++count_;
    }
    const Bounds& bounds() const { return *bounds_; }
    // Observations in each bucket, not cumulative; the last one is above every bound.
    const std::vector<uint64_t>& counts() const { return counts_; }
    double sum() const { return sum_; }
    uint64_t count() const { return count_; }

  private:
    const Bounds* bounds_;
    std::vector<uint64_t> counts_;
    double sum_ = 0;
    uint64_t count_ = 0;
};

}  // namespace orderctl::core::metrics
