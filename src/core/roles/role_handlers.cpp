#include "core/roles/role_handlers.h"

#include <simdjson.h>

#include <charconv>
#include <fstream>

#include "core/error.h"
#include "core/record/envelope_writer.h"

// The handlers read the order with simdjson and write the outcome as text. They run once per
// record on the role service's hot path, where a DOM library with a map node per key cost the
// service more than half of its CPU (bench/README.md).

namespace orderctl::core {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

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

// The order passed OrderValidator, so a wrong type here means a caller skipped it.
[[noreturn]] void unreadable(const char* what) {
    throw Error(ErrorKind::Failure, std::string("unreadable order: ") + what);
}

std::string_view text_at(object o, std::string_view key) {
    std::string_view text;
    if (o.at_key(key).get_string().get(text)) unreadable("a text field is missing");
    return text;
}

uint64_t quantity_of(object item) {
    uint64_t quantity = 0;
    if (item.at_key("quantity").get_uint64().get(quantity)) unreadable("bad quantity");
    return quantity;
}

Decimal money(object o, std::string_view key) {
    auto parsed = Decimal::parse(text_at(o, key));
    if (!parsed) unreadable("bad amount");
    return *parsed;
}

object object_at(object o, std::string_view key) {
    object inner;
    if (o.at_key(key).get_object().get(inner)) unreadable("an object field is missing");
    return inner;
}

simdjson::dom::array items_of(object order) {
    simdjson::dom::array items;
    if (order.at_key("items").get_array().get(items)) unreadable("no items");
    return items;
}

object item_object(element item) {
    object o;
    if (item.get_object().get(o)) unreadable("an item is not an object");
    return o;
}

// A compact JSON object written field by field, in the order the fields are added.
class OutcomeWriter {
  public:
    OutcomeWriter(std::string_view order_id, const char* role) {
        out_ = "{\"order_id\":";
        append_json_string(order_id, out_);
        text("role", role);
    }
    OutcomeWriter& text(const char* name, std::string_view value) {
        key(name);
        append_json_string(value, out_);
        return *this;
    }
    OutcomeWriter& number(const char* name, uint64_t value) {
        key(name);
        char digits[24];
        out_.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
        return *this;
    }
    // Opens a field whose value the caller writes through raw().
    std::string& raw(const char* name) {
        key(name);
        return out_;
    }
    std::string finish() {
        out_ += '}';
        return std::move(out_);
    }

  private:
    void key(const char* name) {
        out_ += ",\"";
        out_ += name;
        out_ += "\":";
    }
    std::string out_;
};

RoleOutcome inventory(object order, const RoleSettings& settings) {
    OutcomeWriter outcome(text_at(order, "order_id"), "inventory");
    std::string reservations = "[";
    std::string unknown;
    for (element entry : items_of(order)) {
        object item = item_object(entry);
        std::string_view sku = text_at(item, "sku");
        if (settings.catalog && !settings.catalog->count(std::string(sku))) {
            if (!unknown.empty()) unknown += ',';
            unknown += sku;
        }
        if (reservations.size() > 1) reservations += ',';
        reservations += "{\"sku\":";
        append_json_string(sku, reservations);
        reservations += ",\"quantity\":";
        reservations += std::to_string(quantity_of(item));
        reservations += '}';
    }
    if (!unknown.empty()) {
        outcome.text("status", "rejected").text("reason", "unknown sku: " + unknown);
        return {"rejected", outcome.finish()};
    }
    reservations += ']';
    outcome.text("status", "reserved").raw("reservations") += reservations;
    return {"reserved", outcome.finish()};
}

RoleOutcome payment(object order, const RoleSettings& settings) {
    Decimal amount;
    for (element entry : items_of(order)) {
        object item = item_object(entry);
        amount += money(item, "unit_price").times(static_cast<uint32_t>(quantity_of(item)));
    }
    const Decimal total = money(order, "total");
    object pay = object_at(order, "payment");
    std::string_view token;
    if (pay.at_key("token").get_string().get(token)) token = {};
    std::string reason;
    if (amount != total)
        reason = "total mismatch: items sum to " + amount.to_string();
    else if (token.substr(0, 11) == "tok_decline")
        reason = "payment token declined";
    else if (settings.limit && amount > *settings.limit)
        reason = "over the limit of " + settings.limit->to_string();
    const char* status = reason.empty() ? "authorized" : "declined";
    OutcomeWriter outcome(text_at(order, "order_id"), "payment");
    outcome.text("status", status)
        .text("amount", amount.to_string())
        .text("currency", text_at(order, "currency"))
        .text("method", text_at(pay, "method"));
    if (!reason.empty()) outcome.text("reason", reason);
    return {status, outcome.finish()};
}

RoleOutcome fulfillment(object order) {
    std::string_view country = text_at(object_at(order, "shipping"), "country");
    uint64_t units = 0;
    for (element entry : items_of(order)) units += quantity_of(item_object(entry));
    OutcomeWriter outcome(text_at(order, "order_id"), "fulfillment");
    outcome.text("status", "shipment-requested")
        .text("warehouse", warehouse_for(country))
        .text("country", country)
        .number("units", units);
    return {"shipment-requested", outcome.finish()};
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
    // One parser per thread, reused: its buffers grow to the largest order and stay.
    thread_local simdjson::dom::parser parser;
    object parsed;
    if (parser.parse(order.data(), order.size()).get_object().get(parsed))
        throw Error(ErrorKind::Failure, "unreadable order");
    switch (role) {
        case Role::Inventory:
            return inventory(parsed, settings);
        case Role::Payment:
            return payment(parsed, settings);
        case Role::Fulfillment:
            return fulfillment(parsed);
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
