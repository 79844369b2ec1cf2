#include "core/eventhubs/connection_string.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/ascii.h"
#include "core/error.h"
#include "core/suggest.h"

namespace orderctl::core::eventhubs {
namespace {

constexpr const char* kShape =
    "expected Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=<policy>;"
    "SharedAccessKey=<key>";
constexpr const char* kWhereToFind =
    "copy it from the portal (Event Hubs namespace > Shared access policies > the policy > "
    "Connection string-primary key) or from 'az eventhubs namespace authorization-rule keys "
    "list ... --query primaryConnectionString -o tsv'";

const std::vector<std::string> kKnownKeys = {"Endpoint", "SharedAccessKeyName", "SharedAccessKey",
                                             "EntityPath"};

[[noreturn]] void problem(const std::string& what, const std::string& hint = kWhereToFind) {
    throw Error(ErrorKind::Usage, "Event Hubs connection string: " + what, hint);
}

std::string_view trim(std::string_view text) {
    auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return text;
}

bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// A key name is echoed in messages only when it looks like a key, never like pasted data.
bool printable_key(std::string_view key) {
    return !key.empty() && key.size() <= 40 && std::all_of(key.begin(), key.end(), is_alnum);
}

// Azure's rule: 6 to 50 letters, digits and hyphens, starting with a letter and ending with a
// letter or digit.
bool valid_namespace_name(std::string_view name) {
    if (name.size() < 6 || name.size() > 50) return false;
    if (!std::isalpha(static_cast<unsigned char>(name.front())) || !is_alnum(name.back()))
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

// Azure's rule: 1 to 256 letters, digits, periods, hyphens and underscores, starting and
// ending with a letter or digit.
bool valid_event_hub_name(std::string_view name) {
    if (name.empty() || name.size() > 256) return false;
    if (!is_alnum(name.front()) || !is_alnum(name.back())) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return is_alnum(c) || c == '.' || c == '-' || c == '_'; });
}

struct Endpoint {
    std::string namespace_name;
    std::string domain;
};

Endpoint parse_endpoint(std::string_view value) {
    const auto scheme_end = value.find("://");
    if (scheme_end == std::string_view::npos)
        problem("Endpoint has no scheme; expected sb://<namespace>.servicebus.windows.net/");
    if (ascii_lower(value.substr(0, scheme_end)) != "sb")
        problem("Endpoint has the scheme '" +
                    (printable_key(value.substr(0, scheme_end))
                         ? std::string(value.substr(0, scheme_end))
                         : std::string("?")) +
                    "'; expected sb://",
                "use the connection string of a shared access policy, not the namespace URL");
    std::string_view rest = value.substr(scheme_end + 3);
    const auto slash = rest.find('/');
    std::string_view host = rest.substr(0, slash);
    if (slash != std::string_view::npos && slash + 1 < rest.size())
        problem("Endpoint has a path after the host; expected only sb://<host>/",
                "the event hub goes in EntityPath=..., or in --eventhub");
    if (host.find(':') != std::string_view::npos)
        problem("Endpoint has a port; expected sb://<namespace>.<domain>/ without one",
                "orderctl uses the Kafka port 9093; use -b HOST:PORT for another address");
    if (host.find('@') != std::string_view::npos)
        problem("Endpoint has user information before the host; expected sb://<host>/");
    if (host.empty()) problem("Endpoint has no host; expected sb://<namespace>.<domain>/");
    const std::string host_lower = ascii_lower(host);
    for (const auto& domain : servicebus_domains()) {
        const std::string suffix = "." + domain;
        if (host_lower.size() > suffix.size() &&
            host_lower.compare(host_lower.size() - suffix.size(), suffix.size(), suffix) == 0) {
            std::string name = host_lower.substr(0, host_lower.size() - suffix.size());
            if (!valid_namespace_name(name))
                problem(
                    "the namespace name in Endpoint is not valid; expected 6 to 50 letters, "
                    "digits and hyphens, starting with a letter");
            return {name, domain};
        }
    }
    const bool printable_host =
        host.size() <= 253 && std::all_of(host.begin(), host.end(), [](char c) {
            return is_alnum(c) || c == '.' || c == '-';
        });
    problem("Endpoint host " + (printable_host ? "'" + std::string(host) + "' " : std::string()) +
                "is not in a Service Bus domain; expected " +
                "<namespace>.servicebus.windows.net (or another Azure cloud's servicebus domain)",
            "for a custom DNS name or Private Link, keep the namespace's own Endpoint here and "
            "give the address with -b HOST:9093");
}

}  // namespace

const std::vector<std::string>& servicebus_domains() {
    static const std::vector<std::string> domains = {
        "servicebus.windows.net",        // public cloud
        "servicebus.usgovcloudapi.net",  // Azure Government
        "servicebus.chinacloudapi.cn",   // Azure China (21Vianet)
        "servicebus.cloudapi.de",        // Azure Germany (closed, still parsed)
    };
    return domains;
}

ConnectionString parse_connection_string(std::string_view text) {
    text = trim(text);
    if (text.empty()) problem("it is empty");
    if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
        text.back() == text.front())
        problem("it is wrapped in quotes", "remove the quotes around the connection string");

    std::map<std::string, std::string> values;  // by lower-case key
    size_t part_number = 0;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(';', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view part = trim(text.substr(start, end - start));
        start = end + 1;
        ++part_number;
        if (part.empty()) continue;  // "a;;b" and a final ';' are harmless
        const auto equals = part.find('=');
        if (equals == std::string_view::npos)
            problem("part " + std::to_string(part_number) + " has no '='; " + kShape);
        const std::string_view key = trim(part.substr(0, equals));
        const std::string_view value = trim(part.substr(equals + 1));
        if (key.empty()) problem("part " + std::to_string(part_number) + " has no key before '='");
        const std::string key_lower = ascii_lower(key);
        if (key_lower == "sharedaccesssignature")
            problem(
                "it holds a SharedAccessSignature (a SAS token); the Kafka endpoint accepts "
                "only SharedAccessKeyName and SharedAccessKey",
                "use the connection string of a shared access policy (its key, not a token)");
        const auto known = std::find_if(kKnownKeys.begin(), kKnownKeys.end(),
                                        [&](const auto& k) { return ascii_lower(k) == key_lower; });
        if (known == kKnownKeys.end()) {
            if (!printable_key(key))
                problem("part " + std::to_string(part_number) + " has an unknown key; " + kShape);
            std::string hint = kWhereToFind;
            if (auto near = closest_match(std::string(key), kKnownKeys))
                hint = "did you mean '" + *near + "'?";
            problem("unknown key '" + std::string(key) + "'; " + kShape, hint);
        }
        if (values.count(key_lower)) problem("the key " + *known + " appears twice");
        if (value.empty()) problem("the value of " + *known + " is empty");
        values[key_lower] = std::string(value);
    }
    for (const auto& key : kKnownKeys)
        if (key != "EntityPath" && !values.count(ascii_lower(key)))
            problem("the key " + key + " is missing; " + kShape);

    ConnectionString parsed;
    const Endpoint endpoint = parse_endpoint(values["endpoint"]);
    parsed.namespace_name = endpoint.namespace_name;
    parsed.domain = endpoint.domain;
    parsed.key_name = values["sharedaccesskeyname"];
    parsed.key = values["sharedaccesskey"];
    if (parsed.key_name.size() > 256 ||
        !std::all_of(parsed.key_name.begin(), parsed.key_name.end(),
                     [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; }))
        problem(
            "SharedAccessKeyName is not a policy name; expected letters, digits, '-', '_', '.'");
    if (values.count("entitypath")) {
        if (!valid_event_hub_name(values["entitypath"]))
            problem(
                "EntityPath is not a valid event hub name; expected 1 to 256 letters, digits, "
                "'.', '-' and '_', starting and ending with a letter or digit");
        parsed.entity_path = values["entitypath"];
    }
    return parsed;
}

}  // namespace orderctl::core::eventhubs
