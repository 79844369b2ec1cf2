// The fast path on its own: it must recognise the plain valid orders (or it saves nothing)
// and leave everything else to the full check. That it never disagrees with the full check is
// held in test_order_validator_rules.cpp and by the fuzz target.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/order/order_fast_path.h"
#include "test_order_validator_fixture.h"

using order_test::examples_file;
using order_test::kOrder12345;
using order_test::with;
using orderctl::core::fast_path_key_index;
using orderctl::core::fast_valid_order;

namespace {
bool fast(const std::string& line, std::string key_field = "order_id") {
    std::string key;
    return fast_valid_order(line, fast_path_key_index(key_field), key);
}
}  // namespace

TEST_CASE("fast path: every example order is recognised, with its key") {
    std::ifstream in(examples_file());
    REQUIRE(in.good());
    std::string line;
    int recognised = 0;
    while (std::getline(in, line)) {
        std::string key;
        const bool yes = fast_valid_order(line, fast_path_key_index("order_id"), key);
        CHECK_MESSAGE(yes, line);
        if (yes) {
            ++recognised;
            CHECK(line.find("\"order_id\":\"" + key + "\"") != std::string::npos);
        }
    }
    CHECK(recognised == 120);
}

TEST_CASE("fast path: what it leaves to the full check") {
    CHECK(fast(kOrder12345));
    CHECK(fast(" \t" + kOrder12345 + " \t"));
    CHECK(fast(with(R"("Berlin")", R"("Zürich")")));  // UTF-8 in a string
    // Extra fields of any JSON kind, nested too, with distinct names.
    CHECK(fast(
        with(R"({"order_id")",
             R"({"channel":"web","note":{"a":[1,-2.5,0,null,true,false,{}],"b":[]},"order_id")")));
    CHECK(fast(with(R"("country":"DE")", R"("country":"DE","floor":3)")));
    CHECK(fast(with(R"("method":"card")", R"("method":"card","wallet":"apple")")));
    std::string key;
    CHECK(fast_valid_order(kOrder12345, fast_path_key_index("customer_id"), key));
    CHECK(key == "C-1042");
    for (const std::string& line : {
             with(R"("C-1042")", R"("C-\u00e9")"),              // an escape: valid, but not here
             with(R"({"order_id")", R"({"x":1e3,"order_id")"),  // an exponent: the same
             with(R"({"order_id")", R"({"x":1234567890123456,"order_id")"),     // 16 digits
             with(R"({"order_id")", R"({"x":[[[[[[[[[1]]]]]]]]],"order_id")"),  // 9 levels
             with(R"({"order_id")", R"({"x":1,"x":2,"order_id")"),  // duplicates: invalid
             with(R"({"order_id")", R"({"x":{"a":1,"a":2},"order_id")"),
             with(R"("country":"DE")", R"("country":"DE","f":1,"f":1)"),
             with(R"({"order_id")", R"({"x":tru,"order_id")"),  // not JSON
             with(R"({"order_id")", R"({"x":01,"order_id")"),
             with(R"({"order_id")", R"({"x":-,"order_id")"),
             with(R"({"order_id")", R"({"x":1.,"order_id")"),
             with(R"({"order_id")", R"({"x":[1,],"order_id")"),
             with(R"("sku":"SKU-1001")", R"("sku":"SKU-1001","x":1)"),  // unknown in an item
             with(R"("quantity":2)", R"("quantity":2.0)"),              // invalid
             with(R"("quantity":2)", R"("quantity":02)"),               // not JSON
             with(R"("quantity":1)", R"("quantity":10001)"),            // out of range
             with(R"("96.87")", R"("96.88")"),                          // the total rule
             with(R"("order_id":"12345")", R"("order_id":"12345","order_id":"1")"),
             with(R"("sku":"SKU-1001")", R"("sku":"SKU-1001","sku":"SKU-1002")"),
             with(R"("Berlin")", "\"Berl\xC3\""),      // a cut UTF-8 sequence
             with(R"("Berlin")", "\"\xED\xA0\x80\""),  // a UTF-16 surrogate in UTF-8
             with(R"("Berlin")", "\"\xC0\xAF\""),      // an overlong form
             kOrder12345 + ",",
             kOrder12345 + "{}",
             with(R"("items":[)", R"("items":[],"x":[)"),
             std::string(R"({"order_id":"1"})"),
             std::string(),
         }) {
        CAPTURE(line);
        CHECK_FALSE(fast(line));
    }
    CHECK_FALSE(fast(kOrder12345, "items"));  // not a string field
    CHECK_FALSE(fast(kOrder12345, "nothing"));
}
