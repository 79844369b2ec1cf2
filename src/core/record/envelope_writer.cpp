#include "core/record/envelope_writer.h"

#include <cstring>

#include "core/record/envelope.h"

namespace orderctl::core {

void append_json_string(std::string_view text, std::string& out) {
    static const char* kHex = "0123456789abcdef";
    out += '"';
    size_t plain_from = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + plain_from, i - plain_from);
        plain_from = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 15];
        }
    }
    out.append(text.data() + plain_from, text.size() - plain_from);
    out += '"';
}

namespace {

bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

void EnvelopeWriter::append_bytes(const char* name, std::optional<std::string_view> bytes,
                                  std::string& out, bool allow_json) {
    out += '"';
    out += name;
    out += "\":";
    if (!bytes) {
        out += "null";
        return;
    }
    std::string_view text = *bytes;
    const bool utf8 = simdjson::validate_utf8(text.data(), text.size());
    // Embedding the JSON as is keeps its exact bytes only when no whitespace surrounds it and
    // no raw line break would split the envelope's line.
    // The bytes `null` as JSON would read back as no value at all (a tombstone): keep as text.
    bool embeddable = allow_json && utf8 && !text.empty() && text != "null" &&
                      !is_json_space(text.front()) && !is_json_space(text.back()) &&
                      // Two memchr scans: find_first_of tests the set per byte, which the
                      // consume benchmark showed as a third of its CPU.
                      std::memchr(text.data(), '\n', text.size()) == nullptr &&
                      std::memchr(text.data(), '\r', text.size()) == nullptr;
    if (embeddable) {
        simdjson::dom::element element;
        embeddable = !parser_.parse(text.data(), text.size(), true).get(element);
        if (embeddable) {
            out.append(text);
            // A JSON string embedded as is would read back as text: say it is JSON.
            if (text.front() == '"') {
                out += ",\"";
                out += name;
                out += "_encoding\":\"json\"";
            }
            return;
        }
    }
    if (utf8) {
        append_json_string(text, out);
        return;
    }
    out += '"';
    out += encode_base64(text);
    out += "\",\"";
    out += name;
    out += "_encoding\":\"base64\"";
}

void EnvelopeWriter::append(const ConsumedRecord& record, std::string& out) {
    out += "{\"topic\":";
    append_json_string(record.topic, out);
    out += ",\"partition\":";
    out += std::to_string(record.partition);
    out += ",\"offset\":";
    out += std::to_string(record.offset);
    out += ",\"timestamp\":";
    out += record.timestamp_ms >= 0 ? std::to_string(record.timestamp_ms) : "null";
    if (record.timestamp_type) {
        out += ",\"timestamp_type\":\"";
        out += record.timestamp_type;
        out += '"';
    }
    out += ',';
    // Keys stay text: a key "12345" must read back as the string it is, not as a number.
    append_bytes("key", record.key, out, false);
    out += ",\"headers\":[";
    for (size_t i = 0; i < record.headers.size(); ++i) {
        const auto& [name, value] = record.headers[i];
        if (i > 0) out += ',';
        out += '[';
        append_json_string(simdjson::validate_utf8(name.data(), name.size()) ? name : "?", out);
        out += ',';
        if (!value) {
            out += "null]";
        } else if (simdjson::validate_utf8(value->data(), value->size())) {
            append_json_string(*value, out);
            out += ']';
        } else {
            out += '"' + encode_base64(*value) + "\",\"base64\"]";
        }
    }
    out += "],";
    append_bytes("value", record.value, out, true);
    out += "}\n";
}

}  // namespace orderctl::core
