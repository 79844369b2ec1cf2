#include <doctest/doctest.h>

#include <string>

#include "core/order/decimal.h"

using orderctl::core::Decimal;

namespace {
Decimal money(const char* text) {
    auto value = Decimal::parse(text);
    REQUIRE_MESSAGE(value.has_value(), text);
    return *value;
}
}  // namespace

TEST_CASE("order decimal: parses the documented valid amounts into 10^-4 units") {
    CHECK(money("19.99").units() == 199900);
    CHECK(money("0.5").units() == 5000);
    CHECK(money("1200").units() == 12000000);
    CHECK(money("0").units() == 0);
    CHECK(money("0.0450").units() == 450);
    CHECK(money("0.0001").units() == 1);
    CHECK(money("999999999999").units() == 9999999999990000);  // 12 digits
    CHECK(money("999999999999.9999").units() == 9999999999999999);
}

TEST_CASE("order decimal: refuses every text outside the pattern") {
    for (const char* text : {"",         "019.99",
                             "-1.00",    "+1",
                             "1e3",      "19.",
                             ".99",      "1,200.00",
                             "19.99999", " 19.99",
                             "19.99 ",   "1234567890123",
                             "00",       "0x10",
                             "1.2.3",    "١٢",
                             "NaN",      "Infinity",
                             "1_000",    "0.",
                             ".",        "00.5",
                             "1..2",     "1.2a",
                             "12a",      "99999999999999999999.5"}) {
        CHECK_MESSAGE(!Decimal::parse(text).has_value(), text);
    }
}

TEST_CASE("order decimal: numbers compare by value, not by text") {
    CHECK(money("40") == money("40.00"));
    CHECK(money("96.87") == money("96.8700"));
    CHECK(money("96.86") < money("96.87"));
    CHECK(money("0.0001") > money("0"));
}

TEST_CASE("order decimal: exact products and sums, never floating point") {
    // 3 x 19.99 + 9.49 + 4.99 is 74.45 exactly (74.44999999999999 in binary floating point).
    Decimal sum = money("19.99").times(3) + money("9.49").times(1) + money("4.99").times(1);
    CHECK(sum == money("74.45"));
    CHECK(sum.to_string() == "74.45");

    CHECK(money("0.0001").times(10000) == money("1"));
    CHECK(money("0").times(10000) == money("0"));

    // The largest line amount, 10000 x 999999999999.9999, needs more than 64 bits.
    Decimal line = money("999999999999.9999").times(10000);
    CHECK(line.to_string() == "9999999999999999");
    Decimal total;
    for (int i = 0; i < 1000; ++i) total += line;
    CHECK(total.to_string() == "9999999999999999000");
    CHECK(total > money("999999999999.9999"));  // larger than any total a line can write
}

TEST_CASE("order decimal: to_string drops trailing fractional zeros only") {
    CHECK(money("40.00").to_string() == "40");
    CHECK(money("0.0450").to_string() == "0.045");
    CHECK(money("0.0001").to_string() == "0.0001");
    CHECK(money("1200").to_string() == "1200");
    CHECK(money("0").to_string() == "0");
    CHECK(Decimal::from_units(-15000).to_string() == "-1.5");
}
