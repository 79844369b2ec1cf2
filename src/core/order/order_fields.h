// The field rules of an order (docs/order-format.md, "Fields" and "The total rule"), applied
// to a parsed object whose names are known to be distinct. Internal to src/core/order.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <string>

#include "core/order/decimal.h"

namespace orderctl::core {

class OrderFieldChecker {
  public:
    // True when `order` follows every field rule; otherwise false with the first problem in
    // `error`. Problems are looked for in the schema's order: required fields, then each
    // field in turn, then the total rule, so the same line always gets the same message.
    bool check(simdjson::dom::object order, std::string& error);

  private:
    bool check_items(simdjson::dom::element items, std::string& error);
    bool check_item(simdjson::dom::element item, std::size_t index, std::string& error);
    bool check_shipping(simdjson::dom::element shipping, std::string& error);
    bool check_payment(simdjson::dom::element payment, std::string& error);

    Decimal items_sum_;  // quantity x unit_price over the items checked so far
};

}  // namespace orderctl::core
