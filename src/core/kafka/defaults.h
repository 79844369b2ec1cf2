// orderctl's own defaults for a client, placed before the user's settings: librdkafka applies
// properties in order, so the profile, the environment and -X still win over any of them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/profile.h"

namespace orderctl::core::kafka {

inline std::vector<Setting> defaults_then(
    const std::vector<std::pair<std::string, std::string>>& defaults, const std::string& origin,
    const std::vector<Setting>& user) {
    std::vector<Setting> properties;
    for (const auto& [key, value] : defaults) {
        Setting setting;
        setting.key = key;
        setting.value = value;
        setting.origin = {OriginLevel::Default, origin};
        properties.push_back(std::move(setting));
    }
    properties.insert(properties.end(), user.begin(), user.end());
    return properties;
}

}  // namespace orderctl::core::kafka
