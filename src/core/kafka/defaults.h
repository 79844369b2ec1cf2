// orderctl's own defaults for a client, placed before the user's settings: librdkafka applies
// properties in order, so the profile, the environment and -X still win over any of them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/profile/profile.h"

namespace orderctl::core::kafka {

// How far a consumer fetches ahead of the records it has processed: 8 MiB of them, whatever
// the topic holds. librdkafka 2.0.2 counts every partition's fetched records in the one queue
// they are all forwarded to, so this bounds the whole consumer, and the consume loop wakes the
// fetchers as the queue is read down (Consumer::wake_fetchers). Reading 300k orders, plain
// group consumer: peak RSS 176-182 MB -> 50-51 MB, wall 1.18-1.25 s -> 0.70-0.95 s; 2M: 200 MB ->
// 51-57 MB, 7.4-10.2 s -> 3.8-3.9 s (bench/README.md). Without the wake, the same bound took
// 12 s for 300k: each time the queue was full the fetcher slept for up to a second.
inline const std::pair<std::string, std::string> kConsumerFetchAhead = {
    "queued.max.messages.kbytes", "8192"};

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
