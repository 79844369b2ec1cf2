// Synthetic valid orders for load tests and benchmarks (`produce --generate N --seed S`):
// deterministic for a seed, exact totals, the same format as examples/orders.jsonl.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace orderctl::core {

class OrderGenerator {
  public:
    explicit OrderGenerator(uint64_t seed);
    // Writes the next order as one compact JSON line (without newline) into `out`, and its
    // order id into `order_id`.
    void next(std::string& out, std::string& order_id);

  private:
    std::mt19937_64 random_;
    uint64_t sequence_ = 0;
    uint64_t seed_;
};

}  // namespace orderctl::core
