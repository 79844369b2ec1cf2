// Duplicate field names anywhere in a parsed document. simdjson keeps every member of an
// object, duplicates included, so this walk is what enforces "a name appears once per object".
// Internal to src/core/order.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/order/order_messages.h"

namespace orderctl::core {

class DuplicateKeyFinder {
  public:
    // Empty when every object in `root` has distinct (unescaped) names, else a message like
    // "items[0]: duplicate field 'sku'". Reuses its buffers between calls.
    std::string find(simdjson::dom::element root);

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
