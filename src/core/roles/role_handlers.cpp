#include "core/roles/role_handlers.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace orderctl::core {
namespace {

using Json = nlohmann::ordered_json;

// Warehouses by shipping country; everything else ships from the main European one.
struct WarehouseRule {
    const char* countries;
    const char* warehouse;
};
constexpr WarehouseRule kWarehouses[] = {
    {"DE AT CH PL CZ DK", "FRA-1"},
    {"FR ES IT PT BE NL LU", "AMS-1"},
    {"GB IE", "MAN-1"},
    {"SE NO FI", "GOT-1"},
    {"US CA MX", "NJ-1"},
};

Decimal money(const Json& value) {
    auto parsed = Decimal::parse(value.get<std::string>());
    if (!parsed) throw Error(ErrorKind::Failure, "unreadable amount");
    return *parsed;
}

RoleOutcome inventory(const Json& order, const RoleSettings& settings) {
    Json reservations = Json::array();
    std::string unknown;
    for (const auto& item : order["items"]) {
        auto sku = item["sku"].get<std::string>();
        if (settings.catalog && !settings.catalog->count(sku))
            unknown += (unknown.empty() ? "" : ",") + sku;
        reservations.push_back({{"sku", sku}, {"quantity", item["quantity"]}});
    }
    Json outcome = {{"order_id", order["order_id"]}, {"role", "inventory"}};
    if (!unknown.empty()) {
        outcome["status"] = "rejected";
        outcome["reason"] = "unknown sku: " + unknown;
        return {"rejected", outcome.dump()};
    }
    outcome["status"] = "reserved";
    outcome["reservations"] = reservations;
    return {"reserved", outcome.dump()};
}

RoleOutcome payment(const Json& order, const RoleSettings& settings) {
    Decimal amount;
    for (const auto& item : order["items"])
        amount += money(item["unit_price"]).times(item["quantity"].get<uint32_t>());
    const Decimal total = money(order["total"]);
    std::string token = order["payment"].value("token", "");
    std::string reason;
    if (amount != total)
        reason = "total mismatch: items sum to " + amount.to_string();
    else if (token.rfind("tok_decline", 0) == 0)
        reason = "payment token declined";
    else if (settings.limit && amount > *settings.limit)
        reason = "over the limit of " + settings.limit->to_string();
    Json outcome = {{"order_id", order["order_id"]},
                    {"role", "payment"},
                    {"status", reason.empty() ? "authorized" : "declined"},
                    {"amount", amount.to_string()},
                    {"currency", order["currency"]},
                    {"method", order["payment"]["method"]}};
    if (!reason.empty()) outcome["reason"] = reason;
    return {reason.empty() ? "authorized" : "declined", outcome.dump()};
}

RoleOutcome fulfillment(const Json& order) {
    auto country = order["shipping"]["country"].get<std::string>();
    uint64_t units = 0;
    for (const auto& item : order["items"]) units += item["quantity"].get<uint64_t>();
    Json outcome = {{"order_id", order["order_id"]},
                    {"role", "fulfillment"},
                    {"status", "shipment-requested"},
                    {"warehouse", warehouse_for(country)},
                    {"country", country},
                    {"units", units}};
    return {"shipment-requested", outcome.dump()};
}

}  // namespace

std::optional<Role> parse_role(std::string_view name) {
    if (name == "inventory") return Role::Inventory;
    if (name == "payment") return Role::Payment;
    if (name == "fulfillment") return Role::Fulfillment;
    return std::nullopt;
}

const char* role_name(Role role) {
    switch (role) {
        case Role::Inventory:
            return "inventory";
        case Role::Payment:
            return "payment";
        case Role::Fulfillment:
            return "fulfillment";
    }
    return "unknown";
}

const char* warehouse_for(std::string_view country) {
    for (const auto& rule : kWarehouses) {
        std::string_view countries(rule.countries);
        for (size_t at = 0; at + 2 <= countries.size(); at += 3)
            if (countries.substr(at, 2) == country) return rule.warehouse;
    }
    return "FRA-1";
}

RoleOutcome handle_order(Role role, std::string_view order, const RoleSettings& settings) {
    Json parsed = Json::parse(order, nullptr, false);
    if (parsed.is_discarded()) throw Error(ErrorKind::Failure, "unreadable order");
    try {
        switch (role) {
            case Role::Inventory:
                return inventory(parsed, settings);
            case Role::Payment:
                return payment(parsed, settings);
            case Role::Fulfillment:
                return fulfillment(parsed);
        }
    } catch (const nlohmann::json::exception& error) {
        throw Error(ErrorKind::Failure, std::string("unreadable order: ") + error.what());
    }
    throw Error(ErrorKind::Failure, "unknown role");
}

std::set<std::string> load_catalog(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorKind::Usage, "cannot read the catalog " + path);
    std::set<std::string> skus;
    for (std::string line; std::getline(in, line);) {
        auto start = line.find_first_not_of(" \t\r");
        if (start == std::string::npos || line[start] == '#') continue;
        auto end = line.find_last_not_of(" \t\r");
        skus.insert(line.substr(start, end - start + 1));
    }
    return skus;
}

}  // namespace orderctl::core
