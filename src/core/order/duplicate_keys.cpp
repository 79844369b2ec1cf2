#include "core/order/duplicate_keys.h"

#include <algorithm>

namespace orderctl::core {

using simdjson::dom::element;
using simdjson::dom::element_type;

std::string DuplicateKeyFinder::find(element value,
                                     std::initializer_list<order_messages::PathStep> at) {
    names_.clear();
    error_.clear();
    Frame frames[4];
    const Frame* frame = nullptr;
    std::size_t depth = 0;
    for (const auto& step : at) {
        if (depth == std::size(frames)) break;  // callers give one or two steps
        frames[depth] = Frame{frame, step};
        frame = &frames[depth++];
    }
    walk(value, frame);
    return error_;
}

std::string_view DuplicateKeyFinder::repeated(const std::vector<std::string_view>& names) {
    names_ = names;
    std::string_view duplicate;
    if (!has_duplicate(0, duplicate)) duplicate = {};
    return duplicate;
}

void DuplicateKeyFinder::append_path(const Frame* frame) {
    if (frame == nullptr) return;
    append_path(frame->parent);
    order_messages::append_step(error_, frame->step);
}

bool DuplicateKeyFinder::walk(element value, const Frame* frame) {
    if (value.type() == element_type::ARRAY) {
        std::size_t index = 0;
        // A named copy: value_unsafe() on a temporary result would dangle in a range-for.
        simdjson::dom::array array = value.get_array().value_unsafe();
        for (element child : array) {
            Frame child_frame{frame, {{}, index++, true}};
            if (!walk(child, &child_frame)) return false;
        }
        return true;
    }
    if (value.type() != element_type::OBJECT) return true;

    auto object = value.get_object().value_unsafe();
    std::size_t begin = names_.size();
    for (auto field : object) names_.push_back(field.key);
    std::string_view duplicate;
    if (has_duplicate(begin, duplicate)) {
        append_path(frame);
        error_ += error_.empty() ? "" : ": ";
        error_ += "duplicate field " + order_messages::quoted(duplicate);
        return false;
    }
    names_.resize(begin);
    for (auto field : object) {
        if (field.value.type() != element_type::OBJECT &&
            field.value.type() != element_type::ARRAY) {
            continue;  // scalars hold no names
        }
        Frame child_frame{frame, {field.key, 0, false}};
        if (!walk(field.value, &child_frame)) return false;
    }
    return true;
}

namespace {

// Length and first byte before memcmp: the names of an order's objects that share a length
// (order_id, currency, shipping) differ in their first byte, so no pair reaches memcmp.
bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && (a.empty() || (a[0] == b[0] && a == b));
}

}  // namespace

bool DuplicateKeyFinder::has_duplicate(std::size_t begin, std::string_view& duplicate) {
    std::size_t count = names_.size() - begin;
    const std::string_view* names = names_.data() + begin;
    if (count <= 16) {  // the objects of an order: comparing pairs beats sorting
        for (std::size_t i = 1; i < count; ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (same_name(names[i], names[j])) {
                    duplicate = names[i];
                    return true;
                }
            }
        }
        return false;
    }
    // Large objects (hostile input) stay O(n log n).
    sorted_.assign(names, names + count);
    std::sort(sorted_.begin(), sorted_.end());
    auto it = std::adjacent_find(sorted_.begin(), sorted_.end());
    if (it == sorted_.end()) return false;
    duplicate = *it;
    return true;
}

}  // namespace orderctl::core
