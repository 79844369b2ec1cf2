// One invalid line per rule of docs/order-format.md, each with the start of the message it
// must produce: the JSON path first, so users see where the problem is.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/order/iso_codes.h"
#include "core/order/order_validator.h"
#include "test_order_validator_fixture.h"

using order_test::kOrder12345;
using order_test::with;
using orderctl::core::is_iso3166_country;
using orderctl::core::is_iso4217_currency;
using orderctl::core::OrderValidator;

namespace {

// `count` distinct extra fields "f0":0,"f1":0,... each followed by a comma.
std::string many_fields(int count) {
    std::string fields;
    for (int i = 0; i < count; ++i) fields += "\"f" + std::to_string(i) + "\":0,";
    return fields;
}

struct Case {
    std::string line;
    std::string message;  // the error must start with this
};

std::string without(std::string_view field) {
    return with(field, R"("ignored_field")");
}

std::vector<Case> invalid_cases() {
    const std::string dec = "must be a decimal string";
    return {
        // The line as a whole.
        {"", "empty line"},
        {R"({"order_id":"12345")", "not valid JSON"},
        {"[" + kOrder12345 + "]", "the line must hold a JSON object, got an array"},
        {R"("12345")", "the line must hold a JSON object, got '12345'"},
        {"null", "the line must hold a JSON object, got null"},
        {kOrder12345 + "x", "not valid JSON"},
        {kOrder12345 + kOrder12345, "not valid JSON"},
        {kOrder12345 + ",", "not valid JSON"},
        {with("C-1042", std::string("C-10\0"
                                    "42",
                                    6)),
         "line contains a NUL byte"},
        {with("Ada Lovelace", "Ada \xff"), "not valid UTF-8"},
        {with("Ada Lovelace", "Ada \xc0\xaf"), "not valid UTF-8"},              // overlong
        {with("Ada Lovelace", "Ada \xed\xa0\x80"), "not valid UTF-8"},          // raw surrogate
        {with("Ada Lovelace", R"(Ada \ud800)"), "not valid JSON: bad escape"},  // lone surrogate
        {with("Ada Lovelace", R"(Ada \x41)"), "not valid JSON: bad escape"},
        {with("Ada Lovelace", "Ada\tLovelace"), "not valid JSON: a control character"},
        {with(R"({"order_id")", R"({"x":NaN,"order_id")"), "not valid JSON"},
        {with(R"({"order_id")", R"({"x":1e999,"order_id")"), "not valid JSON"},
        {with(R"({"order_id")", R"({"x":[1,,2],"order_id")"), "not valid JSON"},
        {with(R"({"order_id")", R"({'x':1,"order_id")"), "not valid JSON"},
        // Duplicate names, anywhere.
        {with(R"("total":"96.87")", R"("total":"96.87","total":"0")"), "duplicate field 'total'"},
        {with(R"("total":"96.87")", R"("total":"96.87","tot\u0061l":"0")"),
         "duplicate field 'total'"},
        {with(R"("quantity":1,)", R"("quantity":1,"quantity":1,)"),
         "items[1]: duplicate field 'quantity'"},
        {with(R"("country":"DE")", R"("country":"DE","country":"FR")"),
         "shipping: duplicate field 'country'"},
        {with(R"("method":"card")", R"("method":"card","method":"paypal")"),
         "payment: duplicate field 'method'"},
        {with(R"({"order_id")", R"({"meta":{"a":[{"b":1,"b":2}]},"order_id")"),
         "meta.a[0]: duplicate field 'b'"},
        {with(R"({"order_id")", R"({"x":1,"y":2,"x":3,"order_id")"), "duplicate field 'x'"},
        {with(R"({"order_id")", R"({"order_id":"1","order_id")"), "duplicate field 'order_id'"},
        {with(R"("country":"DE")", R"("country":"DE","note":{"a":1,"a":2})"),
         "shipping.note: duplicate field 'a'"},
        {with(R"("country":"DE")", R"("note":1,"country":"DE","note":2)"),
         "shipping: duplicate field 'note'"},
        {with(R"("method":"card")", R"("method":"card","meta":[[{"k":1,"k":2}]])"),
         "payment.meta[0][0]: duplicate field 'k'"},
        {with(R"("quantity":1,)", R"("sku":"SKU-9","quantity":1,)"),
         "items[1]: duplicate field 'sku'"},
        {with(R"({"order_id")", "{" + many_fields(40) + R"("f7":0,"order_id")"),
         "duplicate field 'f7'"},
        // Required fields.
        {without(R"("order_id")"), "missing key field 'order_id'"},
        {without(R"("customer_id")"), "missing required field 'customer_id'"},
        {without(R"("created_at")"), "missing required field 'created_at'"},
        {without(R"("currency")"), "missing required field 'currency'"},
        {without(R"("items")"), "missing required field 'items'"},
        {without(R"("total")"), "missing required field 'total'"},
        {without(R"("shipping")"), "missing required field 'shipping'"},
        {without(R"("payment")"), "missing required field 'payment'"},
        // order_id and customer_id.
        {with(R"("order_id":"12345")", R"("order_id":12345)"), "order_id: must be a string"},
        {with(R"("order_id":"12345")", R"("order_id":"")"), "order_id: the key field must not"},
        {with(R"("order_id":"12345")", R"("order_id":"12 345")"), "order_id: must be 1 to 64"},
        {with(R"("order_id":"12345")", R"("order_id":"-12345")"), "order_id: must be 1 to 64"},
        {with(R"("order_id":"12345")", R"("order_id":"12345\n")"), "order_id: must be 1 to 64"},
        {with(R"("order_id":"12345")", "\"order_id\":\"" + std::string(65, 'A') + "\""),
         "order_id: must be 1 to 64"},
        {with(R"("C-1042")", "1042"), "customer_id: must be a string, got 1042"},
        // created_at.
        {with("2026-11-27T10", "2026-11-27t10"), "created_at: must be an RFC 3339 date-time"},
        {with("10:15:30Z", "10:15:30z"), "created_at: must be an RFC 3339 date-time"},
        {with("10:15:30Z", "10:15Z"), "created_at: must be an RFC 3339 date-time"},
        {with("10:15:30Z", "10:15:30"), "created_at: must be an RFC 3339 date-time"},
        {with("10:15:30Z", "10:15:30.Z"), "created_at: must be an RFC 3339 date-time"},
        {with("10:15:30Z", "10:15:30+1:00"), "created_at: must be an RFC 3339 date-time"},
        {with("10:15:30Z", "10:15:30+0100"), "created_at: must be an RFC 3339 date-time"},
        {with("2026-11-27T", "2026-11-27 "), "created_at: must be an RFC 3339 date-time"},
        {with("2026-11-27", "2026-02-30"), "created_at: no such date or time"},
        {with("2026-11-27", "2025-02-29"), "created_at: no such date or time"},
        {with("2026-11-27", "1900-02-29"), "created_at: no such date or time"},
        {with("2026-11-27", "2026-13-01"), "created_at: no such date or time"},
        {with("2026-11-27", "0000-01-01"), "created_at: no such date or time"},
        {with("10:15:30Z", "24:00:00Z"), "created_at: no such date or time"},
        {with("10:15:30Z", "10:15:61Z"), "created_at: no such date or time"},
        {with("10:15:30Z", "10:15:30+24:00"), "created_at: no such date or time"},
        // currency.
        {with(R"("EUR")", R"("eur")"), "currency: must be three upper-case letters"},
        {with(R"("EUR")", R"("EURO")"), "currency: must be three upper-case letters"},
        {with(R"("EUR")", R"("XYZ")"), "currency: 'XYZ' is not an ISO 4217 currency code"},
        {with(R"("EUR")", R"("HRK")"), "currency: 'HRK' is not an ISO 4217"},  // withdrawn
        // items.
        {with(R"("items":[)", R"("items":"none","x":[)"), "items: must be an array"},
        {R"({"order_id":"1","customer_id":"c","created_at":"2026-11-27T10:15:30Z","currency":"EUR",)"
         R"("items":[],"total":"0","shipping":{"country":"DE"},"payment":{"method":"card"}})",
         "items: must hold at least one item"},
        {with(R"([{"sku":"SKU-1001")", R"(["SKU-1001",{"sku":"SKU-1001")"),
         "items[0]: must be an object, got 'SKU-1001'"},
        {with(R"("quantity":2,)", R"("quantity":2,"discount":"1.00",)"),
         "items[0]: unknown field 'discount'"},
        {with(R"("name":"Espresso)", R"("nmae":"Espresso)"), "items[0]: unknown field 'nmae'"},
        {with(R"({"sku":"SKU-4001",)", "{"), "items[2]: missing required field 'sku'"},
        {with(R"("quantity":2,)", ""), "items[0]: missing required field 'quantity'"},
        {with(R"(,"unit_price":"19.99")", ""), "items[0]: missing required field 'unit_price'"},
        {with("SKU-1001", "sku-1001"), "items[0].sku: must be 2 to 32"},
        {with("SKU-2007", "S"), "items[1].sku: must be 2 to 32"},
        {with("SKU-2007", "-SKU"), "items[1].sku: must be 2 to 32"},
        {with("SKU-2007", std::string(33, 'S')), "items[1].sku: must be 2 to 32"},
        {with(R"("sku":"SKU-2007")", R"("sku":2007)"), "items[1].sku: must be 2 to 32"},
        {with(R"("Milk frother")", "7"), "items[1].name: must be a string, got 7"},
        // quantity: a JSON integer from 1 to 10000.
        {with(R"("quantity":1,)", R"("quantity":0,)"),
         "items[1].quantity: must be an integer from 1 to 10000, got 0"},
        {with(R"("quantity":2)", R"("quantity":10001)"), "items[0].quantity: must be an integer"},
        {with(R"("quantity":2)", R"("quantity":-1)"), "items[0].quantity: must be an integer"},
        {with(R"("quantity":2)", R"("quantity":2.0)"), "items[0].quantity: must be an integer"},
        {with(R"("quantity":2)", R"("quantity":1e3)"), "items[0].quantity: must be an integer"},
        {with(R"("quantity":2)", R"("quantity":"2")"),
         "items[0].quantity: must be an integer from 1 to 10000, got '2'"},
        {with(R"("quantity":2)", R"("quantity":true)"),
         "items[0].quantity: must be an integer from 1 to 10000, got true"},
        {with(R"("quantity":2)", R"("quantity":null)"), "items[0].quantity: must be an integer"},
        {with(R"("quantity":2)", R"("quantity":18446744073709551615)"),
         "items[0].quantity: must be an integer"},
        // Money: decimal strings.
        {with(R"("19.99")", "19.99"), "items[0].unit_price: " + dec},
        {with(R"("19.99")", R"("019.99")"), "items[0].unit_price: " + dec},
        {with(R"("19.99")", R"("-1.00")"), "items[0].unit_price: " + dec},
        {with(R"("19.99")", R"("1e3")"), "items[0].unit_price: " + dec},
        {with(R"("19.99")", R"("19.")"), "items[0].unit_price: " + dec},
        {with(R"("19.99")", R"(".99")"), "items[0].unit_price: " + dec},
        {with(R"("19.99")", R"("1,200.00")"), "items[0].unit_price: " + dec},
        {with(R"("19.99")", R"("19.99999")"), "items[0].unit_price: " + dec},
        {with(R"("19.99")", R"("1234567890123")"), "items[0].unit_price: " + dec},
        {with(R"("96.87")", "96.87"), "total: " + dec},
        {with(R"("96.87")", R"(" 96.87")"), "total: " + dec},
        // The total rule.
        {with(R"("96.87")", R"("96.86")"),
         "total: '96.86' is not the exact sum of quantity x unit_price over the items, 96.87"},
        {with(R"("96.87")", R"("96.88")"), "total: '96.88' is not the exact sum"},
        {with(R"("96.87")", R"("96.8701")"), "total: '96.8701' is not the exact sum"},
        // shipping.
        {with(R"("shipping":{)", R"("shipping":"DE","s":{)"), "shipping: must be an object"},
        {with(R"(,"country":"DE")", ""), "shipping: missing required field 'country'"},
        {with(R"("country":"DE")", R"("country":"de")"), "shipping.country: must be two"},
        {with(R"("country":"DE")", R"("country":"DEU")"), "shipping.country: must be two"},
        {with(R"("country":"DE")", R"("country":"XX")"),
         "shipping.country: 'XX' is not an ISO 3166-1 alpha-2 country code"},
        {with(R"("country":"DE")", R"("country":"UK")"), "shipping.country: 'UK' is not"},
        {with(R"("Berlin")", "null"), "shipping.city: must be a string, got null"},
        {with(R"("10117")", "10117"), "shipping.postal_code: must be a string, got 10117"},
        // payment.
        {with(R"("payment":{)", R"("payment":[],"p":{)"),
         "payment: must be an object, got an array"},
        {with(R"("method":"card",)", ""), "payment: missing required field 'method'"},
        {with(R"("method":"card")", R"("method":"cash")"),
         "payment.method: must be one of card, paypal, invoice, bank_transfer, got 'cash'"},
        {with(R"("method":"card")", R"("method":"Card")"), "payment.method: must be one of"},
        {with(R"("method":"card")", R"("method":1)"), "payment.method: must be one of"},
        {with(R"("tok_visa_4242")", "false"), "payment.token: must be a string, got false"},
    };
}

}  // namespace

TEST_CASE("order validator: every rule rejects its invalid line with the right path") {
    OrderValidator validator;
    auto cases = invalid_cases();
    CHECK(cases.size() >= 100);
    for (const auto& c : cases) {
        auto check = validator.check(c.line);
        CAPTURE(c.line);
        CHECK_FALSE(check.valid);
        CHECK_MESSAGE(check.error.rfind(c.message, 0) == 0, "got: ", check.error,
                      "\nwanted: ", c.message);
    }
}

TEST_CASE("order validator: check_padded, in place, says exactly what check says") {
    OrderValidator validator, in_place;
    auto cases = invalid_cases();
    cases.push_back({order_test::kOrder12345, ""});
    cases.push_back({"", ""});
    for (const auto& c : cases) {
        // The line between other bytes, as in produce's batches: text before, NULs after.
        const std::string before = "{\"before\":1}";
        std::string batch =
            before + c.line + std::string(OrderValidator::kReadPastEnd, '\0') + "{\"after\":2}";
        auto padded =
            in_place.check_padded(std::string_view(batch).substr(before.size(), c.line.size()));
        auto copied = validator.check(c.line);
        CAPTURE(c.line);
        CHECK(padded.valid == copied.valid);
        CHECK(padded.key == copied.key);
        CHECK(padded.error == copied.error);
    }
}

TEST_CASE("order validator: the fast path changes no verdict, key or message") {
    OrderValidator fast, full;
    full.use_fast_path(false);
    std::vector<std::string> lines;
    for (const auto& c : invalid_cases()) lines.push_back(c.line);
    // Every byte of a valid order deleted, doubled, or replaced by a byte that matters to
    // JSON or UTF-8: thousands of near misses on either side of the line.
    for (const std::string& order :
         {order_test::kOrder12345,
          with(R"({"order_id")",
               R"({"channel":"web","n":{"a":[1,-2.5,null,true],"b":"x"},"order_id")")}) {
        for (std::size_t i = 0; i < order.size(); ++i) {
            lines.push_back(order.substr(0, i) + order.substr(i + 1));
            lines.push_back(order.substr(0, i + 1) + order.substr(i));
            for (char c : std::string("\"\\{}[],:0 .e-\x80\xff\tn1", 19))
                lines.push_back(order.substr(0, i) + c + order.substr(i + 1));
        }
    }
    int agreed_valid = 0;
    for (const auto& line : lines) {
        auto a = fast.check(line);
        auto b = full.check(line);
        CAPTURE(line);
        CHECK(a.valid == b.valid);
        CHECK(a.key == b.key);
        CHECK(a.error == b.error);
        agreed_valid += a.valid && b.valid;
    }
    CHECK(lines.size() > 18000);
    CHECK(agreed_valid > 100);  // replacing a name's letter by a space, say, is still valid
}

TEST_CASE("order validator: values in messages are quoted, escaped and shortened") {
    OrderValidator validator;
    auto check = validator.check(
        with(R"("method":"card")", "\"method\":\"x\\u001b[31m" + std::string(100, 'y') + "\""));
    CHECK_FALSE(check.valid);
    CHECK(check.error.find("got 'x\\u001b[31myyy") != std::string::npos);
    CHECK(check.error.find('\x1b') == std::string::npos);
    CHECK(check.error.size() < 150);
    CHECK(check.error.substr(check.error.size() - 4) == "'...");
}

TEST_CASE("order validator: a NUL byte anywhere in a valid order is refused as such") {
    // The NUL scan runs only once parsing failed: this proves no NUL can parse.
    OrderValidator validator;
    REQUIRE(validator.check(kOrder12345).valid);
    for (std::size_t at = 0; at <= kOrder12345.size(); ++at) {
        std::string line = kOrder12345;
        line.insert(at, 1, '\0');
        auto check = validator.check(line);
        CAPTURE(at);
        CHECK_FALSE(check.valid);
        CHECK(check.error == "line contains a NUL byte");
    }
}

TEST_CASE("ISO code sets: exact membership, letters and length checked") {
    for (const char* code : {"EUR", "USD", "AED", "ZWL", "XXX", "XCG"})
        CHECK(is_iso4217_currency(code));
    for (const char* code : {"HRK", "EUX", "eur", "EU", "EURO", "", "E1R", "AAA", "ZZZ", "@@@"})
        CHECK_FALSE(is_iso4217_currency(code));
    for (const char* code : {"DE", "US", "AD", "ZW", "GB"}) CHECK(is_iso3166_country(code));
    for (const char* code : {"UK", "de", "D", "DEU", "", "AA", "ZZ", "[A"})
        CHECK_FALSE(is_iso3166_country(code));
}

TEST_CASE("order validator: many distinct extra fields, nested too, are no duplicates") {
    OrderValidator validator;
    auto check = validator.check(with(
        R"({"order_id")", "{" + many_fields(200) + R"("meta":{"a":[{"b":1},{"b":2}]},"order_id")"));
    CHECK_MESSAGE(check.valid, check.error);
}
