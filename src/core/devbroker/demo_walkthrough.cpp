#include "core/devbroker/demo_walkthrough.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/kafka/consumer.h"
#include "core/kafka/defaults.h"
#include "core/kafka/library.h"
#include "core/kafka/message.h"
#include "core/kafka/partition_list.h"
#include "core/kafka/stop_offsets.h"
#include "core/profile/keys.h"

namespace orderctl::core {

ResolvedProfile demo_profile(const std::string& bootstrap_servers) {
    ResolvedProfile profile;
    for (const KeySpec& spec : canonical_keys())
        if (spec.default_value)
            profile.settings.push_back(
                {spec.key, *spec.default_value, {OriginLevel::Default, "default"}, spec.secret});
    auto bootstrap = std::find_if(profile.settings.begin(), profile.settings.end(),
                                  [](const Setting& s) { return s.key == "bootstrap-servers"; });
    Setting dev{"bootstrap-servers", bootstrap_servers, {OriginLevel::Default, "demo"}, false};
    if (bootstrap == profile.settings.end())
        profile.settings.push_back(dev);
    else
        *bootstrap = dev;
    // ResolvedProfile keeps its settings sorted by key.
    std::sort(profile.settings.begin(), profile.settings.end(),
              [](const Setting& a, const Setting& b) { return a.key < b.key; });
    return profile;
}

std::optional<Placement> find_in_report(const std::string& report_path, const std::string& key) {
    std::ifstream in(report_path);
    std::string line;
    while (std::getline(in, line)) {
        const auto entry = nlohmann::json::parse(line, nullptr, false);
        if (entry.is_discarded() || entry.value("key", nlohmann::json()) != key) continue;
        Placement placement;
        placement.status = entry.value("status", "");
        if (entry["topic"].is_string()) placement.topic = entry["topic"];
        if (entry["partition"].is_number()) placement.partition = entry["partition"];
        if (entry["offset"].is_number()) placement.offset = entry["offset"];
        return placement;
    }
    return std::nullopt;
}

std::vector<std::string> read_values_with_key(const std::vector<Setting>& properties,
                                              kafka::ClientOptions options,
                                              const std::string& topic, const std::string& key) {
    // librdkafka 2.0.2 wants a group.id even to assign partitions; nothing is committed.
    kafka::Consumer consumer(kafka::defaults_then({{"group.id", "orderctl-demo-reader"},
                                                   {"enable.auto.commit", "false"},
                                                   {"enable.partition.eof", "true"},
                                                   {"auto.offset.reset", "earliest"}},
                                                  "orderctl demo", properties),
                             options);
    const auto partitions = consumer.partitions(topic);
    StopOffsets stops;
    stops.set(consumer.end_offsets(topic, partitions));
    std::vector<kafka::PartitionStart> starts;
    for (int32_t partition : partitions) starts.push_back({partition, kafka::kOffsetBeginning});
    consumer.assign(topic, starts);

    std::vector<std::string> values;
    const auto deadline = std::chrono::steady_clock::now() + options.timeout;
    while (!stops.all_done()) {
        if (std::chrono::steady_clock::now() > deadline)
            throw Error(ErrorKind::Unreachable, "timed out reading topic '" + topic + "'");
        auto polled = consumer.poll(100);
        if (!polled) continue;
        const kafka::Message message(polled.get());
        if (message.error_code() == kafka::errc::kPartitionEof) {
            stops.reached(message.partition(), message.offset());
            continue;
        }
        if (message.error_code())
            throw Error(ErrorKind::Failure,
                        "cannot read topic '" + topic + "': " + message.error());
        if (stops.past(message.partition(), message.offset())) continue;
        stops.reached(message.partition(), message.offset() + 1);
        if (message.key() == key) values.emplace_back(message.payload());
    }
    consumer.close();
    return values;
}

GroupStanding group_standing(kafka::Admin& admin, const std::vector<Setting>& properties,
                             kafka::ClientOptions options, const std::string& group,
                             const std::string& topic) {
    GroupStanding standing{group, topic, {}, 0, true};
    auto info = admin.topic(topic);
    if (!info) throw Error(ErrorKind::Failure, "topic '" + topic + "' does not exist");
    admin.fill_offsets(*info);

    kafka::Consumer reader(
        kafka::defaults_then({{"group.id", group}, {"enable.auto.commit", "false"}},
                             "orderctl demo", properties),
        options);
    std::vector<int32_t> ids;
    for (const auto& partition : info->partitions) ids.push_back(partition.id);
    kafka::GroupOffsets offsets;
    const int code = kafka::fetch_committed_offsets(
        reader.client(), {{topic, ids}}, static_cast<int>(options.timeout.count()), offsets);
    const std::map<int32_t, int64_t> committed = offsets[topic];
    reader.close();
    if (code != kafka::errc::kNoError)
        throw Error(ErrorKind::Failure, "cannot read the committed offsets of group '" + group +
                                            "': " + kafka::error_text(code));

    for (const auto& partition : info->partitions) {
        PartitionStanding entry{partition.id, -1, partition.log_end, -1};
        if (auto found = committed.find(partition.id); found != committed.end())
            entry.committed = found->second;
        if (entry.committed >= 0 && entry.log_end >= 0) {
            entry.lag = entry.log_end - entry.committed;
            standing.total_lag += std::max<int64_t>(entry.lag, 0);
        } else if (entry.log_end > 0) {
            standing.all_committed = false;
        }
        standing.partitions.push_back(entry);
    }
    return standing;
}

}  // namespace orderctl::core
