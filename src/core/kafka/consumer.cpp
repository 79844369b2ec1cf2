#include "core/kafka/consumer.h"

#include <cctype>

#include "core/kafka/dev_broker_limits.h"
#include "core/kafka/partition_list.h"

namespace orderctl::core::kafka {

static Error missing_topic(const std::string& topic) {
    return Error(ErrorKind::Failure, "topic '" + topic + "' does not exist",
                 "'orderctl topics list' shows the topics there are");
}

Consumer::Consumer(const std::vector<Setting>& properties, ClientOptions options)
    : client_(ClientType::Consumer, properties, [&options] {
          options.prepare = [](rd_kafka_conf_t* conf) {
              rd_kafka_conf_set_rebalance_cb(conf, &Consumer::on_rebalance);
          };
          return options;
      }()) {
    client_.owner = this;
    // The credentials exactly as librdkafka holds them: it applies the properties in order (the
    // last wins) and left-trims string values.
    const auto trimmed = [](const std::string& value) {
        size_t start = 0;
        while (start < value.size() && std::isspace(static_cast<unsigned char>(value[start])))
            ++start;
        return value.substr(start);
    };
    for (const auto& setting : properties) {
        if (setting.key == "sasl.username") sasl_username_ = trimmed(setting.value);
        if (setting.key == "sasl.password") sasl_password_ = trimmed(setting.value);
    }
    // Kerberos (through Cyrus SASL) asks for the username when it has none: setting one, even
    // "", would change its handshake. Such a client is not woken (it fetches as librdkafka does
    // alone, a second late after a full queue). GSSAPI is also what a SASL protocol with no
    // mechanism set means: the client's own reading of its configuration says.
    wake_by_credentials_ = !client_.uses_gssapi();
    // One queue for messages and events, served by poll().
    rd_kafka_poll_set_consumer(client_.handle());
    results_ = rd_kafka_queue_get_consumer(client_.handle());
}

Consumer::~Consumer() {
    close();
    // Results still queued are dropped with the queue: nothing was allocated for them.
    if (results_) rd_kafka_queue_destroy(results_);
}

void Consumer::close() {
    if (closed_) return;
    closed_ = true;
    rd_kafka_consumer_close(client_.handle());
}

size_t Consumer::queued() const {
    return results_ ? rd_kafka_queue_length(results_) : 0;
}

void Consumer::wake_fetchers() {
    // librdkafka 2.0.2 takes a partition off the fetch list while the consumer's queue is over
    // queued.max.messages.kbytes, and nothing wakes its broker thread when the application has
    // read the queue down: it sleeps for up to a second (2.1 added fetch.queue.backoff.ms for
    // this). Its one public call that wakes every broker thread, without a request and without
    // a side effect, is setting the SASL credentials: to the values the client already has.
    // Read: a single op on each broker thread's queue, which then re-decides what to fetch.
    if (!wake_by_credentials_) return;
    rd_kafka_error_t* error = rd_kafka_sasl_set_credentials(
        client_.handle(), sasl_username_.c_str(), sasl_password_.c_str());
    if (error) rd_kafka_error_destroy(error);  // only for null arguments, which these are not
}

std::vector<int32_t> Consumer::partitions(const std::string& topic) {
    // Consumers never create topics: neither here (allow.auto.create.topics=false, librdkafka's
    // consumer default) nor on the dev broker, which would create one asked for by name.
    if (dev_broker_lacks_topic(client_, topic)) throw missing_topic(topic);
    auto metadata = client_.metadata(&topic);
    std::vector<int32_t> ids;
    for (int t = 0; t < metadata->topic_cnt; ++t) {
        const auto& entry = metadata->topics[t];
        if (entry.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) throw missing_topic(topic);
        for (int p = 0; p < entry.partition_cnt; ++p) ids.push_back(entry.partitions[p].id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::map<int32_t, int64_t> Consumer::offsets_for_time(const std::string& topic,
                                                      const std::vector<int32_t>& partitions,
                                                      int64_t timestamp_ms) {
    return offsets_for_times(client_, topic, partitions, timestamp_ms);
}

std::map<int32_t, int64_t> Consumer::end_offsets(const std::string& topic,
                                                 const std::vector<int32_t>& partitions) {
    return offsets_for_time(topic, partitions, RD_KAFKA_OFFSET_END);
}

void Consumer::assign(const std::string& topic, const std::vector<PartitionStart>& starts) {
    PartitionList list(static_cast<int>(starts.size()));
    for (const auto& start : starts)
        rd_kafka_topic_partition_list_add(list.list, topic.c_str(), start.partition)->offset =
            start.offset;
    rd_kafka_resp_err_t code = rd_kafka_assign(client_.handle(), list.list);
    if (code)
        throw Error(ErrorKind::Failure, std::string("cannot assign: ") + rd_kafka_err2str(code));
}

void Consumer::subscribe(const std::string& topic, RevokeHandler on_revoke) {
    on_revoke_ = std::move(on_revoke);
    PartitionList list(1);
    rd_kafka_topic_partition_list_add(list.list, topic.c_str(), RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t code = rd_kafka_subscribe(client_.handle(), list.list);
    if (code)
        throw Error(ErrorKind::Failure, std::string("cannot subscribe: ") + rd_kafka_err2str(code));
}

void Consumer::on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                            rd_kafka_topic_partition_list_t* partitions, void* opaque) {
    auto* self = static_cast<Consumer*>(static_cast<Client*>(opaque)->owner);
    ++self->rebalances_;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        rd_kafka_assign(rk, partitions);
    } else {
        // Commit what was processed before the partitions go to another member.
        if (self->on_revoke_) self->on_revoke_();
        rd_kafka_assign(rk, nullptr);
    }
}

MessagePtr Consumer::poll(int timeout_ms) {
    return MessagePtr(rd_kafka_consumer_poll(client_.handle(), timeout_ms));
}

void Consumer::store(const rd_kafka_message_t* message) {
    rd_kafka_offset_store(message->rkt, message->partition, message->offset);
}

void Consumer::store_offsets(const std::string& topic, const std::map<int32_t, int64_t>& next) {
    if (next.empty()) return;
    PartitionList list(static_cast<int>(next.size()));
    for (const auto& [partition, offset] : next)
        rd_kafka_topic_partition_list_add(list.list, topic.c_str(), partition)->offset = offset;
    // A partition revoked meanwhile refuses its store; that is fine, it is no longer ours.
    rd_kafka_offsets_store(client_.handle(), list.list);
}

bool Consumer::commit() {
    rd_kafka_resp_err_t code = rd_kafka_commit(client_.handle(), nullptr, 0);
    if (code == RD_KAFKA_RESP_ERR__NO_OFFSET) return false;
    if (code)
        throw Error(ErrorKind::Failure, std::string("commit failed: ") + rd_kafka_err2str(code));
    return true;
}

void Consumer::on_async_commit(std::string topic, CommitDone done) {
    async_topic_ = std::move(topic);
    async_done_ = std::move(done);
}

void Consumer::commit_async() {
    // Queued, not sent: only a full queue or a destroyed handle fails here, and then the
    // result reaches the handler all the same.
    rd_kafka_resp_err_t code = rd_kafka_commit_queue(client_.handle(), nullptr, results_,
                                                     &Consumer::on_commit_result, this);
    if (code && async_done_) async_done_(rd_kafka_err2str(code), {});
}

void Consumer::on_commit_result(rd_kafka_t* /*rk*/, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* offsets, void* opaque) {
    auto* self = static_cast<Consumer*>(opaque);
    if (!self->async_done_) return;
    // Inside librdkafka's poll: no exception may leave this callback.
    try {
        std::map<int32_t, int64_t> committed;
        std::string error =
            err == RD_KAFKA_RESP_ERR__NO_OFFSET ? "" : (err ? rd_kafka_err2str(err) : "");
        for (int i = 0; offsets && i < offsets->cnt; ++i) {
            const auto& entry = offsets->elems[i];
            if (self->async_topic_ != entry.topic) continue;
            if (entry.err) {
                if (error.empty()) error = rd_kafka_err2str(entry.err);
            } else if (entry.offset >= 0 && err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                committed[entry.partition] = entry.offset;
            }
        }
        self->async_done_(error, committed);
    } catch (...) {
    }
}

std::map<int32_t, int64_t> Consumer::cached_lag(const std::string& topic) {
    std::map<int32_t, int64_t> lag;
    rd_kafka_topic_partition_list_t* assigned = nullptr;
    if (rd_kafka_assignment(client_.handle(), &assigned) || !assigned) return lag;
    PartitionList owned(assigned);
    rd_kafka_position(client_.handle(), owned.list);
    for (int i = 0; i < owned.list->cnt; ++i) {
        const auto& part = owned.list->elems[i];
        if (topic != part.topic || part.offset < 0) continue;
        int64_t low = -1, high = -1;
        if (rd_kafka_get_watermark_offsets(client_.handle(), part.topic, part.partition, &low,
                                           &high) ||
            high < 0)
            continue;
        lag[part.partition] = std::max<int64_t>(0, high - part.offset);
    }
    return lag;
}

std::map<int32_t, int64_t> Consumer::committed(const std::string& topic,
                                               const std::vector<int32_t>& partitions,
                                               int timeout_ms) {
    std::map<int32_t, int64_t> out;
    if (partitions.empty()) return out;
    PartitionList list(static_cast<int>(partitions.size()));
    for (int32_t partition : partitions)
        rd_kafka_topic_partition_list_add(list.list, topic.c_str(), partition);
    if (rd_kafka_committed(client_.handle(), list.list, timeout_ms)) return out;
    for (int i = 0; i < list.list->cnt; ++i)
        if (!list.list->elems[i].err && list.list->elems[i].offset >= 0)
            out[list.list->elems[i].partition] = list.list->elems[i].offset;
    return out;
}

std::vector<int32_t> Consumer::assigned(const std::string& topic) {
    std::vector<int32_t> out;
    rd_kafka_topic_partition_list_t* assignment = nullptr;
    if (rd_kafka_assignment(client_.handle(), &assignment) || !assignment) return out;
    PartitionList owned(assignment);
    for (int i = 0; i < owned.list->cnt; ++i)
        if (topic == owned.list->elems[i].topic) out.push_back(owned.list->elems[i].partition);
    std::sort(out.begin(), out.end());
    return out;
}

bool Consumer::assignment_lost() {
    return rd_kafka_assignment_lost(client_.handle()) != 0;
}

std::map<int32_t, int64_t> Consumer::rewind_to_committed(const std::string& topic,
                                                         const std::map<int32_t, int64_t>& fallback,
                                                         int timeout_ms) {
    std::map<int32_t, int64_t> positions;
    const std::vector<int32_t> owned = assigned(topic);
    if (owned.empty()) return positions;
    PartitionList committed(static_cast<int>(owned.size()));
    for (int32_t partition : owned)
        rd_kafka_topic_partition_list_add(committed.list, topic.c_str(), partition);
    rd_kafka_resp_err_t code = rd_kafka_committed(client_.handle(), committed.list, timeout_ms);
    if (code)
        throw Error(
            code == RD_KAFKA_RESP_ERR__TIMED_OUT ? ErrorKind::Unreachable : ErrorKind::Failure,
            "cannot read the group's committed offsets of '" + topic +
                "' to process the aborted transaction's records again: " + rd_kafka_err2str(code));
    PartitionList seek(committed.list->cnt);
    for (int i = 0; i < committed.list->cnt; ++i) {
        const auto& entry = committed.list->elems[i];
        int64_t offset = entry.err == 0 && entry.offset >= 0 ? entry.offset : -1;
        if (auto first = fallback.find(entry.partition); offset < 0 && first != fallback.end())
            offset = first->second;
        if (offset < 0) continue;
        rd_kafka_topic_partition_list_add(seek.list, topic.c_str(), entry.partition)->offset =
            offset;
        positions[entry.partition] = offset;
    }
    if (seek.list->cnt == 0) return positions;
    // With a timeout, the seek returns once the fetcher has the new position: nothing fetched
    // from the old one reaches poll() afterwards.
    if (rd_kafka_error_t* error =
            rd_kafka_seek_partitions(client_.handle(), seek.list, timeout_ms)) {
        std::string text = rd_kafka_error_string(error);
        const bool timed_out = rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__TIMED_OUT;
        rd_kafka_error_destroy(error);
        throw Error(timed_out ? ErrorKind::Unreachable : ErrorKind::Failure,
                    "cannot rewind '" + topic + "' to the group's committed offsets: " + text);
    }
    // A partition revoked meanwhile refuses its seek: it is no longer ours to redo.
    for (int i = 0; i < seek.list->cnt; ++i)
        if (seek.list->elems[i].err) positions.erase(seek.list->elems[i].partition);
    return positions;
}

}  // namespace orderctl::core::kafka
