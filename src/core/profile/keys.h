// The canonical profile keys: one table from which defaults, environment variable names,
// the file schema, validation and the librdkafka mapping are all derived, so they cannot drift.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace orderctl::core {

enum class ValueKind { Text, PositiveInt, ReplicationFactor, Protocol, Mechanism };

struct KeySpec {
    std::string key;                           // "security.sasl-mechanism"
    std::optional<std::string> default_value;  // nullopt: absent unless given
    ValueKind kind = ValueKind::Text;
    bool secret = false;
    std::string librdkafka_name;  // "" when the key is not a librdkafka property
};

inline constexpr const char* kLibrdkafkaPrefix = "librdkafka.";

// In the order librdkafka_properties() emits them.
const std::vector<KeySpec>& canonical_keys();
const KeySpec* find_key_spec(const std::string& key);
const std::vector<std::string>& role_names();

// "security.sasl-mechanism" -> "ORDERCTL_SECURITY_SASL_MECHANISM".
std::string env_var_name(const std::string& key);

// Free-map properties that hold credentials by their name (sasl.password, *.secret, jaas...).
bool is_secret_librdkafka_property(const std::string& property);

// What a value of this kind must look like, for "; expected ..." in messages.
std::string expected_text(ValueKind kind);

std::optional<int> parse_int(const std::string& text);

// Returns the value, normalized (enum names upper-cased), or throws a Config error at `where`.
// A secret value is never echoed in the message.
std::string validate_value(const KeySpec& spec, const std::string& value, bool secret,
                           const std::string& where);

}  // namespace orderctl::core
