#include "core/kafka/partition_list.h"

#include "core/kafka/dev_broker_limits.h"

namespace orderctl::core::kafka {

std::map<int32_t, int64_t> offsets_for_times(Client& client, const std::string& topic,
                                             const std::vector<int32_t>& partitions,
                                             int64_t timestamp_ms, OffsetLookupPolicy policy) {
    // The mock cluster answers a lookup by time with -1 ("no record"), which would read as an
    // empty topic; earliest and latest (negative logical offsets) it answers right.
    if (timestamp_ms >= 0) refuse_on_dev_broker(client, "finding offsets by time");
    PartitionList list(static_cast<int>(partitions.size()));
    for (int32_t id : partitions)
        rd_kafka_topic_partition_list_add(list.list, topic.c_str(), id)->offset = timestamp_ms;
    rd_kafka_resp_err_t code = rd_kafka_offsets_for_times(
        client.handle(), list.list, static_cast<int>(client.timeout().count()));
    if (code != RD_KAFKA_RESP_ERR_NO_ERROR) {
        client.check_connection();
        const bool timed_out = code == RD_KAFKA_RESP_ERR__TIMED_OUT;
        if (timed_out && policy.timeout_names_brokers)
            throw client.timeout_error("the offsets of '" + topic + "' for a time");
        throw Error(timed_out ? ErrorKind::Unreachable : ErrorKind::Failure,
                    "cannot look up offsets of '" + topic + "': " + rd_kafka_err2str(code));
    }
    std::map<int32_t, int64_t> offsets;
    for (int i = 0; i < list.list->cnt; ++i) {
        const auto& entry = list.list->elems[i];
        if (entry.err && policy.partition_error_fails)
            throw Error(ErrorKind::Failure, "cannot look up the offset of " + topic + ":" +
                                                std::to_string(entry.partition) +
                                                " for a time: " + rd_kafka_err2str(entry.err));
        offsets[entry.partition] = entry.offset;  // -1: no record at or after the time
    }
    return offsets;
}

int fetch_committed_offsets(Client& client,
                            const std::map<std::string, std::vector<int32_t>>& partitions,
                            int timeout_ms,
                            std::map<std::string, std::map<int32_t, int64_t>>& committed) {
    PartitionList list(8);
    for (const auto& [topic, ids] : partitions)
        for (int32_t id : ids) rd_kafka_topic_partition_list_add(list.list, topic.c_str(), id);
    if (list.list->cnt == 0) return RD_KAFKA_RESP_ERR_NO_ERROR;
    rd_kafka_resp_err_t code = rd_kafka_committed(client.handle(), list.list, timeout_ms);
    if (code != RD_KAFKA_RESP_ERR_NO_ERROR) return code;
    for (int i = 0; i < list.list->cnt; ++i) {
        const auto& entry = list.list->elems[i];
        if (entry.err == RD_KAFKA_RESP_ERR_NO_ERROR && entry.offset >= 0)
            committed[entry.topic][entry.partition] = entry.offset;
    }
    return RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace orderctl::core::kafka
