// The built-in role handlers: outcomes by content, exact money, the documented rules.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/roles/role_handlers.h"

using namespace orderctl::core;

namespace {

const char* kOrder =
    R"({"order_id":"12345","customer_id":"C-1","created_at":"2026-11-27T10:15:30Z","currency":"EUR",)"
    R"("items":[{"sku":"SKU-1001","quantity":2,"unit_price":"19.99"},{"sku":"SKU-2007","quantity":1,"unit_price":"0.10"}],)"
    R"("total":"40.08","shipping":{"country":"DE"},"payment":{"method":"card","token":"tok_visa"}})";

nlohmann::json outcome(Role role, const std::string& order, RoleSettings settings = {}) {
    return nlohmann::json::parse(handle_order(role, order, settings).json);
}

std::string with(std::string order, const std::string& from, const std::string& to) {
    order.replace(order.find(from), from.size(), to);
    return order;
}

}  // namespace

TEST_CASE("payment authorizes an exact total and computes it in decimal") {
    auto result = outcome(Role::Payment, kOrder);
    CHECK(result["status"] == "authorized");
    CHECK(result["amount"] == "40.08");  // 2 x 19.99 + 0.10, no binary rounding
}

TEST_CASE("payment declines a mismatch, a declining token, and amounts over the limit") {
    CHECK(outcome(Role::Payment, with(kOrder, "40.08", "40.07"))["reason"] ==
          "total mismatch: items sum to 40.08");
    CHECK(outcome(Role::Payment, with(kOrder, "tok_visa", "tok_decline_x"))["status"] ==
          "declined");
    RoleSettings limit;
    limit.limit = Decimal::parse("40.07");
    CHECK(outcome(Role::Payment, kOrder, limit)["status"] == "declined");
    limit.limit = Decimal::parse("40.08");
    CHECK(outcome(Role::Payment, kOrder, limit)["status"] == "authorized");
}

TEST_CASE("inventory reserves each line item, and rejects SKUs outside the catalog") {
    auto result = outcome(Role::Inventory, kOrder);
    CHECK(result["status"] == "reserved");
    CHECK(result["reservations"].size() == 2);
    CHECK(result["reservations"][0]["quantity"] == 2);
    RoleSettings catalog;
    catalog.catalog = std::set<std::string>{"SKU-1001"};
    auto rejected = outcome(Role::Inventory, kOrder, catalog);
    CHECK(rejected["status"] == "rejected");
    CHECK(rejected["reason"] == "unknown sku: SKU-2007");
}

TEST_CASE("fulfillment picks the warehouse from the shipping country") {
    CHECK(outcome(Role::Fulfillment, kOrder)["warehouse"] == "FRA-1");
    CHECK(outcome(Role::Fulfillment, with(kOrder, "\"DE\"", "\"US\""))["warehouse"] == "NJ-1");
    CHECK(outcome(Role::Fulfillment, with(kOrder, "\"DE\"", "\"GB\""))["warehouse"] == "MAN-1");
    CHECK(outcome(Role::Fulfillment, kOrder)["units"] == 3);
    CHECK(std::string(warehouse_for("JP")) == "FRA-1");
}

TEST_CASE("roles parse by name only") {
    CHECK(parse_role("payment") == Role::Payment);
    CHECK_FALSE(parse_role("Payment"));
    CHECK_THROWS_AS(handle_order(Role::Payment, "not json", {}), Error);
}

TEST_CASE("outcomes are compact JSON with a fixed field order, and text is escaped") {
    CHECK(handle_order(Role::Payment, kOrder, {}).json ==
          R"({"order_id":"12345","role":"payment","status":"authorized","amount":"40.08",)"
          R"("currency":"EUR","method":"card"})");
    CHECK(handle_order(Role::Fulfillment, kOrder, {}).json ==
          R"({"order_id":"12345","role":"fulfillment","status":"shipment-requested",)"
          R"("warehouse":"FRA-1","country":"DE","units":3})");
    auto odd = with(kOrder, "SKU-1001", R"(SKU-\"10\\01\u00e9\t)");
    auto reserved = handle_order(Role::Inventory, odd, {});
    CHECK(reserved.kind == "reserved");
    CHECK(reserved.json ==
          "{\"order_id\":\"12345\",\"role\":\"inventory\",\"status\":\"reserved\","
          "\"reservations\":[{\"sku\":\"SKU-\\\"10\\\\01\xc3\xa9\\t\",\"quantity\":2},"
          "{\"sku\":\"SKU-2007\",\"quantity\":1}]}");
    CHECK(nlohmann::json::parse(reserved.json)["reservations"][0]["sku"] ==
          "SKU-\"10\\01\xc3\xa9\t");
}

TEST_CASE("a declined payment names its reason last") {
    auto declined = handle_order(Role::Payment, with(kOrder, "tok_visa", "tok_decline"), {});
    CHECK(declined.kind == "declined");
    CHECK(declined.json ==
          R"({"order_id":"12345","role":"payment","status":"declined","amount":"40.08",)"
          R"("currency":"EUR","method":"card","reason":"payment token declined"})");
}
