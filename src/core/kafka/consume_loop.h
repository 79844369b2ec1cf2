// The loop every group consumer of orderctl runs: the plain consumer (`consume --group`) and the
// role services. It owns the consumer and what comes with it: the defaults (manual commits,
// offsets stored only for processed records, partition EOF for --until), the assignment, the
// stop offsets, the commit tick with de-duplicated warnings, the revoke callback and the teardown
// order. What a consumer does with a record, and how it commits, is its Worker's.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/kafka/consumer.h"
#include "core/kafka/message.h"
#include "core/kafka/stop_offsets.h"

namespace orderctl::core::kafka {

// How often a grouped consume loop commits (besides at revocation and at the end): one commit
// per partition per tick stays under Event Hubs' throttle of about 4 commits per second per
// partition (a unit test holds the two together).
inline constexpr auto kCommitTick = std::chrono::seconds(1);

struct ConsumeLoopSettings {
    std::string topic;
    std::string group;  // empty: a reader of assigned partitions, with no group and no commits
    bool from_latest = false;  // where a group without committed offsets starts
    // Defaults of the caller's own, after the loop's (an isolation level, say).
    std::vector<std::pair<std::string, std::string>> extra_defaults;
    std::string origin;         // names the defaults in error messages
    std::vector<Setting> user;  // the profile's librdkafka properties, which win over defaults
    ClientOptions client;
    double idle_timeout = 0;            // seconds without a record that end the loop; 0: never
    std::function<bool()> interrupted;  // Ctrl-C: ends the loop
};

class ConsumeLoop {
  public:
    // What a consumer does with the records the loop hands it. Every call comes from the
    // thread that runs the loop; revoked() from inside librdkafka's poll.
    class Worker {
      public:
        virtual ~Worker() = default;
        // Called before each poll; false ends the loop (--max reached, a failure).
        virtual bool proceed() { return true; }
        // A record inside the stop offsets.
        virtual void process(const Message& message) = 0;
        // After every poll, with or without a record (serving a producer's deliveries).
        virtual void after_poll() {}
        // A poll that returned nothing.
        virtual void idle() {}
        // Once a second: commit what is processed. An Error is a warning (once per distinct
        // text) and the next tick retries, unless tick_failure_stops().
        virtual void commit_tick() = 0;
        virtual bool tick_failure_stops() const { return false; }
        // After each tick's commit (publishing metrics).
        virtual void after_tick() {}
        // Partitions are leaving this member (a rebalance, the close). An Error thrown here
        // stops the loop when revoke_failure_stops(), and is a warning otherwise.
        virtual void revoked() = 0;
        virtual bool revoke_failure_stops() const { return false; }
        virtual void warn(const std::string& text) = 0;
    };

    explicit ConsumeLoop(ConsumeLoopSettings settings);
    // The consumer goes first, with the revoke callback off: closing it revokes the partitions,
    // and an exit by error must commit nothing more.
    ~ConsumeLoop() { shutdown(); }
    ConsumeLoop(const ConsumeLoop&) = delete;
    ConsumeLoop& operator=(const ConsumeLoop&) = delete;

    // The topic's partitions (Error when it does not exist).
    std::vector<int32_t> partitions() { return consumer_->partitions(settings_.topic); }
    // --until end: stop at the end offsets of now.
    void stop_at_end(const std::vector<int32_t>& partitions);
    // Joins the group; `worker` serves revocations until shutdown().
    void subscribe(Worker& worker);
    // Without a group: reads these partitions from these offsets.
    void assign(const std::vector<PartitionStart>& starts);

    // Polls and hands records to the worker until a stop condition: interrupted, every stop
    // offset reached, the idle timeout, or the worker's proceed() says no. Rethrows an error
    // that a revocation stopped with.
    void run(Worker& worker);
    // The commit tick: the worker's commit, its failure a de-duplicated warning.
    void commit_tick(Worker& worker);
    // An error caught inside a revocation that must stop the consumer, thrown here.
    void rethrow_stop_error();

    // Leaves the group (revoking, with the revoke callback still on: the final commit).
    void close() { consumer_->close(); }
    // Teardown: the revoke callback off, then the consumer. Idempotent.
    void shutdown();

    Consumer& consumer() { return *consumer_; }
    StopOffsets& stops() { return stops_; }
    const std::string& topic() const { return settings_.topic; }
    bool grouped() const { return !settings_.group.empty(); }

  private:
    ConsumeLoopSettings settings_;
    std::unique_ptr<Consumer> consumer_;
    StopOffsets stops_;
    bool revoke_enabled_ = true;
    std::string last_commit_warning_;
    std::optional<Error> stop_error_;

    // --until end in a group: partitions other members own are done once the group's committed
    // offset reached their stop.
    void reached_by_group();
};

}  // namespace orderctl::core::kafka
