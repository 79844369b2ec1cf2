// libFuzzer target: OrderValidator::check must never crash, hang or leak on any bytes, as a
// whole input and line by line (the way orderctl produce feeds it), and its fast path and its
// in-place form must say exactly what the full check says. Built with -DORDERCTL_FUZZ=ON.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/order/order_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static orderctl::core::OrderValidator validator;                   // reused, as in production
    static orderctl::core::OrderValidator by_customer("customer_id");  // the custom-key path
    static orderctl::core::OrderValidator full = [] {  // every line through the full check
        orderctl::core::OrderValidator v;
        v.use_fast_path(false);
        return v;
    }();
    static std::string padded;
    std::string_view input(reinterpret_cast<const char*>(data), size);

    auto whole = validator.check(input);
    // A valid order always has a key and never an error.
    if (whole.valid && (whole.key.empty() || !whole.error.empty())) __builtin_trap();
    if (!whole.valid && whole.error.empty()) __builtin_trap();

    while (!input.empty()) {
        std::size_t end = input.find('\n');
        std::string_view line = input.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        auto check = validator.check(line);
        auto keyed = by_customer.check(line);
        // The fast path changes nothing: same verdict, key and message as the full check.
        auto slow = full.check(line);
        if (slow.valid != check.valid || slow.key != check.key || slow.error != check.error)
            __builtin_trap();
        // In place, as produce's input thread checks a line, the verdict is the same.
        padded.assign(line);
        padded.append(orderctl::core::OrderValidator::kReadPastEnd, '\0');
        auto in_place = validator.check_padded(std::string_view(padded).substr(0, line.size()));
        if (in_place.valid != check.valid || in_place.key != check.key ||
            in_place.error != check.error)
            __builtin_trap();
        // The key field changes the key, never whether the order rules hold, except for the
        // key field's own checks.
        if (check.valid && keyed.valid == false && keyed.error.rfind("customer_id", 0) != 0 &&
            keyed.error.rfind("missing key field", 0) != 0) {
            __builtin_trap();
        }
        if (end == std::string_view::npos) break;
        input.remove_prefix(end + 1);
    }
    return 0;
}
