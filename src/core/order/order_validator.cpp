#include "core/order/order_validator.h"

#include <simdjson.h>

#include <charconv>
#include <cstring>
#include <vector>

#include "core/order/order_fast_path.h"
#include "core/order/order_fields.h"
#include "core/order/order_messages.h"

namespace orderctl::core {

using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

// simdjson's own messages are long and technical; users get a short reason instead.
std::string json_error_text(simdjson::error_code code) {
    switch (code) {
        case simdjson::EMPTY:
            return "empty line: expected one JSON object";
        case simdjson::UTF8_ERROR:
            return "not valid UTF-8";
        case simdjson::UNCLOSED_STRING:
            return "not valid JSON: a string is not closed";
        case simdjson::UNESCAPED_CHARS:
            return "not valid JSON: a control character inside a string must be escaped";
        case simdjson::STRING_ERROR:
            return "not valid JSON: bad escape in a string (or a lone UTF-16 surrogate)";
        case simdjson::NUMBER_ERROR:
            return "not valid JSON: bad number, or an integer outside the 64-bit range";
        case simdjson::T_ATOM_ERROR:
        case simdjson::F_ATOM_ERROR:
        case simdjson::N_ATOM_ERROR:
            return "not valid JSON: unknown word (only true, false and null are allowed)";
        case simdjson::DEPTH_ERROR:
            return "not valid JSON: nested too deeply";
        case simdjson::CAPACITY:
        case simdjson::MEMALLOC:
            return "line too long";
        case simdjson::TAPE_ERROR:
            return "not valid JSON: misplaced or missing comma, colon, bracket or brace, "
                   "or text after the object";
        default:
            return std::string("not valid JSON: ") + simdjson::error_message(code);
    }
}

}  // namespace

struct OrderValidator::Impl {
    std::string key_field;
    bool fast_path = true;
    int fast_key = -1;  // fast_path_key_index(key_field); -1: the fast path cannot help
    simdjson::dom::parser parser;
    std::unique_ptr<char[]> buffer;  // the line plus simdjson's padding, reused
    std::size_t buffer_size = 0;
    OrderFieldChecker fields;

    void check(std::string_view line, bool padded, OrderCheck& result);
    bool read_key(element root, OrderCheck& result);
};

static_assert(OrderValidator::kReadPastEnd >= simdjson::SIMDJSON_PADDING,
              "check_padded's callers must leave simdjson its padding");

void OrderValidator::Impl::check(std::string_view line, bool padded, OrderCheck& result) {
    // Most lines are plain valid orders: one pass says so. The rest get the full check, which
    // also words their errors.
    if (fast_path && fast_key >= 0 && fast_valid_order(line, fast_key, result.key)) {
        result.valid = true;
        return;
    }
    const char* text = line.data();
    if (!padded) {
        if (line.size() + simdjson::SIMDJSON_PADDING > buffer_size) {
            buffer_size = line.size() + simdjson::SIMDJSON_PADDING + line.size() / 2;
            buffer = std::make_unique<char[]>(buffer_size);
        }
        std::memcpy(buffer.get(), line.data(), line.size());
        std::memset(buffer.get() + line.size(), 0, simdjson::SIMDJSON_PADDING);
        text = buffer.get();
    }

    // The DOM parser validates the whole document (grammar, strings, numbers, UTF-8, nothing
    // after the root), which on-demand parsing would not do for fields it skips.
    element root;
    if (auto error = parser.parse(text, line.size(), false).get(root)) {
        // A NUL byte can never parse, so looking for one only here keeps the scan off the
        // hot path; it gets a plainer message than simdjson's.
        const bool nul = std::memchr(line.data(), '\0', line.size()) != nullptr;
        result.error = nul ? "line contains a NUL byte" : json_error_text(error);
        return;
    }
    if (root.type() != element_type::OBJECT) {
        result.error = "the line must hold a JSON object, got " + order_messages::describe(root);
        return;
    }
    // Distinct top-level names before the key (a repeated key field is a duplicate, not a
    // key), then the key, which invalid orders report too, then every other rule.
    if (!fields.read(root.get_object().value_unsafe(), result.error)) return;
    if (!read_key(root, result)) return;
    result.valid = fields.check(result.error);
}

bool OrderValidator::Impl::read_key(element root, OrderCheck& result) {
    element value;
    if (root.get_object().value_unsafe().at_key(key_field).get(value)) {
        result.error = "missing key field " + order_messages::quoted(key_field);
        return false;
    }
    char digits[24];
    switch (value.type()) {
        case element_type::STRING:
            result.key = value.get_string().value_unsafe();
            break;
        case element_type::INT64: {
            auto end =
                std::to_chars(digits, digits + sizeof digits, value.get_int64().value_unsafe());
            result.key.assign(digits, end.ptr);
            break;
        }
        case element_type::UINT64: {
            auto end =
                std::to_chars(digits, digits + sizeof digits, value.get_uint64().value_unsafe());
            result.key.assign(digits, end.ptr);
            break;
        }
        default:
            result.error = key_field + ": the key field must be a string or an integer, got " +
                           order_messages::describe(value);
            return false;
    }
    if (result.key.empty()) {
        // An empty Kafka key is easily mistaken for no key at all: refuse it.
        result.error = key_field + ": the key field must not be empty";
        return false;
    }
    return true;
}

OrderValidator::OrderValidator(std::string key_field) : impl_(std::make_unique<Impl>()) {
    impl_->key_field = std::move(key_field);
    impl_->fast_key = fast_path_key_index(impl_->key_field);
}
OrderValidator::~OrderValidator() = default;
void OrderValidator::use_fast_path(bool on) {
    impl_->fast_path = on;
}
OrderValidator::OrderValidator(OrderValidator&&) noexcept = default;
OrderValidator& OrderValidator::operator=(OrderValidator&&) noexcept = default;

OrderCheck OrderValidator::check(std::string_view line) {
    return checked(line, false);
}

OrderCheck OrderValidator::check_padded(std::string_view line) {
    return checked(line, true);
}

OrderCheck OrderValidator::checked(std::string_view line, bool padded) {
    OrderCheck result;
    try {
        impl_->check(line, padded, result);
    } catch (...) {  // only std::bad_alloc can get here; the promise is "never throws"
        result.valid = false;
        result.error = "out of memory while checking the line";
    }
    if (result.valid) result.error.clear();
    return result;
}

}  // namespace orderctl::core
