// ASCII case folding for the names orderctl compares without case: hosts, schemes, tiers,
// connection-string keys, librdkafka enum values. Not for text in other scripts.
#pragma once

#include <string>
#include <string_view>

namespace orderctl::core {

inline std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace orderctl::core
