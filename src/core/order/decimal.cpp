#include "core/order/decimal.h"

#include <algorithm>

namespace orderctl::core {

namespace {
__extension__ typedef unsigned __int128 UnsignedUnits;
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
    std::size_t dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    if (whole.empty() || whole.size() > kMaxIntegerDigits) return std::nullopt;
    if (whole.size() > 1 && whole[0] == '0') return std::nullopt;  // no leading zero but "0"

    std::int64_t units = 0;  // at most 16 digits: fits int64 easily
    for (char c : whole) {
        if (!is_digit(c)) return std::nullopt;
        units = units * 10 + (c - '0');
    }
    int fraction_digits = 0;
    if (dot != std::string_view::npos) {
        std::string_view fraction = text.substr(dot + 1);
        if (fraction.empty() || fraction.size() > kScale) return std::nullopt;
        for (char c : fraction) {
            if (!is_digit(c)) return std::nullopt;
            units = units * 10 + (c - '0');
        }
        fraction_digits = static_cast<int>(fraction.size());
    }
    for (int i = fraction_digits; i < kScale; ++i) units *= 10;
    return Decimal(units);
}

std::string Decimal::to_string() const {
    // Digits are produced from the least significant end; __int128 has no std::to_chars.
    bool negative = units_ < 0;
    UnsignedUnits rest =
        negative ? -static_cast<UnsignedUnits>(units_) : static_cast<UnsignedUnits>(units_);
    std::string digits;
    do {
        digits.push_back(static_cast<char>('0' + static_cast<int>(rest % 10)));
        rest /= 10;
    } while (rest != 0);
    while (digits.size() <= static_cast<std::size_t>(kScale)) digits.push_back('0');
    std::reverse(digits.begin(), digits.end());

    std::string out = negative ? "-" : "";
    out.append(digits, 0, digits.size() - kScale);
    std::string fraction = digits.substr(digits.size() - kScale);
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    if (!fraction.empty()) out += "." + fraction;
    return out;
}

}  // namespace orderctl::core
