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
    // One pass, no search for the point first: every order parses one amount per item and
    // its total, so this is on produce's hot path.
    static constexpr std::int64_t kPowersOfTen[] = {1, 10, 100, 1000, 10000};
    static_assert(sizeof kPowersOfTen / sizeof kPowersOfTen[0] == kScale + 1);
    const char* p = text.data();
    const char* const end = p + text.size();

    std::int64_t units = 0;  // at most 16 digits: fits int64 easily
    int whole_digits = 0;
    for (; p != end && is_digit(*p); ++p) {
        if (++whole_digits > kMaxIntegerDigits) return std::nullopt;
        units = units * 10 + (*p - '0');
    }
    if (whole_digits == 0) return std::nullopt;
    if (whole_digits > 1 && text[0] == '0') return std::nullopt;  // no leading zero but "0"

    int fraction_digits = 0;
    if (p != end) {
        if (*p != '.') return std::nullopt;
        for (++p; p != end && is_digit(*p); ++p) {
            if (++fraction_digits > kScale) return std::nullopt;
            units = units * 10 + (*p - '0');
        }
        if (fraction_digits == 0 || p != end) return std::nullopt;
    }
    return Decimal(units * kPowersOfTen[kScale - fraction_digits]);
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
