// orderctl's own defaults for a client, placed before the user's settings: librdkafka applies
// properties in order, so the profile, the environment and -X still win over any of them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/profile/profile.h"

namespace orderctl::core::kafka {

// Consumers fetch further ahead than librdkafka's 100,000 queued records: at that many the
// fetcher pauses a partition, and the reader then waits on fetch round trips. Reading 1M
// orders: 5.1-6.1 s -> 3.4 s plain, 15.6 -> 10.5 s for 2M through the payment service. Memory
// stays bounded by queued.max.messages.kbytes (64 MiB), whatever the topic holds.
inline const std::pair<std::string, std::string> kConsumerFetchAhead = {"queued.min.messages",
                                                                        "1000000"};

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
