#include "core/profile/keys.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/profile/location.h"
#include "core/profile/suggest.h"

namespace orderctl::core {

namespace {

const std::vector<std::string> kProtocols = {"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"};
const std::vector<std::string> kMechanisms = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512",
                                              "OAUTHBEARER"};

std::string upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::vector<KeySpec> build_keys() {
    using K = ValueKind;
    std::vector<KeySpec> keys = {
        {"bootstrap-servers", "localhost:9092", K::Text, false, "bootstrap.servers"},
        {"client-id", "orderctl", K::Text, false, "client.id"},
        {"security.protocol", "PLAINTEXT", K::Protocol, false, "security.protocol"},
        {"security.sasl-mechanism", std::nullopt, K::Mechanism, false, "sasl.mechanism"},
        {"security.username", std::nullopt, K::Text, false, "sasl.username"},
        {"security.password", std::nullopt, K::Text, true, "sasl.password"},
        {"security.ca-file", std::nullopt, K::Text, false, "ssl.ca.location"},
        {"security.cert-file", std::nullopt, K::Text, false, "ssl.certificate.location"},
        {"security.key-file", std::nullopt, K::Text, false, "ssl.key.location"},
        {"security.key-password", std::nullopt, K::Text, true, "ssl.key.password"},
        {"topics.orders", "orders", K::Text, false, ""},
        {"topics.partitions", "6", K::PositiveInt, false, ""},
        {"topics.replication-factor", "1", K::ReplicationFactor, false, ""},
        // The Event Hubs tier (eventhubs-setup records it): what the namespace allows.
        {"eventhubs.tier", std::nullopt, K::Text, false, ""},
    };
    // The output topics are plural nouns of the role's outcome, not the role name itself.
    const std::vector<std::pair<std::string, std::string>> roles = {
        {"inventory", "inventory.events"},
        {"payment", "payments.events"},
        {"fulfillment", "fulfillment.events"}};
    for (const auto& [role, topic] : roles) {
        keys.push_back({"roles." + role + ".group", "orderctl-" + role, K::Text, false, ""});
        keys.push_back({"roles." + role + ".output-topic", topic, K::Text, false, ""});
    }
    return keys;
}

}  // namespace

const std::vector<KeySpec>& canonical_keys() {
    static const std::vector<KeySpec> keys = build_keys();
    return keys;
}

const KeySpec* find_key_spec(const std::string& key) {
    for (const auto& spec : canonical_keys())
        if (spec.key == key) return &spec;
    return nullptr;
}

const std::vector<std::string>& role_names() {
    static const std::vector<std::string> names = {"inventory", "payment", "fulfillment"};
    return names;
}

std::string env_var_name(const std::string& key) {
    std::string name = "ORDERCTL_" + upper(key);
    std::replace(name.begin(), name.end(), '.', '_');
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

bool is_secret_librdkafka_property(const std::string& property) {
    std::string name = property;
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* word : {"password", "secret", "jaas"})
        if (name.find(word) != std::string::npos) return true;
    return name == "ssl.key.pem" || name == "ssl_key" || name == "ssl.keystore.password";
}

std::string expected_text(ValueKind kind) {
    switch (kind) {
        case ValueKind::PositiveInt:
            return "an integer >= 1";
        case ValueKind::ReplicationFactor:
            return "an integer >= 1, or -1 for the broker default";
        case ValueKind::Protocol:
            return "one of " + join_names(kProtocols);
        case ValueKind::Mechanism:
            return "one of " + join_names(kMechanisms);
        case ValueKind::Text:
            break;
    }
    return "a string";
}

std::optional<int> parse_int(const std::string& text) {
    int value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
    return value;
}

std::string validate_value(const KeySpec& spec, const std::string& value, bool secret,
                           const std::string& where) {
    const auto fail = [&](const std::vector<std::string>& suggestions = {}) {
        const std::string shown = secret ? std::string{} : " '" + value + "'";
        const std::string hint = secret ? std::string{} : did_you_mean(upper(value), suggestions);
        config_error(where, "bad value" + shown + " for " + spec.key, expected_text(spec.kind),
                     hint);
    };
    switch (spec.kind) {
        case ValueKind::PositiveInt:
        case ValueKind::ReplicationFactor: {
            const auto n = parse_int(value);
            const bool minus_one_ok = spec.kind == ValueKind::ReplicationFactor;
            if (!n || (*n < 1 && !(minus_one_ok && *n == -1))) fail();
            return value;
        }
        case ValueKind::Protocol:
        case ValueKind::Mechanism: {
            // librdkafka matches these case-insensitively; we accept the same, but show and pass
            // the canonical spelling.
            const auto& allowed = spec.kind == ValueKind::Protocol ? kProtocols : kMechanisms;
            const std::string wanted = upper(value);
            if (std::find(allowed.begin(), allowed.end(), wanted) == allowed.end()) fail(allowed);
            return wanted;
        }
        case ValueKind::Text:
            break;
    }
    return value;
}

}  // namespace orderctl::core
