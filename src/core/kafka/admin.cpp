#include "core/kafka/admin.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/kafka/admin_request.h"
#include "core/kafka/dev_broker_limits.h"
#include "core/kafka/partition_list.h"

namespace orderctl::core::kafka {
namespace {

std::string config_source_name(rd_kafka_ConfigSource_t source) {
    switch (source) {
        case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG:
            return "dynamic-topic";
        case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_BROKER_CONFIG:
            return "dynamic-broker";
        case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG:
            return "dynamic-default-broker";
        case RD_KAFKA_CONFIG_SOURCE_STATIC_BROKER_CONFIG:
            return "static-broker";
        case RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG:
            return "default";
        default:
            return "unknown";
    }
}

ItemResult item_from(const rd_kafka_topic_result_t* result) {
    ItemResult item;
    item.name = rd_kafka_topic_result_name(result);
    item.code = rd_kafka_topic_result_error(result);
    const char* message = rd_kafka_topic_result_error_string(result);
    item.message = message ? message : "";
    if (item.code != 0 && item.message.empty())
        item.message = rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(item.code));
    return item;
}

std::vector<ItemResult> items_from(const rd_kafka_topic_result_t** results, size_t count) {
    std::vector<ItemResult> items;
    for (size_t i = 0; i < count; ++i) items.push_back(item_from(results[i]));
    return items;
}

// The per-topic results in a result event: `result_of` gets the event's result
// (rd_kafka_event_CreateTopics_result), `topics_of` its topics
// (rd_kafka_CreateTopics_result_topics).
template <typename ResultOf, typename TopicsOf>
std::vector<ItemResult> topic_items(const EventPtr& event, ResultOf result_of, TopicsOf topics_of) {
    size_t count = 0;
    const rd_kafka_topic_result_t** results = topics_of(result_of(event.get()), &count);
    return items_from(results, count);
}

// librdkafka waits for a request's reply up to socket.timeout.ms (60 s by default), and some
// calls (watermark queries) have no deadline of their own: bound them by the command's timeout
// unless the user chose a value.
std::vector<Setting> with_request_timeout(std::vector<Setting> properties,
                                          const ClientOptions& options) {
    for (const auto& setting : properties)
        if (setting.key == "socket.timeout.ms") return properties;
    Setting timeout;
    timeout.key = "socket.timeout.ms";
    timeout.value = std::to_string(std::max<long>(options.timeout.count(), 10));
    timeout.origin = {OriginLevel::Default, "--timeout"};
    properties.push_back(timeout);
    return properties;
}

}  // namespace

Admin::Admin(const std::vector<Setting>& properties, ClientOptions options)
    : properties_(with_request_timeout(properties, options)),
      options_(options),
      client_(ClientType::Producer, properties_, options) {}

Admin::MetadataPtr Admin::metadata(const std::string* only_topic) {
    return client_.metadata(only_topic);
}

std::vector<BrokerInfo> Admin::brokers() {
    auto md = metadata(nullptr);
    std::vector<BrokerInfo> brokers;
    for (int i = 0; i < md->broker_cnt; ++i)
        brokers.push_back({md->brokers[i].id, md->brokers[i].host, md->brokers[i].port});
    std::sort(brokers.begin(), brokers.end(), [](auto& a, auto& b) { return a.id < b.id; });
    return brokers;
}

std::vector<TopicInfo> Admin::topics() {
    auto md = metadata(nullptr);
    std::vector<TopicInfo> topics;
    for (int t = 0; t < md->topic_cnt; ++t) {
        const rd_kafka_metadata_topic_t& raw = md->topics[t];
        if (raw.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) continue;
        TopicInfo topic;
        topic.name = raw.topic;
        // Metadata v2.0.2 does not carry the internal flag; Kafka's own topics start with "__".
        topic.internal = topic.name.rfind("__", 0) == 0;
        for (int p = 0; p < raw.partition_cnt; ++p) {
            const rd_kafka_metadata_partition_t& part = raw.partitions[p];
            PartitionInfo info;
            info.id = part.id;
            info.leader = part.leader;
            info.replicas.assign(part.replicas, part.replicas + part.replica_cnt);
            info.isr.assign(part.isrs, part.isrs + part.isr_cnt);
            if (part.err) info.error = rd_kafka_err2str(part.err);
            topic.partitions.push_back(std::move(info));
        }
        std::sort(topic.partitions.begin(), topic.partitions.end(),
                  [](auto& a, auto& b) { return a.id < b.id; });
        topics.push_back(std::move(topic));
    }
    std::sort(topics.begin(), topics.end(), [](auto& a, auto& b) { return a.name < b.name; });
    return topics;
}

std::optional<TopicInfo> Admin::topic(const std::string& name) {
    // A metadata request for all topics: asking for one topic could auto-create it on
    // brokers that allow that, and a describe must never create anything.
    for (auto& topic : topics())
        if (topic.name == name) return topic;
    return std::nullopt;
}

void Admin::fill_offsets(TopicInfo& topic) {
    // ListOffsets for every partition at once, earliest then latest. Not
    // rd_kafka_query_watermark_offsets: in 2.0.2 it retries forever while a partition's leader
    // is down, whatever its timeout; offsets_for_times keeps to its deadline.
    // One request per leader, so that a dead leader costs only its own partitions' offsets.
    std::map<int32_t, std::vector<int32_t>> by_leader;
    for (const auto& partition : topic.partitions)
        by_leader[partition.leader].push_back(partition.id);
    for (const auto& [leader, ids] : by_leader) {
        if (leader >= 0) fill_offsets(topic, ids);
    }
}

void Admin::fill_offsets(TopicInfo& topic, const std::vector<int32_t>& ids) {
    const int timeout_ms = static_cast<int>(client_.timeout().count());
    for (int64_t which : {int64_t{RD_KAFKA_OFFSET_BEGINNING}, int64_t{RD_KAFKA_OFFSET_END}}) {
        PartitionList owned(static_cast<int>(ids.size()));
        rd_kafka_topic_partition_list_t* list = owned.list;
        for (int32_t id : ids)
            rd_kafka_topic_partition_list_add(list, topic.name.c_str(), id)->offset = which;
        rd_kafka_resp_err_t code = rd_kafka_offsets_for_times(client_.handle(), list, timeout_ms);
        for (auto& partition : topic.partitions) {
            if (std::find(ids.begin(), ids.end(), partition.id) == ids.end()) continue;
            const rd_kafka_topic_partition_t* result =
                rd_kafka_topic_partition_list_find(list, topic.name.c_str(), partition.id);
            bool known = code == RD_KAFKA_RESP_ERR_NO_ERROR && result != nullptr &&
                         result->err == RD_KAFKA_RESP_ERR_NO_ERROR && result->offset >= 0;
            if (known) {
                (which == RD_KAFKA_OFFSET_BEGINNING ? partition.log_start : partition.log_end) =
                    result->offset;
            } else if (partition.error.empty()) {
                rd_kafka_resp_err_t why =
                    result != nullptr && result->err != RD_KAFKA_RESP_ERR_NO_ERROR ? result->err
                                                                                   : code;
                partition.error = std::string("offsets unknown: ") + rd_kafka_err2str(why);
            }
        }
        if (code != RD_KAFKA_RESP_ERR_NO_ERROR) {
            client_.check_connection();
            return;  // the leader did not answer; asking again only doubles the wait
        }
    }
}

std::vector<ConfigEntry> Admin::topic_configs(const std::string& name) {
    refuse_on_dev_broker(client_, "describing a topic's configuration");
    AdminRequest request(client_, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
    EventPtr event =
        request.send_one(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, name.c_str()),
                         rd_kafka_DescribeConfigs, rd_kafka_ConfigResource_destroy,
                         "the configuration of topic '" + name + "'");

    const rd_kafka_DescribeConfigs_result_t* result =
        rd_kafka_event_DescribeConfigs_result(event.get());
    size_t count = 0;
    const rd_kafka_ConfigResource_t** resources =
        rd_kafka_DescribeConfigs_result_resources(result, &count);
    std::vector<ConfigEntry> entries;
    for (size_t r = 0; r < count; ++r) {
        if (rd_kafka_ConfigResource_error(resources[r]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            throw Error(ErrorKind::Failure,
                        "cannot describe the configuration of topic '" + name +
                            "': " + rd_kafka_ConfigResource_error_string(resources[r]));
        }
        size_t config_count = 0;
        const rd_kafka_ConfigEntry_t** configs =
            rd_kafka_ConfigResource_configs(resources[r], &config_count);
        for (size_t c = 0; c < config_count; ++c) {
            ConfigEntry entry;
            entry.name = rd_kafka_ConfigEntry_name(configs[c]);
            const char* value = rd_kafka_ConfigEntry_value(configs[c]);
            entry.value = value ? value : "";
            entry.source = config_source_name(rd_kafka_ConfigEntry_source(configs[c]));
            entry.is_default = rd_kafka_ConfigEntry_is_default(configs[c]);
            entry.read_only = rd_kafka_ConfigEntry_is_read_only(configs[c]);
            entry.sensitive = rd_kafka_ConfigEntry_is_sensitive(configs[c]);
            entries.push_back(std::move(entry));
        }
    }
    std::sort(entries.begin(), entries.end(), [](auto& a, auto& b) { return a.name < b.name; });
    return entries;
}

std::vector<ItemResult> Admin::create_topics(const std::vector<NewTopicSpec>& topics,
                                             bool validate_only) {
    refuse_on_dev_broker(client_, "creating a topic");
    AdminRequest request(client_, RD_KAFKA_ADMIN_OP_CREATETOPICS, validate_only);
    std::vector<rd_kafka_NewTopic_t*> specs;
    char errstr[256];
    for (const auto& topic : topics) {
        rd_kafka_NewTopic_t* spec = rd_kafka_NewTopic_new(
            topic.name.c_str(), topic.partitions, topic.replication_factor, errstr, sizeof errstr);
        if (spec == nullptr) {
            rd_kafka_NewTopic_destroy_array(specs.data(), specs.size());
            throw Error(ErrorKind::Usage, "topic '" + topic.name + "': " + errstr);
        }
        for (const auto& [key, value] : topic.configs)
            rd_kafka_NewTopic_set_config(spec, key.c_str(), value.c_str());
        specs.push_back(spec);
    }
    EventPtr event = request.send_all(specs, rd_kafka_CreateTopics, rd_kafka_NewTopic_destroy_array,
                                      "topic creation");
    return topic_items(event, rd_kafka_event_CreateTopics_result,
                       rd_kafka_CreateTopics_result_topics);
}

ItemResult Admin::create_partitions(const std::string& topic, int new_total, bool validate_only) {
    refuse_on_dev_broker(client_, "adding partitions");
    AdminRequest request(client_, RD_KAFKA_ADMIN_OP_CREATEPARTITIONS, validate_only);
    char errstr[256];
    rd_kafka_NewPartitions_t* spec =
        rd_kafka_NewPartitions_new(topic.c_str(), new_total, errstr, sizeof errstr);
    if (spec == nullptr) throw Error(ErrorKind::Usage, "topic '" + topic + "': " + errstr);
    EventPtr event = request.send_one(spec, rd_kafka_CreatePartitions,
                                      rd_kafka_NewPartitions_destroy, "partition creation");
    size_t count = 0;
    auto results = rd_kafka_CreatePartitions_result_topics(
        rd_kafka_event_CreatePartitions_result(event.get()), &count);
    if (count != 1) throw Error(ErrorKind::Failure, "unexpected reply to partition creation");
    return item_from(results[0]);
}

ItemResult Admin::replace_topic_configs(const std::string& topic,
                                        const std::map<std::string, std::string>& configs,
                                        bool validate_only) {
    refuse_on_dev_broker(client_, "changing a topic's configuration");
    AdminRequest request(client_, RD_KAFKA_ADMIN_OP_ALTERCONFIGS, validate_only);
    rd_kafka_ConfigResource_t* resource =
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
    for (const auto& [key, value] : configs)
        rd_kafka_ConfigResource_set_config(resource, key.c_str(), value.c_str());
    EventPtr event =
        request.send_one(resource, rd_kafka_AlterConfigs, rd_kafka_ConfigResource_destroy,
                         "the configuration change of topic '" + topic + "'");
    size_t count = 0;
    auto resources = rd_kafka_AlterConfigs_result_resources(
        rd_kafka_event_AlterConfigs_result(event.get()), &count);
    ItemResult item{topic, 0, ""};
    for (size_t r = 0; r < count; ++r) {
        item.code = rd_kafka_ConfigResource_error(resources[r]);
        const char* message = rd_kafka_ConfigResource_error_string(resources[r]);
        if (item.code != 0) item.message = message ? message : error_name(item.code);
    }
    return item;
}

std::vector<ItemResult> Admin::delete_topics(const std::vector<std::string>& names) {
    refuse_on_dev_broker(client_, "deleting a topic");
    AdminRequest request(client_, RD_KAFKA_ADMIN_OP_DELETETOPICS);
    std::vector<rd_kafka_DeleteTopic_t*> specs;
    for (const auto& name : names) specs.push_back(rd_kafka_DeleteTopic_new(name.c_str()));
    EventPtr event = request.send_all(specs, rd_kafka_DeleteTopics,
                                      rd_kafka_DeleteTopic_destroy_array, "topic deletion");
    return topic_items(event, rd_kafka_event_DeleteTopics_result,
                       rd_kafka_DeleteTopics_result_topics);
}

bool Admin::await_topics(const std::map<std::string, int>& expected_partitions) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + client_.timeout();
    for (;;) {
        std::map<std::string, int> seen;
        for (const auto& topic : topics())
            seen[topic.name] = static_cast<int>(topic.partitions.size());
        bool all_there = true;
        for (const auto& [name, partitions] : expected_partitions) {
            auto found = seen.find(name);
            int now = found == seen.end() ? 0 : found->second;
            if (now != partitions) all_there = false;
        }
        if (all_there) return true;
        if (Clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

}  // namespace orderctl::core::kafka
