// Shared by the order validator tests: order 12345 of examples/orders.jsonl, a way to
// derive variants of it, and the examples file itself.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace order_test {

inline const std::string kOrder12345 =
    R"({"order_id":"12345","customer_id":"C-1042","created_at":"2026-11-27T10:15:30Z",)"
    R"("currency":"EUR","items":[{"sku":"SKU-1001","name":"Espresso beans 1kg","quantity":2,)"
    R"("unit_price":"19.99"},{"sku":"SKU-2007","name":"Milk frother","quantity":1,)"
    R"("unit_price":"39.99"},{"sku":"SKU-4001","name":"Ceramic cups, set of 2","quantity":1,)"
    R"("unit_price":"16.90"}],"total":"96.87","shipping":{"name":"Ada Lovelace",)"
    R"("street":"Unter den Linden 1","city":"Berlin","postal_code":"10117","country":"DE"},)"
    R"("payment":{"method":"card","token":"tok_visa_4242"}})";

// Order 12345 with the first occurrence of `from` replaced by `to`; `from` must occur.
inline std::string with(std::string_view from, std::string_view to) {
    std::string line = kOrder12345;
    auto at = line.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    line.replace(at, from.size(), to);
    return line;
}

// examples/orders.jsonl. ORDERCTL_TEST_DATA is a folder under tests/ that need not exist:
// walk up to the source tree.
inline std::filesystem::path examples_file() {
    std::filesystem::path dir(ORDERCTL_TEST_DATA);
    for (; dir.has_relative_path(); dir = dir.parent_path()) {
        if (std::filesystem::exists(dir / "examples" / "orders.jsonl")) break;
    }
    return dir / "examples" / "orders.jsonl";
}

}  // namespace order_test
