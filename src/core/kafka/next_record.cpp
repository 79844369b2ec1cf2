#include "core/kafka/next_record.h"

#include "core/kafka/consumer.h"
#include "core/kafka/defaults.h"
#include "core/kafka/partition_list.h"

namespace orderctl::core::kafka {
namespace {

std::vector<Setting> reader_properties(const std::vector<Setting>& user) {
    return defaults_then(
        {
            // librdkafka 2.0.2 needs a group.id to assign; nothing subscribes or commits under
            // it, so no group is joined and the groups being read are not disturbed.
            {"group.id", "orderctl-offsets-reader"},
            {"enable.auto.commit", "false"},
            {"enable.auto.offset.store", "false"},
            // Only markers left after the offset: the partition's end says so at once.
            {"enable.partition.eof", "true"},
            // An offset already deleted by retention is unknown, not another record's age.
            {"auto.offset.reset", "error"},
            // One record per partition is wanted: no read-ahead, small fetches. A partition with
            // only markers left answers an empty fetch, which the broker holds this long.
            {"queued.min.messages", "1"},
            {"fetch.wait.max.ms", "10"},
            {"max.partition.fetch.bytes", "65536"},
        },
        "offsets (time behind)", user);
}

}  // namespace

std::map<TopicPartition, NextRecord> next_records(const std::vector<Setting>& properties,
                                                  ClientOptions options,
                                                  const std::map<TopicPartition, int64_t>& offsets,
                                                  std::chrono::milliseconds wait) {
    std::map<TopicPartition, NextRecord> found;
    if (offsets.empty()) return found;
    Consumer consumer(reader_properties(properties), std::move(options));
    PartitionList list(static_cast<int>(offsets.size()));
    for (const auto& [where, offset] : offsets)
        rd_kafka_topic_partition_list_add(list.list, where.first.c_str(), where.second)->offset =
            offset;
    if (rd_kafka_assign(consumer.client().handle(), list.list) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return found;  // every partition unknown
    std::map<TopicPartition, bool> pending;
    for (const auto& [where, offset] : offsets) pending[where] = true;
    const auto until = std::chrono::steady_clock::now() + wait;
    while (!pending.empty() && std::chrono::steady_clock::now() < until) {
        // The consumer queue serves the error callback too (no rd_kafka_poll on this handle:
        // its main queue is forwarded there). A lost connection leaves the rest unknown.
        auto message = consumer.poll(50);
        if (consumer.client().connection_watch().fatal()) break;
        if (!message || !message->rkt) continue;
        TopicPartition where{rd_kafka_topic_name(message->rkt), message->partition};
        if (!pending.erase(where)) continue;  // a second record of a partition already known
        NextRecord& next = found[where];
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            next.at_end = true;
        } else if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_timestamp_type_t type;
            const int64_t timestamp = rd_kafka_message_timestamp(message.get(), &type);
            if (type != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE && timestamp >= 0)
                next.timestamp_ms = timestamp;
        }
        // A partition's error (out of range, say) leaves it unknown.
        rd_kafka_topic_partition_list_t* one = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(one, where.first.c_str(), where.second);
        rd_kafka_pause_partitions(consumer.client().handle(), one);  // fetch no more of it
        rd_kafka_topic_partition_list_destroy(one);
    }
    for (const auto& [where, unused] : pending) found[where];  // unknown: nothing in time
    return found;
}

}  // namespace orderctl::core::kafka
