// Writes consumed records as envelopes (see envelope.h), one compact JSON line each, choosing
// the encoding that keeps the bytes exactly: for a value, the JSON text itself when the bytes
// are one clean JSON value; a string when they are UTF-8 text; base64 otherwise. Keys are
// never embedded as JSON, so a key "12345" reads back as a string.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

namespace orderctl::core {

struct ConsumedRecord {
    std::string_view topic;
    int32_t partition = 0;
    int64_t offset = 0;
    int64_t timestamp_ms = -1;
    const char* timestamp_type = nullptr;  // "create", "log-append", or null
    std::optional<std::string_view> key;
    std::optional<std::string_view> value;
    std::vector<std::pair<std::string_view, std::optional<std::string_view>>> headers;
};

class EnvelopeWriter {
  public:
    // Appends the envelope of `record` and a newline to `out`.
    void append(const ConsumedRecord& record, std::string& out);

  private:
    simdjson::dom::parser parser_;
    void append_bytes(const char* name, std::optional<std::string_view> bytes, std::string& out,
                      bool allow_json);
};

// Appends `text` as a JSON string literal (quotes included); `text` must be valid UTF-8.
void append_json_string(std::string_view text, std::string& out);

}  // namespace orderctl::core
