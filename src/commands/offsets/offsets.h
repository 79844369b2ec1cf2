// `orderctl offsets`: where each consumer group stands (committed, log end, lag, owner), live
// with --watch; `offsets reset` moves a group's committed offsets (planned, then --execute);
// `offsets delete` removes them. The verbs are in offsets_show.cpp, offsets_watch.cpp,
// offsets_reset.cpp and offsets_delete.cpp; offsets.cpp binds the flags.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"

namespace orderctl::commands {

struct OffsetsOptions {
    std::vector<std::string> groups;
    std::vector<std::string> roles;
    bool all_groups = false;              // every group the cluster lists
    std::string topic;                    // only this topic
    std::optional<int64_t> max_lag;       // exit 4 when a partition lags more
    std::optional<double> watch_seconds;  // --watch: refresh interval
    // --recommend-instances: the instances each group needs, by KEDA's Kafka scaler's rules.
    bool recommend_instances = false;
    int64_t lag_threshold = 10;            // KEDA's lagThreshold
    int64_t activation_lag_threshold = 0;  // KEDA's activationLagThreshold
    // Where a group without a commit starts: the role services' default, earliest (KEDA's
    // default is latest: pass --offset-reset-policy latest for services run --from latest).
    std::string offset_reset_policy = "earliest";
    bool scale_to_zero_on_invalid_offset = false;
    bool allow_idle_consumers = false;
    bool limit_to_partitions_with_lag = false;
    // KEDA's excludePersistentLag, with --watch: a partition whose committed offset has not
    // moved since the previous tick counts for activation only.
    bool exclude_persistent_lag = false;
    // --metrics ADDR, with --watch: serve each group's lag and time-behind to Prometheus.
    std::string metrics_address;
};

struct OffsetsResetOptions {
    std::string group;
    std::vector<std::string> topics;  // T or T:P,P,...
    bool to_earliest = false;
    bool to_latest = false;
    std::optional<int64_t> to_offset;
    std::string to_datetime;
    std::optional<int64_t> shift_by;
    std::string from_file;
    std::string export_file;
    bool execute = false;
};

struct OffsetsDeleteOptions {
    std::string group;
    std::string topic;  // empty: the whole group
    bool yes = false;
};

void setup_offsets(CLI::App& command, cli::Context& context, cli::Action& action);
int run_offsets(cli::Context& context, const OffsetsOptions& options);
int run_offsets_watch(cli::Context& context, const OffsetsOptions& options);
int run_offsets_reset(cli::Context& context, const OffsetsResetOptions& options);
int run_offsets_delete(cli::Context& context, const OffsetsDeleteOptions& options);

}  // namespace orderctl::commands
