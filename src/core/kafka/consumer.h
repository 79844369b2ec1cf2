// A consumer for orderctl: either a member of a group (subscribe, commits of what was
// processed only) or a plain reader of chosen partitions (assign, no group, no commits).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/kafka/client.h"
#include "core/kafka/library.h"

namespace orderctl::core::kafka {

struct MessageDeleter {
    void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

struct PartitionStart {
    int32_t partition = 0;
    int64_t offset = RD_KAFKA_OFFSET_BEGINNING;  // or RD_KAFKA_OFFSET_END, or an offset
};

class Consumer {
  public:
    // Called before partitions are taken away (rebalance, close): commit what was processed.
    using RevokeHandler = std::function<void()>;

    Consumer(const std::vector<Setting>& properties, ClientOptions options);
    ~Consumer();

    // Partitions of `topic` (Error when it does not exist).
    std::vector<int32_t> partitions(const std::string& topic);
    // End offsets (high watermarks) now, per partition.
    std::map<int32_t, int64_t> end_offsets(const std::string& topic,
                                           const std::vector<int32_t>& partitions);
    // Offsets of the first record at or after `timestamp_ms`, per partition (-1: none).
    std::map<int32_t, int64_t> offsets_for_time(const std::string& topic,
                                                const std::vector<int32_t>& partitions,
                                                int64_t timestamp_ms);

    void assign(const std::string& topic, const std::vector<PartitionStart>& starts);
    void subscribe(const std::string& topic, RevokeHandler on_revoke);

    // The next message or event, or null after `timeout_ms`.
    MessagePtr poll(int timeout_ms);
    // Messages and events fetched and not yet polled: 0 when the next poll would wait.
    size_t queued() const;
    // Wakes librdkafka's broker threads, so that partitions held back while the fetched
    // records were over queued.max.messages.kbytes are fetched again at once.
    void wake_fetchers();
    // Marks a processed record: its offset + 1 becomes committable.
    void store(const rd_kafka_message_t* message);
    // Marks records up to these offsets processed: each value is the next offset to read.
    void store_offsets(const std::string& topic, const std::map<int32_t, int64_t>& next);
    // The group's committed offsets (next offset to read) for these partitions; partitions
    // without a commit are left out. Empty when the broker does not answer within timeout_ms.
    std::map<int32_t, int64_t> committed(const std::string& topic,
                                         const std::vector<int32_t>& partitions, int timeout_ms);
    // Commits the stored offsets synchronously; false when there was nothing to commit.
    bool commit();
    // What an asynchronous commit did, handed to the handler inside a later poll() or close():
    // `error` empty on success; `committed` the next offsets the group now holds, per partition
    // of the topic asked for (none when nothing was stored since the last commit).
    using CommitDone =
        std::function<void(const std::string& error, const std::map<int32_t, int64_t>& committed)>;
    // The handler of every commit_async() result, for `topic`; set once, before the first.
    void on_async_commit(std::string topic, CommitDone done);
    // Commits the stored offsets without waiting for the broker (the loop goes on serving
    // records meanwhile); the result reaches the handler. A synchronous commit after it still
    // covers everything stored.
    void commit_async();
    // Partitions of `topic` assigned to this member now.
    std::vector<int32_t> assigned(const std::string& topic);
    // Inside a revocation: true when the partitions were lost rather than handed over (this
    // member was dropped from the group, a session timeout say), so that the group no longer
    // accepts offsets from it for them.
    bool assignment_lost();
    // The rewind of a consume-transform-produce loop after an aborted transaction: every
    // assigned partition of `topic` goes back to the group's committed offset, or to
    // `fallback`'s where the group has none, so the aborted work is fetched and processed
    // again; records fetched before are dropped. Partitions with neither keep their position.
    // Returns the positions set; Error (Unreachable on a timeout) when the group's offsets
    // cannot be read.
    std::map<int32_t, int64_t> rewind_to_committed(const std::string& topic,
                                                   const std::map<int32_t, int64_t>& fallback,
                                                   int timeout_ms);
    void close();
    // Per assigned partition of `topic`: log end minus fetch position, from librdkafka's cached
    // watermarks (no request); partitions without a position yet are left out.
    std::map<int32_t, int64_t> cached_lag(const std::string& topic);
    uint64_t rebalances() const { return rebalances_; }
    Client& client() { return client_; }
    const Client& client() const { return client_; }

  private:
    Client client_;
    RevokeHandler on_revoke_;
    std::string async_topic_;
    CommitDone async_done_;
    // The queue poll() serves: async commit results are callbacks on it, run on the polling
    // thread, never on librdkafka's.
    rd_kafka_queue_t* results_ = nullptr;
    uint64_t rebalances_ = 0;
    bool closed_ = false;
    // The client's own SASL credentials (empty without), which wake_fetchers sets again.
    std::string sasl_username_, sasl_password_;
    bool wake_by_credentials_ = true;  // false for GSSAPI (Client::uses_gssapi)
    static void on_commit_result(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                 rd_kafka_topic_partition_list_t* offsets, void* opaque);
    static void on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                             rd_kafka_topic_partition_list_t* partitions, void* opaque);
};

}  // namespace orderctl::core::kafka
