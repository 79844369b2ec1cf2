// A quick and certain "valid" for the usual order, in one pass over its bytes, before the full
// check's simdjson parse (which costs as much as all of kcat's work per record). It reads a
// strict subset of JSON: strings without escapes or control characters (UTF-8 checked),
// quantities as plain digits, and in extra fields only numbers of up to 15 digits without an
// exponent, at most 8 extra fields per object and 8 levels. Within that subset it applies
// every rule the full check applies, distinct names included. Whatever falls outside, or breaks a
// rule, gets "not sure", and the full check decides and words the error: the fast path never
// says valid where the full check would not, and never writes a message. Internal to
// src/core/order.
#pragma once

#include <string>
#include <string_view>

namespace orderctl::core {

// True when `line` is certainly a valid order; `key` is then the value of `key_field`, which
// must be one of the string fields (order_id, customer_id, created_at, currency, total).
bool fast_valid_order(std::string_view line, std::string_view key_field, std::string& key);

}  // namespace orderctl::core
