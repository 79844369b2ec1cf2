// The strategy's choice, and at-least-once: commit the offsets after acknowledged outcomes.
#include "commands/consume/role_commits.h"

#include <algorithm>

namespace orderctl::commands {

std::unique_ptr<RoleCommits> RoleCommits::make(bool exactly_once, CommitParts parts) {
    if (exactly_once) return std::make_unique<TransactionalCommits>(std::move(parts));
    return std::make_unique<AtLeastOnceCommits>(std::move(parts));
}

AtLeastOnceCommits::AtLeastOnceCommits(CommitParts parts) : RoleCommits(std::move(parts)) {
    parts_.loop.consumer().on_async_commit(
        parts_.input_topic,
        [this](const std::string& error, const std::map<int32_t, int64_t>& next) {
            async_done(error, next);
        });
}

void AtLeastOnceCommits::commit(bool wait_for_outcomes) {
    if (wait_for_outcomes) {
        auto deadline = Clock::now() + std::chrono::seconds(30);
        // Flushing, not polling: what waits for linger.ms goes now (a revocation or the
        // stop need not wait a batch out).
        while (parts_.publisher.in_flight() && !parts_.publisher.failed() &&
               Clock::now() < deadline)
            parts_.producer.send_now(50);
    } else {
        parts_.producer.poll(0);
    }
    const std::map<int32_t, int64_t> next = parts_.publisher.take_committable();
    if (!next.empty()) {
        parts_.loop.consumer().store_offsets(parts_.input_topic, next);
        stored_uncommitted_ = true;
        for (const auto& [partition, offset] : next) stored_next_[partition] = offset;
    }
    // An async commit that failed is retried now (its offsets are still stored) and reported
    // after the retry was sent, so that the loop's warning names it.
    const std::string failed = std::exchange(async_failure_, "");
    if (!failed.empty()) stored_uncommitted_ = true;
    // Stored offsets whose commit failed are committed by the next attempt, progress or not.
    if (stored_uncommitted_ && wait_for_outcomes) {
        auto started = Clock::now();
        const bool sent = parts_.loop.consumer().commit();  // a failure: retried next time
        stored_uncommitted_ = false;
        if (sent) {
            ++commits_;
            if (observe_) observe_(std::chrono::duration<double>(Clock::now() - started).count());
        }
        // It covers what an async commit still in flight carries too.
        committed(stored_next_);
        stored_next_.clear();
    } else if (stored_uncommitted_) {
        stored_uncommitted_ = false;
        async_sent_ = Clock::now();
        parts_.loop.consumer().commit_async();
    }
    if (!failed.empty()) throw core::Error(core::ErrorKind::Failure, "commit failed: " + failed);
}

void AtLeastOnceCommits::committed(const std::map<int32_t, int64_t>& next) {
    // An async answer served after a later synchronous commit must not move the account back.
    for (const auto& [partition, offset] : next) {
        auto& held = committed_next_[partition];
        held = std::max(held, offset);
    }
}

void AtLeastOnceCommits::async_done(const std::string& error,
                                    const std::map<int32_t, int64_t>& next) {
    if (!next.empty()) {
        ++commits_;
        committed(next);
        // What the answer confirms is no longer waiting for a commit.
        for (const auto& [partition, offset] : next)
            if (auto held = stored_next_.find(partition);
                held != stored_next_.end() && held->second <= offset)
                stored_next_.erase(held);
        if (observe_) observe_(std::chrono::duration<double>(Clock::now() - async_sent_).count());
    }
    if (!error.empty()) async_failure_ = error;
}

std::string AtLeastOnceCommits::uncommitted_account() {
    if (parts_.publisher.in_flight() == 0) return "";
    return "; " + std::to_string(parts_.publisher.in_flight()) +
           " outcome(s) still in flight were not committed (their orders are processed again "
           "at the next start)";
}

}  // namespace orderctl::commands
