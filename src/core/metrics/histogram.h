// A fixed-bucket latency histogram in seconds, in the shape Prometheus expects: cumulative
// buckets, a sum and a count. Filled by one thread; copied whole into a metrics snapshot.
#pragma once

#include <array>
#include <cstdint>

namespace orderctl::core::metrics {

class Histogram {
  public:
    // Upper bounds in seconds: from half a millisecond (a pipe round trip) to ten seconds.
    static constexpr std::array<double, 10> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                       0.025,  0.1,   0.5,    1.0,   10.0};

    void observe(double seconds) {
        for (size_t i = 0; i < kBounds.size(); ++i)
            if (seconds <= kBounds[i]) ++buckets_[i];
        sum_ += seconds;
        ++count_;
    }
    // Observations at or below kBounds[i] (cumulative, as Prometheus's `le`).
    uint64_t bucket(size_t i) const { return buckets_[i]; }
    double sum() const { return sum_; }
    uint64_t count() const { return count_; }

  private:
    std::array<uint64_t, kBounds.size()> buckets_{};
    double sum_ = 0;
    uint64_t count_ = 0;
};

}  // namespace orderctl::core::metrics
