#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "core/order/order_validator.h"
#include "test_order_validator_fixture.h"

using order_test::examples_file;
using order_test::kOrder12345;
using order_test::with;
using orderctl::core::OrderValidator;

TEST_CASE("order validator: all 120 example orders are valid, with their order ids as keys") {
    std::ifstream in(examples_file());
    REQUIRE(in.good());
    OrderValidator validator;
    std::string line;
    std::set<std::string> keys;
    int count = 0;
    while (std::getline(in, line)) {
        ++count;
        auto check = validator.check(line);
        CHECK_MESSAGE(check.valid, "line ", count, ": ", check.error);
        CHECK(check.error.empty());
        CHECK(line.find("\"order_id\":\"" + check.key + "\"") != std::string::npos);
        keys.insert(check.key);
    }
    CHECK(count == 120);
    CHECK(keys.size() == 120);
    CHECK(keys.count("12345") == 1);
    CHECK(keys.count("WEB-7781") == 1);
    CHECK(keys.count("B2B-2026-0117") == 1);
}

TEST_CASE("order validator: variants the rules allow are valid") {
    OrderValidator validator;
    for (const std::string& line : {
             kOrder12345,
             with(R"("96.87")", R"("96.870")"),  // totals compare as numbers
             with(R"("96.87")", R"("96.8700")"),
             with("10:15:30Z", "11:15:30.250+01:00"),
             with("10:15:30Z", "10:15:30.123456789-09:30"),
             with("2026-11-27T10:15:30Z", "2016-12-31T23:59:60Z"),  // leap second
             with("2026-11-27", "2024-02-29"),                      // leap year
             with("2026-11-27", "2000-02-29"),                      // leap century
             with(R"({"order_id")", R"({"channel":"web","note":{"a":[1,2.5,null]},"order_id")"),
             with(R"("country":"DE")", R"("country":"DE","floor":3)"),  // extra in shipping
             with(R"("method":"card")", R"("method":"card","wallet":"apple")"),
             with(R"("name":"Milk frother",)", ""),  // name is optional
             with(R"("token":"tok_visa_4242")", R"("token":"tok_decline_generic")"),
             with(R"("C-1042")", R"("C-\u00e9\ud83d\ude00\"")"),  // escapes, surrogate pair
             with(R"("Berlin")", R"("Zürich")"),
             " \t" + kOrder12345 + " \t",
             with(R"("quantity":2)", R"( "quantity" : 2 )"),
             with(R"("currency":"EUR")", R"("currency":"XCG")"),
             with(R"("country":"DE")", R"("country":"AX")"),
             with(R"("order_id":"12345")", R"("order_id":"a_-9")"),
         }) {
        auto check = validator.check(line);
        CHECK_MESSAGE(check.valid, line, " -> ", check.error);
    }
}

TEST_CASE("order validator: a sum of 40 matches totals 40, 40.0, 40.00 and 40.0000") {
    OrderValidator validator;
    std::string forty =
        R"({"order_id":"A","customer_id":"","created_at":"2026-01-01T00:00:00Z",)"
        R"("currency":"USD","items":[{"sku":"AB","quantity":4,"unit_price":"10"}],)"
        R"("total":"TOTAL","shipping":{"country":"US"},"payment":{"method":"invoice"}})";
    for (const char* total : {"40", "40.0", "40.00", "40.0000", "39.9999", "40.0001"}) {
        std::string line = forty;
        line.replace(line.find("TOTAL"), 5, total);
        bool exact =
            std::string_view(total).substr(0, 2) == "40" && std::string_view(total) != "40.0001";
        CHECK_MESSAGE(validator.check(line).valid == exact, total);
    }
}

TEST_CASE("order validator: custom key fields") {
    OrderValidator by_customer("customer_id");
    auto check = by_customer.check(kOrder12345);
    CHECK(check.valid);
    CHECK(check.key == "C-1042");

    OrderValidator by_store("store");
    check = by_store.check(with(R"({"order_id")", R"({"store":4711,"order_id")"));
    CHECK(check.valid);
    CHECK(check.key == "4711");  // an integer key is its decimal text

    check = by_store.check(kOrder12345);
    CHECK_FALSE(check.valid);
    CHECK(check.error == "missing key field 'store'");
    CHECK(check.key.empty());

    check = by_store.check(with(R"({"order_id")", R"({"store":{"id":1},"order_id")"));
    CHECK_FALSE(check.valid);
    CHECK(check.error.find("store: the key field must be a string or an integer") == 0);

    check = by_store.check(with(R"({"order_id")", R"({"store":1.5,"order_id")"));
    CHECK_FALSE(check.valid);

    check = by_customer.check(with(R"("C-1042")", R"("")"));
    CHECK_FALSE(check.valid);
    CHECK(check.error == "customer_id: the key field must not be empty");

    // The order rules still apply in full, and the key is still reported.
    check = by_customer.check(with(R"("96.87")", R"("96.86")"));
    CHECK_FALSE(check.valid);
    CHECK(check.key == "C-1042");
    CHECK(check.error.find("total:") == 0);
}

TEST_CASE("order validator: the key is reported for invalid orders when it can be read") {
    OrderValidator validator;
    auto check = validator.check(with(R"("quantity":2)", R"("quantity":0)"));
    CHECK_FALSE(check.valid);
    CHECK(check.key == "12345");
    check = validator.check("{\"order_id\":\"12345\"");  // no key from a line that is not JSON
    CHECK_FALSE(check.valid);
    CHECK(check.key.empty());
}

TEST_CASE("order validator: one instance checks many lines without carrying state over") {
    OrderValidator validator;
    std::string big = with(R"("Ada Lovelace")", '"' + std::string(100000, 'x') + '"');
    for (int round = 0; round < 3; ++round) {
        CHECK(validator.check(big).valid);
        CHECK_FALSE(validator.check(with(R"("DE")", R"("de")")).valid);
        CHECK(validator.check(kOrder12345).valid);
        CHECK_FALSE(validator.check("").valid);
    }
}
