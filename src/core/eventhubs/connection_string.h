// Azure Event Hubs connection strings ("Endpoint=sb://NS.servicebus.windows.net/;
// SharedAccessKeyName=...;SharedAccessKey=...[;EntityPath=hub]"), parsed and checked. Every
// problem is named; no message ever contains the key, the signature or the whole string.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orderctl::core::eventhubs {

struct ConnectionString {
    std::string namespace_name;  // "mynamespace"
    std::string domain;          // "servicebus.windows.net", or a sovereign cloud's
    std::string key_name;        // SharedAccessKeyName: the policy, e.g. RootManageSharedAccessKey
    std::string key;             // SharedAccessKey: the secret
    std::optional<std::string> entity_path;  // EntityPath: an event-hub-level string

    std::string host() const { return namespace_name + "." + domain; }
    // The Kafka endpoint: Event Hubs listens for Kafka clients on 9093 only.
    std::string kafka_bootstrap() const { return host() + ":9093"; }
};

// The Azure clouds' Service Bus domains, public cloud first.
const std::vector<std::string>& servicebus_domains();

// Parses `text` (surrounding whitespace and a final newline are ignored). Throws
// Error(Usage) naming the problem: an empty string, a part without '=', an unknown, duplicate or
// missing key, an empty value, an Endpoint with the wrong scheme, a port, a path, or a host
// outside the Service Bus domains, a bad namespace or event hub name, or a SharedAccessSignature.
ConnectionString parse_connection_string(std::string_view text);

}  // namespace orderctl::core::eventhubs
