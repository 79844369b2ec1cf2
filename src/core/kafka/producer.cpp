#include "core/kafka/producer.h"

#include "core/kafka/dev_broker_limits.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "core/kafka/consumer.h"

namespace orderctl::core::kafka {

Producer::Producer(std::vector<Setting> properties, ClientOptions options,
                   DeliveryHandler on_delivery)
    : client_(ClientType::Producer, std::move(properties),
              [&options] {
                  options.prepare = [](rd_kafka_conf_t* conf) {
                      rd_kafka_conf_set_dr_msg_cb(conf, &Producer::on_report);
                  };
                  return options;
              }()),
      on_delivery_(std::move(on_delivery)) {
    client_.owner = this;
}

Producer::~Producer() {
    // Detached first: the reports of what is purged here reach no handler (see the header).
    client_.owner = nullptr;
    purge();
    poll(0);
    for (auto& [name, handle] : topics_) rd_kafka_topic_destroy(handle);
}

rd_kafka_topic_t* Producer::topic_handle(std::string_view name) {
    for (auto& [known, handle] : topics_)
        if (known == name) return handle;
    rd_kafka_topic_t* handle =
        rd_kafka_topic_new(client_.handle(), std::string(name).c_str(), nullptr);
    topics_.emplace_back(std::string(name), handle);
    return handle;
}

void Producer::on_report(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
    auto* self = static_cast<Producer*>(static_cast<Client*>(opaque)->owner);
    if (self == nullptr) return;  // being destroyed
    Delivery delivery;
    delivery.ticket = reinterpret_cast<uintptr_t>(message->_private);
    delivery.partition = message->partition;
    delivery.offset = message->offset;
    delivery.error = message->err;
    const rd_kafka_msg_status_t status = rd_kafka_message_status(message);
    delivery.persisted = status == RD_KAFKA_MSG_STATUS_PERSISTED && message->err == 0;
    delivery.possibly_persisted =
        !delivery.persisted && status != RD_KAFKA_MSG_STATUS_NOT_PERSISTED;
    rd_kafka_timestamp_type_t type;
    delivery.timestamp_ms = rd_kafka_message_timestamp(message, &type);
    delivery.broker_time = type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME;
    if (message->err) delivery.error_text = self->client_.redact(rd_kafka_err2str(message->err));
    ++self->reports_;
    // No exception may unwind through librdkafka's C frames: the first one is kept, and thrown
    // by the call that served this report (poll, flush, a transaction call) once librdkafka
    // returned. Later reports still reach the handler.
    try {
        self->on_delivery_(delivery);
    } catch (...) {
        if (!self->pending_) self->pending_ = std::current_exception();
    }
}

void Producer::rethrow_pending() {
    if (!pending_) return;
    std::exception_ptr pending = pending_;
    pending_ = nullptr;
    std::rethrow_exception(pending);
}

int64_t Producer::timestamp_for(const Record& record) {
    if (record.timestamp_ms != 0 || clock_reuse_ == 0) return record.timestamp_ms;
    if (stamps_left_ == 0) {
        now_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
        stamps_left_ = clock_reuse_;
    }
    --stamps_left_;
    return now_ms_;
}

int Producer::send(const Record& record, uint64_t ticket) {
    using Clock = std::chrono::steady_clock;
    Clock::time_point give_up{};  // set at the first full queue
    uint64_t reports_before = 0;
    for (;;) {
        const int64_t timestamp_ms = timestamp_for(record);
        rd_kafka_headers_t* headers = nullptr;
        if (record.headers && !record.headers->empty()) {
            headers = rd_kafka_headers_new(record.headers->size());
            for (const auto& [name, value] : *record.headers)
                rd_kafka_header_add(headers, name.data(), name.size(), value.data(), value.size());
        }
        // By handle: producing by name costs a lookup under the client's lock per record.
        rd_kafka_resp_err_t code = rd_kafka_producev(
            client_.handle(), RD_KAFKA_V_RKT(topic_handle(record.topic)),
            RD_KAFKA_V_PARTITION(record.partition < 0 ? RD_KAFKA_PARTITION_UA : record.partition),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(record.null_key ? nullptr : record.key.data(),
                           record.null_key ? 0 : record.key.size()),
            RD_KAFKA_V_VALUE(record.null_value ? nullptr : const_cast<char*>(record.value.data()),
                             record.null_value ? 0 : record.value.size()),
            RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_TIMESTAMP(timestamp_ms),
            RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<uintptr_t>(ticket))),
            RD_KAFKA_V_END);
        if (code == RD_KAFKA_RESP_ERR_NO_ERROR) return 0;
        // On failure the headers are still ours.
        if (headers) rd_kafka_headers_destroy(headers);
        if (code != RD_KAFKA_RESP_ERR__QUEUE_FULL) return code;
        // Back-pressure: the queue is bounded, so memory stays flat; wait for deliveries, but
        // not past the limit with nothing delivered, and not once the caller wants to stop.
        // Progress is a delivery report served (a record acknowledged, failed or timed out).
        if (give_up == Clock::time_point{} || reports_ != reports_before)
            give_up = Clock::now() + (queue_wait_.count() > 0 ? queue_wait_ : message_timeout());
        reports_before = reports_;
        if (stop_ && stop_()) return RD_KAFKA_RESP_ERR__INTR;
        if (Clock::now() >= give_up) return RD_KAFKA_RESP_ERR__QUEUE_FULL;
        poll(50);
        read_clock_again();
    }
}

void Producer::poll(int timeout_ms) {
    rd_kafka_poll(client_.handle(), timeout_ms);
    rethrow_pending();
}

bool Producer::flush(int timeout_ms) {
    const bool flushed = rd_kafka_flush(client_.handle(), timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR;
    rethrow_pending();
    return flushed;
}

void Producer::send_now(int timeout_ms) {
    flush(std::max(1, timeout_ms));  // what is still in flight after it is no failure here
}

void Producer::purge() {
    rd_kafka_purge(client_.handle(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
}

size_t Producer::in_flight() const {
    return static_cast<size_t>(rd_kafka_outq_len(client_.handle()));
}

std::chrono::milliseconds Producer::message_timeout() const {
    char value[32] = {};
    size_t size = sizeof value;
    const rd_kafka_conf_t* conf = rd_kafka_conf(client_.handle());
    if (rd_kafka_conf_get(conf, "message.timeout.ms", value, &size) != RD_KAFKA_CONF_OK)
        return std::chrono::milliseconds(300000);
    long long ms = std::atoll(value);
    return std::chrono::milliseconds(ms > 0 ? ms : 300000);
}

std::vector<TopicState> Producer::topic_states(const std::string& topic) {
    if (dev_broker_lacks_topic(client_, topic)) return {TopicState{false, 0}};
    auto metadata = client_.metadata(&topic);
    std::vector<TopicState> states;
    for (int i = 0; i < metadata->topic_cnt; ++i) {
        TopicState state;
        state.exists = metadata->topics[i].err != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
        state.partitions = metadata->topics[i].partition_cnt;
        states.push_back(state);
    }
    return states;
}

std::string produce_error::text(int code) {
    return rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(code));
}

namespace {

TransactionFailure failure_of(const rd_kafka_error_t* error) {
    if (rd_kafka_error_is_fatal(error)) return TransactionFailure::Fatal;
    if (rd_kafka_error_txn_requires_abort(error)) return TransactionFailure::Abortable;
    if (rd_kafka_error_is_retriable(error)) return TransactionFailure::Retriable;
    // Neither retriable nor abortable (a bad state, an unsupported feature): nothing the
    // producer can do again will change it.
    return TransactionFailure::Fatal;
}

void check(rd_kafka_error_t* error, const std::string& doing) {
    if (error == nullptr) return;
    std::string text = rd_kafka_error_string(error);
    rd_kafka_resp_err_t code = rd_kafka_error_code(error);
    const TransactionFailure failure = failure_of(error);
    rd_kafka_error_destroy(error);
    std::string hint;
    if (code == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE ||
        code == RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION ||
        code == RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED)
        hint = "the cluster does not support transactions (Event Hubs Standard does not)";
    if (code == RD_KAFKA_RESP_ERR__FENCED || code == RD_KAFKA_RESP_ERR_PRODUCER_FENCED ||
        code == RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH)
        hint =
            "another producer with the same transactional.id took over (a newer instance); "
            "this one stops";
    const bool fenced = code == RD_KAFKA_RESP_ERR__FENCED ||
                        code == RD_KAFKA_RESP_ERR_PRODUCER_FENCED ||
                        code == RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH;
    const ErrorKind kind =
        code == RD_KAFKA_RESP_ERR__TIMED_OUT && failure != TransactionFailure::Fatal
            ? ErrorKind::Unreachable
            : ErrorKind::Failure;
    throw TransactionError(failure, kind, doing + " failed: " + text, hint, fenced);
}

// Calls `call` until it succeeds, fails otherwise than retriably, or `attempts` are used.
template <typename Call>
void retrying(int attempts, const std::string& doing, Call call) {
    for (int attempt = 1;; ++attempt) {
        rd_kafka_error_t* error = call();
        if (error == nullptr) return;
        if (attempt < attempts && failure_of(error) == TransactionFailure::Retriable) {
            rd_kafka_error_destroy(error);
            continue;
        }
        check(error, doing);
    }
}

}  // namespace

void Producer::init_transactions(int timeout_ms) {
    check(rd_kafka_init_transactions(client_.handle(), timeout_ms), "starting transactions");
}
void Producer::begin_transaction() {
    check(rd_kafka_begin_transaction(client_.handle()), "beginning the transaction");
}
void Producer::commit_transaction(int timeout_ms, int attempts) {
    retrying(attempts, "committing the transaction",
             [&] { return rd_kafka_commit_transaction(client_.handle(), timeout_ms); });
    rethrow_pending();
}
void Producer::abort_transaction(int timeout_ms, int attempts) {
    retrying(attempts, "aborting the transaction",
             [&] { return rd_kafka_abort_transaction(client_.handle(), timeout_ms); });
    rethrow_pending();
}

void Producer::send_offsets_to_transaction(const Consumer& consumer, const std::string& topic,
                                           const std::map<int32_t, int64_t>& next, int timeout_ms) {
    rd_kafka_topic_partition_list_t* offsets =
        rd_kafka_topic_partition_list_new(static_cast<int>(next.size()));
    for (const auto& [partition, offset] : next)
        rd_kafka_topic_partition_list_add(offsets, topic.c_str(), partition)->offset = offset;
    rd_kafka_consumer_group_metadata_t* group =
        rd_kafka_consumer_group_metadata(consumer.client().handle());
    rd_kafka_error_t* error =
        rd_kafka_send_offsets_to_transaction(client_.handle(), offsets, group, timeout_ms);
    rd_kafka_consumer_group_metadata_destroy(group);
    rd_kafka_topic_partition_list_destroy(offsets);
    check(error, "adding offsets to the transaction");
}

}  // namespace orderctl::core::kafka
