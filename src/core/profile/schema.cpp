#include "core/profile/schema.h"

#include <algorithm>
#include <set>

#include "core/profile/keys.h"
#include "core/profile/suggest.h"

namespace orderctl::core {

namespace {

std::string describe(const YAML::Node& node) {
    if (node.IsSequence()) return "a list";
    if (node.IsMap()) return "a map";
    if (node.IsScalar()) return "a single value";
    return "empty";
}

// The names allowed right under `prefix` ("" for a profile, "security.", "roles.", ...).
std::vector<std::string> children(const std::string& prefix) {
    std::vector<std::string> names;
    for (const auto& spec : canonical_keys()) {
        if (spec.key.rfind(prefix, 0) != 0) continue;
        const std::string rest = spec.key.substr(prefix.size());
        const std::string name = rest.substr(0, rest.find('.'));
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    if (prefix.empty()) names.push_back("librdkafka");  // the free map has no canonical keys
    return names;
}

const char* const kSecretReference = "a secret reference {env: NAME} or {file: PATH}";

}  // namespace

SourceLocation SchemaChecker::at(const YAML::Node& node) const {
    return {path_, node.Mark().line + 1, node.Mark().column + 1};
}

std::vector<MapEntry> SchemaChecker::entries(const YAML::Node& map) const {
    std::vector<MapEntry> out;
    std::set<std::string> seen;
    for (const auto& pair : map) {
        // yaml-cpp keeps both copies of a repeated key; say so rather than pick one silently.
        if (!pair.first.IsScalar())
            config_error(at(pair.first).str(), "a key is " + describe(pair.first), "a plain name");
        const std::string name = pair.first.Scalar();
        if (!seen.insert(name).second)
            config_error(at(pair.first).str(), "duplicate key '" + name + "'", "each key once");
        out.push_back({name, pair.first, pair.second});
    }
    return out;
}

void SchemaChecker::map(const YAML::Node& node, const std::string& what,
                        const std::string& expected) const {
    if (!node.IsMap()) config_error(at(node).str(), what + " is " + describe(node), expected);
}

void SchemaChecker::scalar(const MapEntry& entry, const std::string& expected) const {
    if (entry.value.IsScalar()) return;
    // An empty value has no useful position of its own; its key has.
    const YAML::Node& where = entry.value.IsNull() ? entry.key : entry.value;
    config_error(at(where).str(), "'" + entry.name + "' is " + describe(entry.value), expected);
}

void SchemaChecker::unknown_key(const MapEntry& entry, const std::string& where,
                                const std::vector<std::string>& known,
                                const std::string& noun) const {
    config_error(at(entry.key).str(), "unknown " + noun + " '" + entry.name + "' " + where,
                 "one of " + join_names(known), did_you_mean(entry.name, known));
}

void SchemaChecker::profile(const YAML::Node& node, const std::string& name,
                            std::vector<FileValue>& out) const {
    if (node.IsNull()) return;
    map(node, "profile '" + name + "'", "a map of settings");
    section(node, "", name, out);
}

void SchemaChecker::section(const YAML::Node& node, const std::string& prefix,
                            const std::string& profile, std::vector<FileValue>& out) const {
    for (const auto& entry : entries(node)) {
        const std::string key = prefix + entry.name;
        if (find_key_spec(key)) {
            leaf(entry, key, out);
        } else if (key == "librdkafka" || !children(key + ".").empty()) {
            if (entry.value.IsNull()) continue;
            map(entry.value, "'" + key + "'", "a map");
            if (key == "librdkafka")
                librdkafka(entry.value, out);
            else
                section(entry.value, key + ".", profile, out);
        } else {
            const std::string in =
                prefix.empty() ? "" : prefix.substr(0, prefix.size() - 1) + " of ";
            unknown_key(entry, "in " + in + "profile '" + profile + "'", children(prefix),
                        prefix == "roles." ? "role" : "key");
        }
    }
}

void SchemaChecker::librdkafka(const YAML::Node& node, std::vector<FileValue>& out) const {
    for (const auto& entry : entries(node)) {
        // Property names are librdkafka's to judge: it knows its own version's properties.
        const std::string expected = std::string("a string or number, or ") + kSecretReference;
        if (entry.value.IsMap())
            secret_reference(entry, expected);
        else
            scalar(entry, expected);
        out.push_back({kLibrdkafkaPrefix + entry.name, entry.value, at(entry.value)});
    }
}

void SchemaChecker::leaf(const MapEntry& entry, const std::string& key,
                         std::vector<FileValue>& out) const {
    const KeySpec& spec = *find_key_spec(key);
    std::string expected = expected_text(spec.kind);
    // Only free-text values may come from a secret reference; numbers and enums are not secrets.
    if (spec.kind == ValueKind::Text) {
        expected += ", or " + std::string(kSecretReference);
        if (entry.value.IsMap()) {
            secret_reference(entry, expected);
            out.push_back({key, entry.value, at(entry.value)});
            return;
        }
    }
    scalar(entry, expected);
    // Catch a bad number or enum in every profile, not just the chosen one, unless it still has
    // a ${VAR} to expand.
    const std::string& text = entry.value.Scalar();
    if (text.find('$') == std::string::npos)
        validate_value(spec, text, spec.secret, at(entry.value).str());
    out.push_back({key, entry.value, at(entry.value)});
}

void SchemaChecker::secret_reference(const MapEntry& entry, const std::string& expected) const {
    const auto fields = entries(entry.value);
    if (fields.size() != 1)
        config_error(at(entry.value).str(), "'" + entry.name + "' is a map", expected);
    const MapEntry& ref = fields.front();
    if (ref.name != "env" && ref.name != "file") {
        // "envv" is a mistyped reference; "ssl: {ca: ...}" is a nested map, which is not.
        const std::vector<std::string> kinds = {"env", "file"};
        if (!did_you_mean(ref.name, kinds).empty())
            unknown_key(ref, "in the secret reference of '" + entry.name + "'", kinds);
        config_error(at(entry.value).str(), "'" + entry.name + "' is a map", expected);
    }
    scalar(ref, ref.name == "env" ? "a variable name" : "a file path");
}

}  // namespace orderctl::core
