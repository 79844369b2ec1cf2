// Reading a ResolvedProfile: look-ups and the librdkafka view of it.
#include <algorithm>
#include <map>

#include "core/profile/keys.h"
#include "core/profile/location.h"
#include "core/profile/profile.h"

namespace orderctl::core {

const Setting* ResolvedProfile::find(const std::string& key) const {
    const auto it = std::find_if(settings.begin(), settings.end(),
                                 [&](const Setting& s) { return s.key == key; });
    return it == settings.end() ? nullptr : &*it;
}

std::string ResolvedProfile::get(const std::string& key) const {
    const Setting* setting = find(key);
    return setting ? setting->value : std::string{};
}

int ResolvedProfile::get_int(const std::string& key) const {
    const Setting* setting = find(key);
    if (!setting) config_error(key, "no value", "an integer");
    const auto value = parse_int(setting->value);
    if (!value) {
        const std::string shown = setting->secret ? "" : " '" + setting->value + "'";
        config_error(setting->origin.where, "bad value" + shown + " for " + key, "an integer");
    }
    return *value;
}

std::string ResolvedProfile::role_group(const std::string& role) const {
    return get("roles." + role + ".group");
}

std::string ResolvedProfile::role_output_topic(const std::string& role) const {
    return get("roles." + role + ".output-topic");
}

std::vector<Setting> ResolvedProfile::librdkafka_properties() const {
    std::vector<Setting> out;
    std::map<std::string, std::size_t> index;  // property -> position in `out`
    for (const KeySpec& spec : canonical_keys()) {
        const Setting* setting = find(spec.key);
        if (spec.librdkafka_name.empty() || !setting) continue;
        Setting property = *setting;
        property.key = spec.librdkafka_name;
        index[property.key] = out.size();
        out.push_back(std::move(property));
    }
    // `settings` is sorted, so the free-map entries come out sorted too.
    const std::string prefix = kLibrdkafkaPrefix;
    for (const Setting& setting : settings) {
        if (setting.key.rfind(prefix, 0) != 0) continue;
        Setting property = setting;
        property.key = setting.key.substr(prefix.size());
        const auto it = index.find(property.key);
        if (it == index.end()) {
            out.push_back(std::move(property));
        } else if (property.origin.level >= out[it->second].origin.level) {
            // On a tie the explicit librdkafka entry wins: it is the more specific spelling.
            out[it->second] = std::move(property);
        }
    }
    return out;
}

}  // namespace orderctl::core
