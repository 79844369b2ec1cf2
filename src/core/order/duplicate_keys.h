// Duplicate field names in a parsed value. simdjson keeps every member of an object, duplicates
// included, so this is what enforces "a name appears once per object". OrderFieldChecker
// finds duplicates among the names it knows as it reads them, and calls this for the rest.
// Internal to src/core/order.
#pragma once

#include <simdjson.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/order/order_messages.h"

namespace orderctl::core {

class DuplicateKeyFinder {
  public:
    // Empty when every object in `value` (itself included) has distinct (unescaped) names,
    // else a message like "meta.a[0]: duplicate field 'b'". `at` is where `value` sits in the
    // order, from the root: {} for the root itself, {{"meta"}} for a top-level field.
    std::string find(simdjson::dom::element value,
                     std::initializer_list<order_messages::PathStep> at = {});

    // The first name that repeats an earlier one, or empty; O(n log n) for many names.
    std::string_view repeated(const std::vector<std::string_view>& names);

  private:
    // The path is a chain of frames on the call stack: nothing to push on the happy path.
    struct Frame {
        const Frame* parent;
        order_messages::PathStep step;
    };
    bool walk(simdjson::dom::element value, const Frame* frame);
    void append_path(const Frame* frame);
    bool has_duplicate(std::size_t begin, std::string_view& duplicate);

    std::vector<std::string_view> names_;  // names of the objects being walked, a stack
    std::vector<std::string_view> sorted_;
    std::string error_;
};

}  // namespace orderctl::core
