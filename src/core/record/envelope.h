// The record envelope: one JSON object per line that `consume` writes and `produce --envelope`
// reads back, so that `consume -o jsonl | produce --envelope` copies records losslessly.
// Format (docs/envelope.md):
//   {"topic":..., "partition":2, "offset":12, "timestamp":1732700000000,
//    "key":"12345", "key_encoding":"text",
//    "headers":[["content-type","application/json"], ["bin","AAE=","base64"]],
//    "value":{...}, "value_encoding":"json"}
// Encodings: "json" (the bytes are the JSON text exactly as written), "text" (a JSON string,
// UTF-8), "base64" (binary). A null key or value is JSON null, distinct from "".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

namespace orderctl::core {

struct EnvelopeRecord {
    std::optional<std::string> key;  // nullopt: a null key
    std::optional<std::string> value;
    std::vector<std::pair<std::string, std::string>> headers;
    std::optional<int32_t> partition;
    std::optional<int64_t> timestamp_ms;
};

class EnvelopeReader {
  public:
    // Parses one line; returns the problem when it is not a valid envelope.
    std::optional<std::string> parse(std::string_view line, EnvelopeRecord& record);

  private:
    simdjson::ondemand::parser parser_;
    std::string buffer_;
};

// Standard base64 (RFC 4648, with padding); nullopt when `text` is not valid base64.
std::optional<std::string> decode_base64(std::string_view text);
std::string encode_base64(std::string_view bytes);

}  // namespace orderctl::core
