#include "core/record/envelope.h"

namespace orderctl::core {
namespace {

using simdjson::ondemand::json_type;

// A key or value as found in the envelope, before its encoding is applied.
struct RawField {
    bool present = false;
    bool is_null = false;
    bool is_string = false;
    std::string string;  // the unescaped text, when a JSON string
    std::string raw;     // the JSON text exactly as written
    std::string encoding;
};

std::string_view trim_right(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                             text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

std::optional<std::string> read_field(simdjson::ondemand::value value, RawField& field) {
    field.present = true;
    json_type type;
    if (value.type().get(type)) return std::string("is not valid JSON");
    std::string_view text;
    switch (type) {
        case json_type::null:
            field.is_null = true;
            return std::nullopt;
        case json_type::string:
            field.is_string = true;
            field.raw = std::string(trim_right(value.raw_json_token()));
            if (value.get_string().get(text)) return std::string("has an invalid string");
            field.string = std::string(text);
            return std::nullopt;
        case json_type::object: {
            simdjson::ondemand::object object;
            if (value.get_object().get(object) || object.raw_json().get(text))
                return std::string("has an invalid object");
            field.raw = std::string(text);
            return std::nullopt;
        }
        case json_type::array: {
            simdjson::ondemand::array array;
            if (value.get_array().get(array) || array.raw_json().get(text))
                return std::string("has an invalid array");
            field.raw = std::string(text);
            return std::nullopt;
        }
        default:
            field.raw = std::string(trim_right(value.raw_json_token()));
            return std::nullopt;
    }
}

// Applies the encoding: json keeps the text as written, text the string, base64 decodes it.
std::optional<std::string> decode(const char* name, const RawField& field,
                                  std::optional<std::string>& out) {
    out.reset();
    if (!field.present || field.is_null) return std::nullopt;
    std::string encoding = field.encoding;
    if (encoding.empty()) encoding = field.is_string ? "text" : "json";
    if (encoding == "json") {
        out = field.raw;
    } else if (encoding == "text" || encoding == "base64") {
        if (!field.is_string)
            return std::string("'") + name + "' must be a string for encoding " + encoding;
        if (encoding == "text") {
            out = field.string;
        } else {
            out = decode_base64(field.string);
            if (!out) return std::string("'") + name + "' is not valid base64";
        }
    } else {
        return std::string("'") + name + "_encoding' must be json, text or base64, got '" +
               encoding + "'";
    }
    return std::nullopt;
}

std::optional<std::string> read_headers(simdjson::ondemand::value value, EnvelopeRecord& record) {
    simdjson::ondemand::array headers;
    if (value.get_array().get(headers)) return std::string("'headers' must be a list of pairs");
    for (auto element : headers) {
        simdjson::ondemand::array pair;
        if (element.get_array().get(pair))
            return std::string("each header must be [name, value] or [name, value, \"base64\"]");
        std::vector<std::string> parts;
        for (auto part : pair) {
            bool is_null = false;
            if (!part.is_null().get(is_null) && is_null) {
                parts.emplace_back();  // a null header value travels as an empty one
                continue;
            }
            std::string_view text;
            if (part.get_string().get(text)) return std::string("header parts must be strings");
            parts.emplace_back(text);
        }
        if (parts.size() < 2 || parts.size() > 3 || (parts.size() == 3 && parts[2] != "base64"))
            return std::string("each header must be [name, value] or [name, value, \"base64\"]");
        if (parts.size() == 3) {
            auto decoded = decode_base64(parts[1]);
            if (!decoded) return "header '" + parts[0] + "' is not valid base64";
            parts[1] = *decoded;
        }
        record.headers.emplace_back(parts[0], parts[1]);
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> EnvelopeReader::parse(std::string_view line, EnvelopeRecord& record) {
    record = EnvelopeRecord{};
    buffer_.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    buffer_.assign(line);
    simdjson::ondemand::document document;
    if (parser_
            .iterate(simdjson::padded_string_view(buffer_.data(), line.size(), buffer_.capacity()))
            .get(document))
        return std::string("not valid JSON");
    simdjson::ondemand::object object;
    if (document.get_object().get(object)) return std::string("an envelope must be a JSON object");

    RawField key, value;
    for (auto field : object) {
        std::string_view name;
        if (field.unescaped_key().get(name)) return std::string("not valid JSON");
        simdjson::ondemand::value item;
        if (field.value().get(item)) return std::string("not valid JSON");
        std::optional<std::string> problem;
        if (name == "key") {
            if ((problem = read_field(item, key))) return "'key' " + *problem;
        } else if (name == "value") {
            if ((problem = read_field(item, value))) return "'value' " + *problem;
        } else if (name == "key_encoding" || name == "value_encoding") {
            std::string_view text;
            if (item.get_string().get(text)) return "'" + std::string(name) + "' must be a string";
            (name == "key_encoding" ? key : value).encoding = std::string(text);
        } else if (name == "headers") {
            bool is_null = false;
            if (!item.is_null().get(is_null) && is_null) continue;
            if ((problem = read_headers(item, record))) return problem;
        } else if (name == "partition") {
            int64_t partition;
            bool is_null = false;
            if (!item.is_null().get(is_null) && is_null) continue;
            if (item.get_int64().get(partition) || partition < 0 || partition > INT32_MAX)
                return std::string("'partition' must be a non-negative integer");
            record.partition = static_cast<int32_t>(partition);
        } else if (name == "timestamp") {
            int64_t timestamp;
            bool is_null = false;
            if (!item.is_null().get(is_null) && is_null) continue;
            if (item.get_int64().get(timestamp) || timestamp < 0)
                return std::string("'timestamp' must be milliseconds since the epoch");
            record.timestamp_ms = timestamp;
        }
        // Other fields (topic, offset, timestamp_type) describe where the record was read.
    }
    if (!value.present) return std::string("an envelope needs a 'value' (null for none)");
    if (auto problem = decode("key", key, record.key)) return problem;
    if (auto problem = decode("value", value, record.value)) return problem;
    return std::nullopt;
}

}  // namespace orderctl::core
