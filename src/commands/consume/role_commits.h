// How a role service commits what it processed, the one strategy the service runs:
// - at-least-once: the offsets after records whose outcomes the broker acknowledged are stored
//   and committed; a service that dies before that sees those orders again;
// - exactly-once (--exactly-once): outcomes and the offsets after them are one transaction. A
//   failed transaction is handled by librdkafka's class of the failure: abortable ones are
//   aborted and their records processed again; retriable ones left after retries, and fatal
//   ones (fenced), stop the service with nothing more committed.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "commands/consume/outcome_publisher.h"
#include "core/kafka/consume_loop.h"
#include "core/kafka/producer.h"
#include "core/kafka/transaction_error.h"

namespace orderctl::commands {

// What a strategy works with; all of it outlives the strategy.
struct CommitParts {
    core::kafka::ConsumeLoop& loop;
    core::kafka::Producer& producer;
    OutcomePublisher& publisher;
    std::string input_topic, output_topic, dlq_topic;
    const char* role;  // for messages: "payment"
    int timeout_ms;
};

class RoleCommits {
  public:
    explicit RoleCommits(CommitParts parts) : parts_(std::move(parts)) {}
    virtual ~RoleCommits() = default;
    static std::unique_ptr<RoleCommits> make(bool exactly_once, CommitParts parts);

    // Before the service starts consuming (a transactional producer's registration).
    virtual void start() {}
    // Before a record is processed.
    virtual void before(int32_t /*partition*/, int64_t /*offset*/) {}
    // Commits what is processed; `wait_for_outcomes`: at the end and on revocation.
    virtual void commit(bool wait_for_outcomes) = 0;
    // Inside a revocation, before the commit: true when the partitions were lost with work
    // that must not be committed (it was dropped instead).
    virtual bool dropped_lost_partitions() { return false; }
    // A failed outcome seen before the next poll: true when it was dealt with and the service
    // goes on, false when the service stops (committing only what came before it).
    virtual bool recover_from_failed_outcome() { return false; }
    // True once after a transaction was aborted: its records are still to be processed.
    virtual bool take_redo() { return false; }
    // On the way out with an error: what of the work in flight was not committed, as the end
    // of a sentence ("; ..."), or "".
    virtual std::string uncommitted_account() = 0;
    // For the summary: "" or ", N transaction(s) aborted and redone ...".
    virtual std::string summary() const { return ""; }
    virtual uint64_t aborted() const { return 0; }
    virtual uint64_t redone_records() const { return 0; }

    uint64_t commits() const { return commits_; }
    // Called with the round trip of each commit that reached the group (for the metrics).
    void on_commit_seconds(std::function<void(double)> observe) { observe_ = std::move(observe); }
    // What the group has committed from this instance, per partition.
    const std::map<int32_t, int64_t>& committed_next() const { return committed_next_; }
    // Inside the revoke callback: an aborted transaction is not rewound (the partitions leave).
    void set_revoking(bool revoking) { revoking_ = revoking; }

  protected:
    CommitParts parts_;
    uint64_t commits_ = 0;
    std::function<void(double)> observe_;
    std::map<int32_t, int64_t> committed_next_;
    bool revoking_ = false;
};

// The tick's commit is asynchronous: a synchronous one held the loop for a round trip to the
// coordinator each second, and every order that arrived meanwhile waited with it (the p99 of
// order-to-outcome latency). The final commit and the one on revocation wait for the answer.
class AtLeastOnceCommits final : public RoleCommits {
  public:
    explicit AtLeastOnceCommits(CommitParts parts);
    void commit(bool wait_for_outcomes) override;
    std::string uncommitted_account() override;

  private:
    using Clock = std::chrono::steady_clock;
    bool stored_uncommitted_ = false;
    std::map<int32_t, int64_t> stored_next_;  // stored, not yet committed
    std::string async_failure_;               // of the last async commit, reported at the next
    Clock::time_point async_sent_{};

    void committed(const std::map<int32_t, int64_t>& next);
    void async_done(const std::string& error, const std::map<int32_t, int64_t>& committed);
};

class TransactionalCommits final : public RoleCommits {
  public:
    using RoleCommits::RoleCommits;
    void start() override;
    void before(int32_t partition, int64_t offset) override;
    void commit(bool wait_for_outcomes) override;
    bool dropped_lost_partitions() override;
    bool recover_from_failed_outcome() override;
    bool take_redo() override { return std::exchange(redo_, false); }
    std::string uncommitted_account() override;
    std::string summary() const override;
    uint64_t aborted() const override { return aborted_; }
    uint64_t redone_records() const override { return redone_records_; }

  private:
    bool open_ = false;
    std::map<int32_t, int64_t> processed_next_;
    std::map<int32_t, int64_t> first_;  // per partition: the first offset in the transaction
    uint64_t records_ = 0;              // records processed in the open transaction
    uint64_t aborted_ = 0;              // transactions aborted and redone
    uint64_t redone_records_ = 0;       // records processed in them (processed again)
    unsigned consecutive_redos_ = 0;
    bool redo_ = false;

    void send_offsets();
    // What the service does about a failed transaction, by librdkafka's class of the failure.
    void on_failure(const core::kafka::TransactionError& error);
    // Abortable: abort, forget the transaction's bookkeeping, and (unless the partitions are
    // being revoked) rewind to the group's committed offsets so that its records are fetched
    // and processed again in a new transaction. `counted`: a failure of this transaction's own
    // (a lost assignment is not), bounded by kMaxConsecutiveRedos.
    void abort_and_redo(const std::string& reason, bool counted);
    void forget();
    // An abort on the way out, when the service stops: best effort, the reason is known.
    void abort_quietly();
    // Retriable left after retries, or fatal: the error the service stops with.
    [[noreturn]] void stop_for(const core::kafka::TransactionError& error);
};

}  // namespace orderctl::commands
