// A producer that accounts for every record: each one carries a caller's ticket through
// librdkafka, and exactly one Delivery comes back for it (delivered, failed, or not sent).
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/kafka/client.h"
#include "core/kafka/transaction_error.h"

namespace orderctl::core::kafka {

class Consumer;

struct Delivery {
    uint64_t ticket = 0;  // what the caller passed to send()
    int32_t partition = -1;
    int64_t offset = -1;
    int64_t timestamp_ms = -1;
    // The timestamp is the broker's LogAppendTime, not the record's CreateTime. The dev broker
    // (the mock cluster) answers LogAppendTime 1234 for every record, whatever the topic says.
    bool broker_time = false;
    int error = 0;  // rd_kafka_resp_err_t; 0 when delivered
    std::string error_text;
    bool persisted = false;  // the broker acknowledged it
    // Not acknowledged, yet the broker may have stored it (in flight when it timed out or was
    // purged): neither delivered nor safe to send again blindly.
    bool possibly_persisted = false;
};

using Header = std::pair<std::string, std::string>;

// The error codes of send() and of a Delivery that callers tell apart, by name: the values
// are librdkafka's, which only core/kafka names.
namespace produce_error {
inline constexpr int kInterrupted = RD_KAFKA_RESP_ERR__INTR;      // send(): the stop test said stop
inline constexpr int kQueueFull = RD_KAFKA_RESP_ERR__QUEUE_FULL;  // send(): full for the whole wait
inline constexpr int kTooLarge = RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE;  // send(): over the limit
inline constexpr int kUnknownPartition = RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION;  // no such partition
inline constexpr int kPurgedQueued = RD_KAFKA_RESP_ERR__PURGE_QUEUE;  // purged waiting to be sent
inline constexpr int kPurgedInFlight = RD_KAFKA_RESP_ERR__PURGE_INFLIGHT;  // purged on its way
// librdkafka's text for one of its error codes (a send() refusal, say), as it gives it.
std::string text(int code);
}  // namespace produce_error

// A topic as the cluster's metadata describes it.
struct TopicState {
    bool exists = true;  // false: the cluster does not know the topic
    int partitions = 0;
};

struct Record {
    std::string_view topic;
    int32_t partition = -1;  // -1: the partitioner chooses
    std::string_view key;
    bool null_key = false;
    std::string_view value;
    bool null_value = false;
    const std::vector<Header>* headers = nullptr;
    int64_t timestamp_ms = 0;  // 0: now
};

class Producer {
  public:
    using DeliveryHandler = std::function<void(const Delivery&)>;

    Producer(std::vector<Setting> properties, ClientOptions options, DeliveryHandler on_delivery);
    // Never calls the delivery handler: by the time a producer is destroyed, what the handler
    // touches may be gone. Owners account for what is in flight before (purge, then poll).
    ~Producer();

    // Queues a record; waits (serving deliveries) while librdkafka's queue is full, at most
    // until the queue wait's limit or its stop test (set_queue_wait).
    // Returns 0, or the error that refused the record outright (then no Delivery follows):
    // produce_error::kInterrupted when the stop test said stop, kQueueFull when the queue
    // stayed full for the whole limit.
    int send(const Record& record, uint64_t ticket);
    // How long send() may wait for queue space with no delivery freeing any, and a test that
    // ends the wait at once (Ctrl-C). By default: librdkafka's message.timeout.ms, no test.
    void set_queue_wait(std::chrono::milliseconds limit, std::function<bool()> stop) {
        queue_wait_ = limit;
        stop_ = std::move(stop);
    }
    // Serves delivery reports for up to `timeout_ms`.
    void poll(int timeout_ms);
    // Waits until nothing is in flight or the time is up; true when all are accounted for.
    bool flush(int timeout_ms);
    // Sends what waits for linger.ms now, and serves deliveries for at most `timeout_ms` (at
    // least 1). librdkafka 2.0.2 sends before linger.ms only while a flush() runs, and its broker
    // threads must wake up within that call to see it: a flush of 0 ms is mostly too short.
    void send_now(int timeout_ms);
    // Drops what is queued and in flight: each gets a not-sent Delivery (error __PURGE_*).
    void purge();
    size_t in_flight() const;
    // Records without a timestamp get CreateTime "now", and librdkafka reads the wall clock
    // for each of them: a measurable share of produce's CPU. For a burst (a file, --generate)
    // one read for every `records` records is as exact to a fraction of a millisecond; a wait
    // for queue space, or a call to read_clock_again() after a wait of the caller's, reads the
    // clock anew. 0 (the default) leaves every read to librdkafka.
    void reuse_clock_reads(unsigned records) { clock_reuse_ = records; }
    void read_clock_again() { stamps_left_ = 0; }

    // Transactions: each throws TransactionError with librdkafka's reason and its class
    // (retriable, abortable, fatal). commit_transaction and abort_transaction retry a
    // retriable failure themselves (`attempts` calls in all, as librdkafka asks: a timed-out
    // commit is committed again, never re-sent) and throw what is left.
    void init_transactions(int timeout_ms);
    void begin_transaction();
    void commit_transaction(int timeout_ms, int attempts = 3);
    void abort_transaction(int timeout_ms, int attempts = 3);
    // Adds the consumer's next offsets to the open transaction (consume-process-produce):
    // they are committed for the consumer's group if and only if the transaction commits.
    void send_offsets_to_transaction(const Consumer& consumer, const std::string& topic,
                                     const std::map<int32_t, int64_t>& next, int timeout_ms);

    // The cluster's metadata of one topic (with Client::metadata's bounded wait and its
    // Error(Unreachable)): one entry per topic in the answer, normally one.
    std::vector<TopicState> topic_states(const std::string& topic);

    Client& client() { return client_; }

  private:
    Client client_;
    DeliveryHandler on_delivery_;
    // Topic handles by name: looked up once, not per record.
    std::vector<std::pair<std::string, rd_kafka_topic_t*>> topics_;
    rd_kafka_topic_t* topic_handle(std::string_view name);
    std::chrono::milliseconds queue_wait_{0};  // 0: message.timeout.ms
    uint64_t reports_ = 0;                     // delivery reports served so far
    std::exception_ptr pending_;               // thrown by the delivery handler, not yet rethrown
    void rethrow_pending();
    std::function<bool()> stop_;
    unsigned clock_reuse_ = 0, stamps_left_ = 0;
    int64_t now_ms_ = 0;
    int64_t timestamp_for(const Record& record);
    std::chrono::milliseconds message_timeout() const;
    static void on_report(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque);
};

}  // namespace orderctl::core::kafka
