// --transactional: when transactions open, commit or abort, and what their lines become.
#include "commands/produce/transactions.h"

#include "cli/signals.h"
#include "core/kafka/transaction_error.h"

namespace orderctl::commands {

using Clock = std::chrono::steady_clock;

bool Transactions::begin(const std::string& file, uint64_t number, const std::string& key,
                         std::string_view topic) {
    try {
        producer_->begin_transaction();
    } catch (const core::kafka::TransactionError& error) {
        // The producer can do no more (fenced since the last commit): this line is not
        // sent, and nothing more is read.
        stop_.fatal = error.what();
        stop_.fatal_hint = error.hint();
        stop_.reading = true;
        LineOutcome outcome =
            outcome_for(file, number, key, LineStatus::NotSent, std::string(topic));
        outcome.error = error.what();
        report_.record(outcome);
        return false;
    }
    open_ = true;
    started_ = Clock::now();
    return true;
}

bool Transactions::hold(const LineOutcome& outcome) {
    // In a transaction, a delivered or dead-lettered line counts only once it commits.
    if (outcome.status == LineStatus::Delivered || outcome.dead_lettered.value_or(false)) {
        held_.push_back(outcome);
        return true;
    }
    if (open_ && outcome.status != LineStatus::Rejected && outcome.status != LineStatus::Valid)
        failed_ = true;
    return false;
}

void Transactions::end_if_due() {
    if (records_ < options_.transaction_lines &&
        Clock::now() - started_ < std::chrono::duration<double>(options_.transaction_interval))
        return;
    end(true);
}

void Transactions::end(bool commit) {
    if (!open_) return;
    // Every record of the transaction reports first (bounded by --flush-timeout): a commit
    // must not leave a line's outcome unknown.
    auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(options_.flush_timeout));
    while (!in_flight_.empty() && Clock::now() < deadline) producer_->poll(50);
    commit = commit && in_flight_.empty() && !failed_;
    std::string why = !in_flight_.empty() ? "not every line was acknowledged within --flush-timeout"
                      : failed_           ? "a line of it was not delivered"
                      : !stop_.invalid_line.empty() ? "invalid order at " + stop_.invalid_line
                      : cli::interrupted()          ? "interrupted"
                                                    : "the input broke off";
    // A commit call that failed may have committed all the same (a timeout, say): then its
    // lines are unknown, unless the abort after it succeeds (the transaction did not commit).
    bool commit_sent = false, fenced = false;
    if (commit) {
        try {
            producer_->commit_transaction(timeout_ms_);
        } catch (const core::kafka::TransactionError& error) {
            commit = false;
            commit_sent = !error.fenced();
            fenced = error.fenced();
            why = error.what();
            if (error.failure() == core::kafka::TransactionFailure::Fatal) {
                stop_.fatal = why;
                stop_.fatal_hint = error.hint();
            }
        }
    }
    bool outcome_unknown = false;
    if (!commit) {
        // Its records' reports from here on say failed: the transaction will not count.
        failed_ = true;
        bool aborted = false;
        if (stop_.fatal.empty()) {
            try {
                // After Ctrl-C, one attempt: the user is waiting.
                producer_->abort_transaction(timeout_ms_, cli::interrupted() ? 1 : 3);
                aborted = true;
            } catch (const core::kafka::TransactionError& error) {
                stop_.fatal = error.what();
                stop_.fatal_hint = error.hint();
                fenced = fenced || error.fenced();
            }
        }
        outcome_unknown = commit_sent && !aborted && !fenced;
        for (int i = 0; i < 50 && !in_flight_.empty(); ++i) producer_->poll(100);
        ++aborted_;
    }
    // Whatever is still in flight belongs to this transaction, whose fate is now decided.
    if (!in_flight_.empty()) {
        producer_->purge();
        for (int i = 0; i < 20 && !in_flight_.empty(); ++i) producer_->poll(50);
        in_flight_.account_unreported(outcome_unknown ? "its transaction may have committed"
                                                      : "its transaction was aborted");
    }
    ++transactions_;
    for (auto& outcome : held_) {
        if (!commit) {
            if (outcome.status == LineStatus::Delivered && outcome_unknown) {
                outcome.status = LineStatus::Unknown;
                outcome.error = why +
                                "; the transaction may have committed all the same (the abort "
                                "failed too): check before sending it again";
            } else if (outcome.status == LineStatus::Delivered) {
                outcome.status = LineStatus::Failed;
                outcome.offset = -1;
                outcome.partition = -1;
                outcome.error = "transaction aborted: " + why;
            } else {
                outcome.dead_lettered = false;
                outcome.error += " (dead-letter transaction aborted: " + why + ")";
            }
        }
        report_.record(outcome);
    }
    held_.clear();
    open_ = false;
    failed_ = false;
    records_ = 0;
    // A fenced producer can do nothing more: stop reading, the error comes at the end.
    if (!stop_.fatal.empty()) stop_.reading = true;
}

std::string Transactions::summary() const {
    if (!enabled_ || transactions_ == 0) return {};
    return "transactions: " + std::to_string(transactions_ - aborted_) + " committed, " +
           std::to_string(aborted_) + " aborted";
}

}  // namespace orderctl::commands
