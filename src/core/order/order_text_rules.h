// The text rules of an order's fields (docs/order-format.md, "Fields"), shared by the full
// check and the fast path. Internal to src/core/order.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace orderctl::core::order_text {

// Character classes, one table lookup per character: the id and SKU rules run on every order,
// and a chain of range tests per character cost more than the rest of their checks.
enum CharClass : unsigned char {
    kUpper = 1,
    kDigit = 2,
    kLower = 4,
    kDash = 8,        // '-'
    kUnderscore = 16  // '_'
};
inline constexpr std::array<unsigned char, 256> kCharClasses = [] {
    std::array<unsigned char, 256> classes{};
    for (int c = 'A'; c <= 'Z'; ++c) classes[c] = kUpper;
    for (int c = 'a'; c <= 'z'; ++c) classes[c] = kLower;
    for (int c = '0'; c <= '9'; ++c) classes[c] = kDigit;
    classes['-'] = kDash;
    classes['_'] = kUnderscore;
    return classes;
}();
inline bool in_class(char c, unsigned mask) {
    return (kCharClasses[static_cast<unsigned char>(c)] & mask) != 0;
}
// True when every character of `s` is in `mask`.
inline bool all_in_class(std::string_view s, unsigned mask) {
    for (char c : s) {
        if (!in_class(c, mask)) return false;
    }
    return true;
}

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
inline bool is_alnum(char c) {
    return in_class(c, kUpper | kLower | kDigit);
}

// ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$
inline bool is_order_id(std::string_view s) {
    if (s.empty() || s.size() > 64 || !is_alnum(s[0])) return false;
    return all_in_class(s.substr(1), kUpper | kLower | kDigit | kDash | kUnderscore);
}

// ^[A-Z0-9][A-Z0-9-]{1,31}$
inline bool is_sku(std::string_view s) {
    if (s.size() < 2 || s.size() > 32 || s[0] == '-') return false;
    return all_in_class(s, kUpper | kDigit | kDash);
}

inline bool is_upper_letters(std::string_view s, std::size_t count) {
    return s.size() == count && all_in_class(s, kUpper);
}

}  // namespace orderctl::core::order_text
