// The admin calls orderctl needs, over librdkafka 2.0.2: metadata, watermarks and the topic
// admin API. Each call waits at most the client's timeout and fails early with
// Error(Unreachable) when the cluster cannot be reached.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/kafka/client.h"
#include "core/kafka/library.h"

namespace orderctl::core::kafka {

struct PartitionInfo {
    int32_t id = 0;
    int32_t leader = -1;
    std::vector<int32_t> replicas;
    std::vector<int32_t> isr;
    int64_t log_start = -1;  // filled by Admin::fill_offsets
    int64_t log_end = -1;
    std::string error;  // a per-partition metadata error, e.g. leader not available
};

struct TopicInfo {
    std::string name;
    bool internal = false;  // Kafka's own topics: __consumer_offsets, __transaction_state, ...
    std::vector<PartitionInfo> partitions;
    int replication_factor() const {
        return partitions.empty() ? 0 : static_cast<int>(partitions.front().replicas.size());
    }
};

struct BrokerInfo {
    int32_t id = 0;
    std::string host;
    int port = 0;
};

struct ConfigEntry {
    std::string name;
    std::string value;
    std::string source;  // "dynamic-topic", "static-broker", "default", ...
    bool is_default = false;
    bool read_only = false;
    bool sensitive = false;
};

struct NewTopicSpec {
    std::string name;
    int partitions = 1;
    int replication_factor = 1;
    std::map<std::string, std::string> configs;
};

// The outcome of one item of a batch admin call.
struct ItemResult {
    std::string name;
    int code = 0;  // rd_kafka_resp_err_t; 0 means success
    std::string message;
    bool ok() const { return code == 0; }
};

struct GroupMember {
    std::string client_id;
    std::string host;
    std::string consumer_id;
    std::vector<std::pair<std::string, int32_t>> assignment;  // topic, partition
};

struct GroupDescription {
    std::string group;
    std::string state;  // Stable, Empty, Dead, PreparingRebalance, ... or "unknown"
    std::vector<GroupMember> members;
    std::string error;  // when the cluster could not describe it (the dev broker cannot)
};

// topic -> partition -> committed offset (the next offset the group will read)
using GroupOffsets = std::map<std::string, std::map<int32_t, int64_t>>;

struct GroupListing {
    std::string group;
    std::string state;
};

// The outcome for one partition of a group-offsets call (alter, delete).
struct PartitionResult {
    std::string topic;
    int32_t partition = 0;
    int code = 0;  // rd_kafka_resp_err_t; 0 means success
    std::string message;
    bool ok() const { return code == 0; }
};

class Admin {
  public:
    Admin(const std::vector<Setting>& properties, ClientOptions options);

    const std::string& bootstrap_servers() const { return client_.bootstrap_servers(); }

    std::vector<BrokerInfo> brokers();
    std::vector<TopicInfo> topics();
    std::optional<TopicInfo> topic(const std::string& name);
    // Log-start and log-end offsets of every partition.
    void fill_offsets(TopicInfo& topic);
    std::vector<ConfigEntry> topic_configs(const std::string& name);

    std::vector<ItemResult> create_topics(const std::vector<NewTopicSpec>& topics,
                                          bool validate_only);
    ItemResult create_partitions(const std::string& topic, int new_total, bool validate_only);
    // Replaces the topic's whole dynamic configuration with `configs` (librdkafka 2.0.2 has
    // no incremental variant; callers merge with the current set first).
    ItemResult replace_topic_configs(const std::string& topic,
                                     const std::map<std::string, std::string>& configs,
                                     bool validate_only);
    std::vector<ItemResult> delete_topics(const std::vector<std::string>& names);

    // Committed offsets of a group (partitions without a commit are absent).
    GroupOffsets committed_offsets(const std::string& group);
    // State and members of a group; error set instead of throwing when the call is missing.
    GroupDescription describe_group(const std::string& group);
    // Every consumer group with its state (ListGroups; the dev broker lacks it).
    std::vector<GroupListing> list_groups();
    // False on clusters without the group admin calls (the embedded dev broker). There,
    // librdkafka 2.0.2 hangs in rd_kafka_destroy after a DescribeConsumerGroups and aborts after
    // a DeleteGroups, so describe_group and delete_group do not send them. Asks once (ListGroups).
    bool has_group_admin();
    // Sets committed offsets (topic -> partition -> offset); a result per partition. The
    // broker refuses partitions the group is actively subscribed to.
    std::vector<PartitionResult> alter_group_offsets(const std::string& group,
                                                     const GroupOffsets& offsets);
    // Removes the committed offsets of these partitions; a result per partition.
    std::vector<PartitionResult> delete_group_offsets(
        const std::string& group, const std::map<std::string, std::vector<int32_t>>& partitions);
    // Deletes a whole (empty) group with all its committed offsets.
    ItemResult delete_group(const std::string& group);
    // Per partition, the first offset whose timestamp is at or after `timestamp_ms` (-1: none).
    std::map<int32_t, int64_t> offsets_for_time(const std::string& topic,
                                                const std::vector<int32_t>& partitions,
                                                int64_t timestamp_ms);

    // Waits until metadata shows each topic with the given partition count (0: gone). The
    // controller acknowledges changes before every broker's metadata has them, and a script's
    // next command must see what the last one did. Returns false if the timeout ran out.
    bool await_topics(const std::map<std::string, int>& expected_partitions);

  private:
    std::vector<Setting> properties_;
    ClientOptions options_;
    Client client_;
    // The handle that asks for a group's committed offsets (committed_offsets()), made on first
    // use: a consumer handle, so that librdkafka has a group to refer a coordinator error to.
    std::unique_ptr<Client> group_offsets_client_;
    std::optional<bool> has_group_admin_;  // has_group_admin()'s answer, once asked

    Client& group_offsets_client();

    using MetadataPtr = Client::MetadataPtr;
    MetadataPtr metadata(const std::string* only_topic);
    void fill_offsets(TopicInfo& topic, const std::vector<int32_t>& partition_ids);
};

}  // namespace orderctl::core::kafka
