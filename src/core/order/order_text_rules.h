// The text rules of an order's fields (docs/order-format.md, "Fields"), shared by the full
// check and the fast path. Internal to src/core/order.
#pragma once

#include <cstddef>
#include <string_view>

namespace orderctl::core::order_text {

inline bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
inline bool is_alnum(char c) {
    return is_upper(c) || is_digit(c) || (c >= 'a' && c <= 'z');
}

// ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$
inline bool is_order_id(std::string_view s) {
    if (s.empty() || s.size() > 64 || !is_alnum(s[0])) return false;
    for (char c : s.substr(1)) {
        if (!is_alnum(c) && c != '_' && c != '-') return false;
    }
    return true;
}

// ^[A-Z0-9][A-Z0-9-]{1,31}$
inline bool is_sku(std::string_view s) {
    if (s.size() < 2 || s.size() > 32 || s[0] == '-') return false;
    for (char c : s) {
        if (!is_upper(c) && !is_digit(c) && c != '-') return false;
    }
    return true;
}

inline bool is_upper_letters(std::string_view s, std::size_t count) {
    if (s.size() != count) return false;
    for (char c : s) {
        if (!is_upper(c)) return false;
    }
    return true;
}

}  // namespace orderctl::core::order_text
