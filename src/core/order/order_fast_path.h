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

// Which of the string fields (order_id, customer_id, created_at, currency, total) `key_field`
// is, or -1: for a key field of another kind the fast path has nothing to offer. Found once
// per validator, not per line.
int fast_path_key_index(std::string_view key_field);

// True when `line` is certainly a valid order; `key` is then the value of the string field
// `key_index` (from fast_path_key_index). Always false for -1.
bool fast_valid_order(std::string_view line, int key_index, std::string& key);

}  // namespace orderctl::core
