// Checks one order line against every rule of docs/order-format.md (the JSON Schema
// examples/order.schema.json plus the exact-total rule, duplicate names and valid UTF-8).
// On the producer's hot path: a usual valid order is recognised in one pass of its own
// (order_fast_path.h); anything else gets one full parse with simdjson, which also words the
// error. No allocation for a typical valid order beyond the returned key.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace orderctl::core {

struct OrderCheck {
    bool valid = false;
    std::string key;    // the key field's value (order_id by default) when it could be read
    std::string error;  // when invalid: the first problem, with its JSON path
};

class OrderValidator {
  public:
    // key_field: the top-level field whose value becomes the Kafka key: a string, or an
    // integer given as its decimal text. The order rules apply in full whatever it is.
    explicit OrderValidator(std::string key_field = "order_id");
    ~OrderValidator();
    OrderValidator(OrderValidator&&) noexcept;
    OrderValidator& operator=(OrderValidator&&) noexcept;

    // Validates one line (no trailing newline; CR already stripped). Reuses internal buffers:
    // one instance per thread. Never throws on any input; never crashes on any bytes.
    OrderCheck check(std::string_view line);
    // The same, for a line followed in memory by at least kReadPastEnd NUL bytes: parsed
    // where it lies, without the padded copy check() makes.
    static constexpr std::size_t kReadPastEnd = 64;
    OrderCheck check_padded(std::string_view line);
    // On by default: plain valid orders are recognised in one pass before the full parse
    // (order_fast_path.h). Off, every line gets the full check; the verdicts, keys and
    // messages are the same either way, which the tests and the fuzz target hold it to.
    void use_fast_path(bool on);

  private:
    OrderCheck checked(std::string_view line, bool padded);
    struct Impl;  // keeps simdjson out of this header
    std::unique_ptr<Impl> impl_;
};

}  // namespace orderctl::core
