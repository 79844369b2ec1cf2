// Pieces of the validator's error messages: values shown to users and JSON paths.
// Internal to src/core/order.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace orderctl::core::order_messages {

// A string value as users see it in a message: single-quoted, control characters and quotes
// escaped, cut after 40 bytes (at a UTF-8 boundary) so a huge field cannot flood the terminal.
std::string quoted(std::string_view text);

// What a JSON value is, for "got ..." in messages: 0, 2.5e3 as "a number with a fraction or
// exponent", 'abc', true, null, an object, an array.
std::string describe(simdjson::dom::element value);

// One step of a JSON path.
struct PathStep {
    std::string_view key;  // used when !is_index
    std::size_t index = 0;
    bool is_index = false;
};

// items[1].quantity style; keys that are not plain names are written ["odd key"].
void append_step(std::string& out, const PathStep& step);

}  // namespace orderctl::core::order_messages
