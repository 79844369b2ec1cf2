// The field rules of an order (docs/order-format.md, "Fields" and "The total rule"), applied
// to a parsed object, duplicate names included. Internal to src/core/order.
#pragma once

#include <simdjson.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/order/decimal.h"
#include "core/order/duplicate_keys.h"

namespace orderctl::core {

class OrderFieldChecker {
  public:
    // Two steps, so that the key can be read between them. read() takes the order's fields
    // and fails on a duplicate name at its top level or anywhere inside its extra fields;
    // check() applies every other rule, duplicate names in items, shipping and payment
    // included. Each is true when all is well; otherwise false with the first problem in
    // `error`. Problems are looked for in the schema's order: required fields, then each
    // field in turn, then the total rule, so the same line always gets the same message.
    bool read(simdjson::dom::object order, std::string& error);
    bool check(std::string& error);

  private:
    bool check_items(simdjson::dom::element items, std::string& error);
    bool check_item(simdjson::dom::element item, std::size_t index, std::string& error);
    bool check_shipping(simdjson::dom::element shipping, std::string& error);
    bool check_payment(simdjson::dom::element payment, std::string& error);

    bool distinct_names(std::string_view where, std::string_view repeated, std::string& error);
    template <std::size_t N>
    bool read_object(simdjson::dom::element value, std::string_view where,
                     const std::array<std::string_view, N>& names,
                     std::array<simdjson::dom::element, N>& fields, unsigned& found,
                     std::string& error);

    std::array<simdjson::dom::element, 8> fields_;  // the required fields, as read()
    unsigned found_ = 0;                            // bit i: fields_[i] was there
    Decimal items_sum_;  // quantity x unit_price over the items checked so far
    // The fields of the object being checked that it does not name (extra fields).
    std::vector<std::pair<std::string_view, simdjson::dom::element>> extras_;
    std::vector<std::string_view> names_;
    DuplicateKeyFinder duplicates_;
};

}  // namespace orderctl::core
