#include "core/metrics/histogram.h"

namespace orderctl::core::metrics {

const Histogram::Bounds& Histogram::duration_bounds() {
    static const Bounds bounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 1.0, 10.0};
    return bounds;
}

const Histogram::Bounds& Histogram::latency_bounds() {
    static const Bounds bounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,  0.25,
                                  0.5,   1.0,    2.5,   5.0,  10.0,  30.0, 60.0, 600.0};
    return bounds;
}

}  // namespace orderctl::core::metrics
