// The strategy's choice, and at-least-once: commit the offsets after acknowledged outcomes.
#include "commands/consume/role_commits.h"

#include <chrono>

namespace orderctl::commands {

std::unique_ptr<RoleCommits> RoleCommits::make(bool exactly_once, CommitParts parts) {
    if (exactly_once) return std::make_unique<TransactionalCommits>(std::move(parts));
    return std::make_unique<AtLeastOnceCommits>(std::move(parts));
}

void AtLeastOnceCommits::commit(bool wait_for_outcomes) {
    using Clock = std::chrono::steady_clock;
    if (wait_for_outcomes) {
        auto deadline = Clock::now() + std::chrono::seconds(30);
        while (parts_.publisher.in_flight() && !parts_.publisher.failed() &&
               Clock::now() < deadline)
            parts_.producer.poll(50);
    } else {
        parts_.producer.poll(0);
    }
    const std::map<int32_t, int64_t> next = parts_.publisher.take_committable();
    if (!next.empty()) {
        parts_.loop.consumer().store_offsets(parts_.input_topic, next);
        stored_uncommitted_ = true;
        for (const auto& [partition, offset] : next) stored_next_[partition] = offset;
    }
    // Stored offsets whose commit failed are committed by the next attempt, progress or not.
    if (!stored_uncommitted_) return;
    const bool committed = parts_.loop.consumer().commit();
    stored_uncommitted_ = false;
    if (committed) ++commits_;
    for (const auto& [partition, offset] : stored_next_) committed_next_[partition] = offset;
    stored_next_.clear();
}

std::string AtLeastOnceCommits::uncommitted_account() {
    if (parts_.publisher.in_flight() == 0) return "";
    return "; " + std::to_string(parts_.publisher.in_flight()) +
           " outcome(s) still in flight were not committed (their orders are processed again "
           "at the next start)";
}

}  // namespace orderctl::commands
