// Exactly-once: outcomes and the offsets after them commit as one transaction, and a failed
// transaction is handled by librdkafka's class of the failure (role_commits.h).
#include <algorithm>
#include <chrono>

#include "cli/diagnostics.h"
#include "commands/consume/role_commits.h"
#include "core/error.h"

namespace orderctl::commands {
namespace {

using core::Error;
using core::ErrorKind;
using core::kafka::TransactionError;
using core::kafka::TransactionFailure;

// Aborts in a row, with no commit between, after which a failure is taken as one that redoing
// cannot cure (the outcome topic missing, say): the service stops rather than loop.
constexpr unsigned kMaxConsecutiveRedos = 5;
// Attempts at adding the offsets to a transaction while the failure is retriable.
constexpr int kOffsetAttempts = 3;

}  // namespace

void TransactionalCommits::start() {
    parts_.producer.init_transactions(parts_.timeout_ms);
}

void TransactionalCommits::before(int32_t partition, int64_t offset) {
    if (!open_) {
        try {
            parts_.producer.begin_transaction();
        } catch (const TransactionError& error) {
            stop_for(error);
        }
        open_ = true;
    }
    processed_next_[partition] = offset + 1;
    first_.try_emplace(partition, offset);
    ++records_;
}

void TransactionalCommits::commit(bool /*wait_for_outcomes: the commit flushes them*/) {
    if (!open_) return;
    const auto started = std::chrono::steady_clock::now();
    try {
        if (parts_.publisher.failed()) {
            // An outcome failed: nothing of this transaction may count, its offsets included.
            // A fenced producer fails its records too; that is the fatal class, not a redo.
            if (parts_.producer.client().fatal_error())
                stop_for(TransactionError(TransactionFailure::Fatal, ErrorKind::Failure,
                                          parts_.publisher.failure()));
            abort_and_redo(parts_.publisher.failure(), true);
            return;
        }
        if (!processed_next_.empty()) send_offsets();
        parts_.producer.commit_transaction(parts_.timeout_ms);
    } catch (const TransactionError& error) {
        on_failure(error);
        return;
    }
    open_ = false;
    if (!processed_next_.empty()) {
        ++commits_;
        if (observe_)
            observe_(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    for (const auto& [partition, next] : processed_next_) committed_next_[partition] = next;
    consecutive_redos_ = 0;
    forget();
}

bool TransactionalCommits::dropped_lost_partitions() {
    if (!open_ || !parts_.loop.consumer().assignment_lost()) return false;
    abort_and_redo("this member's partitions were lost to a rebalance", false);
    return true;
}

bool TransactionalCommits::recover_from_failed_outcome() {
    if (!open_) return false;
    commit(false);  // aborts the transaction and redoes it
    return true;
}

void TransactionalCommits::send_offsets() {
    for (int attempt = 1;; ++attempt) {
        try {
            parts_.producer.send_offsets_to_transaction(parts_.loop.consumer(), parts_.input_topic,
                                                        processed_next_, parts_.timeout_ms);
            return;
        } catch (const TransactionError& error) {
            if (error.failure() != TransactionFailure::Retriable || attempt >= kOffsetAttempts)
                throw;
        }
    }
}

void TransactionalCommits::on_failure(const TransactionError& error) {
    switch (error.failure()) {
        case TransactionFailure::Abortable:
            abort_and_redo(error.what(), true);
            return;
        case TransactionFailure::Retriable:
            abort_quietly();
            stop_for(error);
        case TransactionFailure::Fatal:
            stop_for(error);
    }
}

void TransactionalCommits::abort_and_redo(const std::string& reason, bool counted) {
    if (counted && ++consecutive_redos_ > kMaxConsecutiveRedos) {
        abort_quietly();
        throw Error(ErrorKind::Failure,
                    "a transaction failed " + std::to_string(kMaxConsecutiveRedos + 1) +
                        " times in a row, each time aborted and redone; the last time: " + reason,
                    "a failure that processing again does not cure: check that the topics '" +
                        parts_.output_topic + "' and '" + parts_.dlq_topic +
                        "' exist and that this client may write to them");
    }
    try {
        parts_.producer.abort_transaction(parts_.timeout_ms);
    } catch (const TransactionError& error) {
        stop_for(error);
    }
    open_ = false;
    ++aborted_;
    redone_records_ += records_;
    cli::print_warning("transaction aborted (" + reason + "); its " + std::to_string(records_) +
                       " record(s) are processed again in a new one");
    const std::map<int32_t, int64_t> first = first_;
    forget();
    redo_ = true;
    std::map<int32_t, int64_t> positions;
    // On revocation the partitions are leaving: their next owner starts at the group's offsets.
    if (!revoking_)
        positions = parts_.loop.consumer().rewind_to_committed(parts_.input_topic, first,
                                                               parts_.timeout_ms);
    for (const auto& [partition, offset] : first) {
        auto position = positions.find(partition);
        parts_.loop.stops().reopen(partition,
                                   position == positions.end() ? offset : position->second);
    }
    // Some breathing room before a redo that may fail the same way.
    if (counted) parts_.producer.poll(std::min(2000, 100 << consecutive_redos_));
}

void TransactionalCommits::forget() {
    processed_next_.clear();
    first_.clear();
    records_ = 0;
    parts_.publisher.forget_all();
}

void TransactionalCommits::abort_quietly() {
    if (!open_) return;
    open_ = false;
    try {
        parts_.producer.abort_transaction(parts_.timeout_ms / 3, 1);
    } catch (const Error&) {
        // The coordinator aborts it after transaction.timeout.ms, or the next instance with
        // this transactional.id at once; exactly-once holds either way.
    }
}

void TransactionalCommits::stop_for(const TransactionError& error) {
    const auto fatal = parts_.producer.client().fatal_error();
    if (fatal && fatal->fenced)
        throw Error(ErrorKind::Failure,
                    std::string("this ") + parts_.role +
                        " service was fenced: another producer with transactional.id '" +
                        parts_.producer.client().property("transactional.id") + "' took over (" +
                        fatal->reason +
                        "); it stops and commits nothing more (the new one aborted its open "
                        "transaction)",
                    "run one instance per transactional.id: leave it unset (each instance then "
                    "gets its own, orderctl-GROUP-HOST-N) or give each its own "
                    "-X transactional.id");
    if (error.failure() == TransactionFailure::Fatal)
        throw Error(ErrorKind::Failure,
                    std::string(error.what()) +
                        "; the transactional producer cannot go on: nothing more is committed",
                    error.hint());
    throw Error(error.kind(),
                std::string(error.what()) +
                    " (after retries); the transaction was aborted or is left to time out: "
                    "nothing of it is committed",
                error.hint().empty() && error.kind() == ErrorKind::Unreachable
                    ? "is the cluster reachable? its records are processed again at the next start"
                    : error.hint());
}

std::string TransactionalCommits::uncommitted_account() {
    // Records of a transaction that neither committed nor was redone.
    const uint64_t open = records_;
    abort_quietly();
    if (!open) return "";
    return "; the open transaction's " + std::to_string(open) +
           " record(s) were not committed (processed again at the next start)";
}

std::string TransactionalCommits::summary() const {
    return ", " + std::to_string(aborted_) + " transaction(s) aborted and redone" +
           (aborted_ ? " (" + std::to_string(redone_records_) + " record(s) processed again)" : "");
}

}  // namespace orderctl::commands
