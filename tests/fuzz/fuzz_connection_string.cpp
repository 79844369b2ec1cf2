// libFuzzer: the Event Hubs connection-string parser takes any bytes, and its error messages
// never hold the SharedAccessKey (unless the same text is elsewhere in the input to be echoed).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/eventhubs/connection_string.h"

namespace {

// The value of the one "SharedAccessKey=" part, and the input with that part removed.
bool find_key(std::string_view input, std::string& key, std::string& rest) {
    const std::string marker = "SharedAccessKey=";
    const auto at = input.find(marker);
    if (at == std::string_view::npos || input.find(marker, at + 1) != std::string_view::npos)
        return false;
    const auto start = at + marker.size();
    const auto end = std::min(input.find(';', start), input.size());
    key = std::string(input.substr(start, end - start));
    rest = std::string(input.substr(0, at)) + std::string(input.substr(end));
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    try {
        const auto parsed = orderctl::core::eventhubs::parse_connection_string(input);
        // A parsed string has every part, and its bootstrap is the namespace on 9093.
        if (parsed.namespace_name.empty() || parsed.key.empty() || parsed.key_name.empty())
            __builtin_trap();
        if (parsed.kafka_bootstrap() != parsed.namespace_name + "." + parsed.domain + ":9093")
            __builtin_trap();
    } catch (const orderctl::core::Error& error) {
        std::string key, rest;
        // '+' never occurs in orderctl's own text, so a key holding one can only be echoed.
        if (find_key(input, key, rest) && key.size() >= 8 && key.find('+') != std::string::npos &&
            rest.find(key) == std::string::npos) {
            const std::string all = std::string(error.what()) + error.hint();
            if (all.find(key) != std::string::npos) __builtin_trap();
        }
    }
    return 0;
}
