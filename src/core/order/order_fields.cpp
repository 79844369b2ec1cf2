#include "core/order/order_fields.h"

#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/order/decimal.h"
#include "core/order/iso_codes.h"
#include "core/order/order_messages.h"
#include "core/order/order_text_rules.h"
#include "core/order/rfc3339.h"

namespace orderctl::core {

using order_messages::describe;
using order_messages::quoted;
using order_text::is_order_id;
using order_text::is_sku;
using order_text::is_upper_letters;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

namespace {

constexpr std::array<std::string_view, 8> kRequired = {
    "order_id", "customer_id", "created_at", "currency", "items", "total", "shipping", "payment"};
static_assert(kRequired.size() == 8, "OrderFieldChecker::fields_ holds one per required field");
enum Field { kOrderId, kCustomerId, kCreatedAt, kCurrency, kItems, kTotal, kShipping, kPayment };

constexpr std::string_view kDecimalRule =
    "must be a decimal string such as \"19.99\" (up to 12 digits, optionally a point and 1 to "
    "4 digits; no sign, exponent or leading zero)";

bool fail(std::string& error, std::string message) {
    error = std::move(message);
    return false;
}

// A JSON number where money belongs is the classic mistake: say how to write it.
std::string decimal_problem(element value) {
    return std::string(kDecimalRule) + ", got " + describe(value) +
           (value.is_number() ? " (write amounts in quotes)" : "");
}

std::string item_path(std::size_t index) {
    return "items[" + std::to_string(index) + "]";
}

// Length and first byte first: the names an order's objects hold that share a length differ
// in their first byte, so a mismatch rarely costs a memcmp call.
bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && (a.empty() || (a[0] == b[0] && a == b));
}

// One pass over an object's fields for the wanted names, instead of one at_key lookup per
// name: bit i of the result says names[i] was found, in fields[i]. A wanted name seen twice
// is left in `repeated`; the other fields go to `extras`, for their own duplicate check.
template <std::size_t N>
unsigned pick(object o, const std::array<std::string_view, N>& names,
              std::array<element, N>& fields, std::string_view& repeated,
              std::vector<std::pair<std::string_view, element>>& extras) {
    unsigned found = 0;
    repeated = {};
    extras.clear();
    for (auto field : o) {
        std::size_t i = 0;
        while (i < N && !same_name(field.key, names[i])) ++i;
        if (i == N) {
            extras.emplace_back(field.key, field.value);
        } else if (found & (1u << i)) {
            if (repeated.empty()) repeated = names[i];
        } else {
            fields[i] = field.value;
            found |= 1u << i;
        }
    }
    return found;
}

// A field `parent.name` that must be a string when present; the path is built only on failure.
bool string_or_absent(bool present, element value, std::string_view parent, std::string_view name,
                      std::string& error) {
    if (!present || value.type() == element_type::STRING) return true;
    return fail(error, std::string(parent) + "." + std::string(name) + ": must be a string, got " +
                           describe(value));
}

}  // namespace

// Names must be distinct in every object of the order. The checker sees each name of the
// objects it knows as it picks their fields; what it does not know (extra fields, and all
// below them) goes to the general walk. Duplicates come first, before any other rule.
bool OrderFieldChecker::distinct_names(std::string_view where, std::string_view repeated,
                                       std::string& error) {
    if (repeated.empty() && extras_.size() > 1) {
        names_.clear();
        for (const auto& extra : extras_) names_.push_back(extra.first);
        repeated = duplicates_.repeated(names_);
    }
    if (!repeated.empty()) {
        return fail(error, (where.empty() ? std::string() : std::string(where) + ": ") +
                               "duplicate field " + quoted(repeated));
    }
    for (const auto& [name, value] : extras_) {
        if (value.type() != element_type::OBJECT && value.type() != element_type::ARRAY) continue;
        error = where.empty() ? duplicates_.find(value, {{name}})
                              : duplicates_.find(value, {{where}, {name}});
        if (!error.empty()) return false;
    }
    return true;
}

bool OrderFieldChecker::read(object order, std::string& error) {
    std::string_view repeated;
    found_ = pick(order, kRequired, fields_, repeated, extras_);
    return distinct_names({}, repeated, error);
}

bool OrderFieldChecker::check(std::string& error) {
    const auto& fields = fields_;
    const unsigned found = found_;
    for (std::size_t i = 0; i < kRequired.size(); ++i) {
        if (!(found & (1u << i))) {
            return fail(error, "missing required field " + quoted(kRequired[i]));
        }
    }
    std::string_view text;
    for (Field f : {kOrderId, kCustomerId, kCreatedAt, kCurrency}) {
        if (fields[f].type() != element_type::STRING) {
            std::string hint = f == kOrderId && fields[f].is_number()
                                   ? " (write it in quotes even when it is all digits)"
                                   : "";
            return fail(error, std::string(kRequired[f]) + ": must be a string, got " +
                                   describe(fields[f]) + hint);
        }
    }
    text = fields[kOrderId].get_string().value_unsafe();
    if (!is_order_id(text)) {
        return fail(error,
                    "order_id: must be 1 to 64 letters, digits, '_' or '-', starting "
                    "with a letter or digit, got " +
                        quoted(text));
    }
    text = fields[kCreatedAt].get_string().value_unsafe();
    switch (check_rfc3339(text)) {
        case DateTimeCheck::Ok:
            break;
        case DateTimeCheck::BadFormat:
            return fail(error,
                        "created_at: must be an RFC 3339 date-time such as "
                        "2026-11-27T10:15:30Z or 2026-11-27T11:15:30.250+01:00, got " +
                            quoted(text));
        case DateTimeCheck::NotARealDate:
            return fail(error, "created_at: no such date or time: " + quoted(text));
    }
    text = fields[kCurrency].get_string().value_unsafe();
    if (!is_upper_letters(text, 3)) {
        return fail(error,
                    "currency: must be three upper-case letters (ISO 4217), got " + quoted(text));
    }
    if (!is_iso4217_currency(text)) {
        return fail(error, "currency: " + quoted(text) + " is not an ISO 4217 currency code");
    }
    if (!check_items(fields[kItems], error)) return false;
    std::optional<Decimal> total;
    if (!fields[kTotal].get_string().get(text)) total = Decimal::parse(text);
    if (!total) return fail(error, "total: " + decimal_problem(fields[kTotal]));
    if (!check_shipping(fields[kShipping], error)) return false;
    if (!check_payment(fields[kPayment], error)) return false;

    // The total rule, last: only now are all amounts and quantities known to be well formed.
    // check_item added up the items as it went.
    const Decimal sum = items_sum_;
    if (*total != sum) {
        return fail(error, "total: " + quoted(text) +
                               " is not the exact sum of quantity x unit_price over the items, " +
                               sum.to_string());
    }
    return true;
}

bool OrderFieldChecker::check_items(element items, std::string& error) {
    if (items.type() != element_type::ARRAY) {
        return fail(error, "items: must be an array of items, got " + describe(items));
    }
    std::size_t index = 0;
    items_sum_ = Decimal();
    // A named copy: value_unsafe() on a temporary result would dangle in a range-for.
    simdjson::dom::array array = items.get_array().value_unsafe();
    for (element item : array) {
        if (!check_item(item, index++, error)) return false;
    }
    if (index == 0) return fail(error, "items: must hold at least one item");
    return true;
}

bool OrderFieldChecker::check_item(element item, std::size_t index, std::string& error) {
    if (item.type() != element_type::OBJECT) {
        return fail(error, item_path(index) + ": must be an object, got " + describe(item));
    }
    // Unknown names first: a misspelt "quantty" is better reported as such than as missing.
    element sku, name, quantity, price;
    bool has_sku = false, has_name = false, has_quantity = false, has_price = false;
    object fields = item.get_object().value_unsafe();  // named: a temporary would dangle
    for (auto field : fields) {
        bool* seen = nullptr;
        if (field.key == "sku") {
            seen = &has_sku, sku = field.value;
        } else if (field.key == "name") {
            seen = &has_name, name = field.value;
        } else if (field.key == "quantity") {
            seen = &has_quantity, quantity = field.value;
        } else if (field.key == "unit_price") {
            seen = &has_price, price = field.value;
        }
        if (seen != nullptr && *seen) {
            return fail(error, item_path(index) + ": duplicate field " + quoted(field.key));
        }
        if (seen != nullptr) {
            *seen = true;
        } else {
            return fail(error, item_path(index) + ": unknown field " + quoted(field.key) +
                                   " (an item has only sku, name, quantity, unit_price)");
        }
    }
    for (auto [present, field] :
         {std::pair{has_sku, "sku"}, {has_quantity, "quantity"}, {has_price, "unit_price"}}) {
        if (!present) {
            return fail(error, item_path(index) + ": missing required field " + quoted(field));
        }
    }
    std::string_view text;
    if (sku.get_string().get(text) || !is_sku(text)) {
        return fail(error, item_path(index) +
                               ".sku: must be 2 to 32 upper-case letters, digits "
                               "or '-', not starting with '-', got " +
                               describe(sku));
    }
    if (has_name && name.type() != element_type::STRING) {
        return fail(error, item_path(index) + ".name: must be a string, got " + describe(name));
    }
    // Only a JSON integer counts: 2.0, 1e3, "2" and true are refused, as by the schema.
    bool integer =
        quantity.type() == element_type::INT64 || quantity.type() == element_type::UINT64;
    std::int64_t count =
        quantity.type() == element_type::INT64 ? quantity.get_int64().value_unsafe() : 0;
    if (!integer || count < 1 || count > 10000) {
        return fail(error, item_path(index) +
                               ".quantity: must be an integer from 1 to 10000, got " +
                               describe(quantity));
    }
    std::optional<Decimal> unit_price;
    if (!price.get_string().get(text)) unit_price = Decimal::parse(text);
    if (!unit_price) {
        return fail(error, item_path(index) + ".unit_price: " + decimal_problem(price));
    }
    items_sum_ += unit_price->times(static_cast<std::uint32_t>(count));
    return true;
}

// An object's wanted fields in one pass, then its names checked distinct (extra fields
// included); `value` must be an object. Inlined into each caller so that pick() compares
// against names known at compile time: called out of line, it cost 240 instructions more
// per order (callgrind).
template <std::size_t N>
[[gnu::always_inline]] inline bool OrderFieldChecker::read_object(
    element value, std::string_view where, const std::array<std::string_view, N>& names,
    std::array<element, N>& fields, unsigned& found, std::string& error) {
    std::string_view repeated;
    found = pick(value.get_object().value_unsafe(), names, fields, repeated, extras_);
    return distinct_names(where, repeated, error);
}

bool OrderFieldChecker::check_shipping(element shipping, std::string& error) {
    if (shipping.type() != element_type::OBJECT) {
        return fail(error, "shipping: must be an object, got " + describe(shipping));
    }
    static constexpr std::array<std::string_view, 5> kNames = {"country", "name", "street", "city",
                                                               "postal_code"};
    std::array<element, kNames.size()> fields;
    unsigned found = 0;
    if (!read_object(shipping, "shipping", kNames, fields, found, error)) return false;
    if (!(found & 1u)) {
        return fail(error, "shipping: missing required field 'country'");
    }
    element country = fields[0];
    std::string_view text;
    if (country.get_string().get(text) || !is_upper_letters(text, 2)) {
        return fail(error,
                    "shipping.country: must be two upper-case letters (ISO 3166-1 "
                    "alpha-2), got " +
                        describe(country));
    }
    if (!is_iso3166_country(text)) {
        return fail(error, "shipping.country: " + quoted(text) +
                               " is not an ISO 3166-1 alpha-2 country code");
    }
    for (std::size_t i = 1; i < kNames.size(); ++i) {
        if (!string_or_absent(found & (1u << i), fields[i], "shipping", kNames[i], error))
            return false;
    }
    return true;
}

bool OrderFieldChecker::check_payment(element payment, std::string& error) {
    if (payment.type() != element_type::OBJECT) {
        return fail(error, "payment: must be an object, got " + describe(payment));
    }
    static constexpr std::array<std::string_view, 2> kNames = {"method", "token"};
    std::array<element, kNames.size()> fields;
    unsigned found = 0;
    if (!read_object(payment, "payment", kNames, fields, found, error)) return false;
    if (!(found & 1u)) {
        return fail(error, "payment: missing required field 'method'");
    }
    element method = fields[0];
    std::string_view text;
    if (method.get_string().get(text) ||
        (text != "card" && text != "paypal" && text != "invoice" && text != "bank_transfer")) {
        return fail(error,
                    "payment.method: must be one of card, paypal, invoice, "
                    "bank_transfer, got " +
                        describe(method));
    }
    return string_or_absent(found & 2u, fields[1], "payment", "token", error);
}

}  // namespace orderctl::core
