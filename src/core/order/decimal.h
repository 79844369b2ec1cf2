// Exact decimal money for the order format: amounts are scaled integers in units of 10^-4,
// so no binary floating point is ever involved (docs/order-format.md, "Money is exact").
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orderctl::core {

// 128 bits so that 10000 × the largest 16-digit amount, summed over millions of items,
// cannot overflow. __extension__ keeps -Wpedantic quiet about the GNU type.
__extension__ typedef __int128 DecimalUnits;

class Decimal {
  public:
    static constexpr int kScale = 4;              // digits after the point
    static constexpr int kMaxIntegerDigits = 12;  // digits before the point
    static constexpr std::int64_t kUnitsPerOne = 10000;

    Decimal() = default;

    // Parses ^(0|[1-9][0-9]{0,11})(\.[0-9]{1,4})?$ exactly; anything else is nullopt.
    static std::optional<Decimal> parse(std::string_view text);
    static Decimal from_units(DecimalUnits units) { return Decimal(units); }

    DecimalUnits units() const { return units_; }

    // Never overflows for the values an order can hold (see DecimalUnits).
    Decimal times(std::uint32_t quantity) const { return Decimal(units_ * quantity); }
    Decimal operator+(Decimal other) const { return Decimal(units_ + other.units_); }
    Decimal& operator+=(Decimal other) {
        units_ += other.units_;
        return *this;
    }
    friend bool operator==(Decimal a, Decimal b) { return a.units_ == b.units_; }
    friend std::strong_ordering operator<=>(Decimal a, Decimal b) { return a.units_ <=> b.units_; }

    // Plain decimal text without trailing fractional zeros: 96.87, 40, 0.0001. Any size.
    std::string to_string() const;

  private:
    explicit Decimal(DecimalUnits units) : units_(units) {}
    DecimalUnits units_ = 0;
};

}  // namespace orderctl::core
