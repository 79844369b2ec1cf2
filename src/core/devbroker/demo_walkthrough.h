// The pieces of `orderctl demo` that need no CLI: the profile of its in-process cluster, where
// the order service put an order (from produce's report), what a role service published for
// it (read back from the role's output topic), and where each group stands on a topic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/kafka/admin.h"
#include "core/kafka/client.h"
#include "core/profile/profile.h"

namespace orderctl::core {

// The built-in defaults (topic and group names) with the dev cluster's bootstrap address, and
// nothing of the user's profiles file or ORDERCTL_* variables: the demo is always the same.
ResolvedProfile demo_profile(const std::string& bootstrap_servers);

struct Placement {
    std::string topic;
    int32_t partition = -1;
    int64_t offset = -1;
    std::string status;  // produce's line status: delivered, rejected, ...
};

// The report line of `key` in a produce --report file (the first one), or nullopt.
std::optional<Placement> find_in_report(const std::string& report_path, const std::string& key);

// Values of the records with `key` in `topic`, read from the start to the end offsets taken now
// (no group, nothing committed). Waits at most the client's timeout.
std::vector<std::string> read_values_with_key(const std::vector<Setting>& properties,
                                              kafka::ClientOptions options,
                                              const std::string& topic, const std::string& key);

struct PartitionStanding {
    int32_t partition = 0;
    int64_t committed = -1;  // -1: no commit
    int64_t log_end = -1;
    int64_t lag = -1;  // -1: unknown (no commit)
};

struct GroupStanding {
    std::string group;
    std::string topic;
    std::vector<PartitionStanding> partitions;
    int64_t total_lag = 0;
    bool all_committed = true;  // every partition with records has a commit
};

// Committed offset, log end and lag of `group` on each partition of `topic`. The committed
// offsets are fetched partition by partition through a consumer handle with the group's id (it
// joins nothing): the dev broker answers OffsetFetch only for partitions named one by one.
GroupStanding group_standing(kafka::Admin& admin, const std::vector<Setting>& properties,
                             kafka::ClientOptions options, const std::string& group,
                             const std::string& topic);

}  // namespace orderctl::core
