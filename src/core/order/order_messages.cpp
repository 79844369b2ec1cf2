#include "core/order/order_messages.h"

#include <charconv>

namespace orderctl::core::order_messages {

namespace {

constexpr std::size_t kMaxShown = 40;

bool is_plain_name(std::string_view key) {
    if (key.empty()) return false;
    for (char c : key) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

// Escapes like JSON does, so the text stays on one line and cannot drive the terminal.
void append_escaped(std::string& out, std::string_view text, char quote) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned char c : text) {
        if (c == static_cast<unsigned char>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
}

// The first kMaxShown bytes, backed up so a UTF-8 character is never split.
std::string_view shown_part(std::string_view text) {
    if (text.size() <= kMaxShown) return text;
    std::size_t end = kMaxShown;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

}  // namespace

std::string quoted(std::string_view text) {
    bool cut = text.size() > kMaxShown;
    std::string out = "'";
    append_escaped(out, shown_part(text), '\'');
    out += cut ? "'..." : "'";
    return out;
}

std::string describe(simdjson::dom::element value) {
    using Type = simdjson::dom::element_type;
    char digits[24];
    switch (value.type()) {
        case Type::OBJECT:
            return "an object";
        case Type::ARRAY:
            return "an array";
        case Type::STRING:
            return quoted(value.get_string().value_unsafe());
        case Type::INT64: {
            auto end =
                std::to_chars(digits, digits + sizeof digits, value.get_int64().value_unsafe());
            return std::string(digits, end.ptr);
        }
        case Type::UINT64: {
            auto end =
                std::to_chars(digits, digits + sizeof digits, value.get_uint64().value_unsafe());
            return std::string(digits, end.ptr);
        }
        case Type::DOUBLE:
            // The DOM keeps no number text; 2.0 would print as 2, which would confuse.
            return "a number with a fraction or exponent";
        case Type::BOOL:
            return value.get_bool().value_unsafe() ? "true" : "false";
        case Type::NULL_VALUE:
            return "null";
    }
    return "a value";
}

void append_step(std::string& out, const PathStep& step) {
    if (step.is_index) {
        out += '[' + std::to_string(step.index) + ']';
    } else if (is_plain_name(step.key) && step.key.size() <= kMaxShown) {
        if (!out.empty()) out += '.';
        out += step.key;
    } else {
        out += "[\"";
        append_escaped(out, shown_part(step.key), '"');
        out += step.key.size() > kMaxShown ? "\"...]" : "\"]";
    }
}

}  // namespace orderctl::core::order_messages
