// The verbs of `orderctl topics`, each a function of its parsed options (topics.cpp binds the
// flags). Split over topics_show.cpp, topics_change.cpp and topics_apply.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/context.h"
#include "core/kafka/admin.h"

namespace orderctl::commands::topics {

struct ListOptions {
    bool all = false;  // include Kafka's internal topics
};
struct DescribeOptions {
    std::string name;
};
struct CreateOptions {
    std::string name;
    std::optional<int> partitions;          // default: the profile's topics.partitions
    std::optional<int> replication_factor;  // default: the profile's topics.replication-factor
    std::vector<std::string> configs;       // key=value
    bool if_not_exists = false;
    bool dry_run = false;
};
struct AlterOptions {
    std::string name;
    std::optional<int> partitions;
    std::vector<std::string> configs;         // key=value
    std::vector<std::string> delete_configs;  // key
    bool dry_run = false;
};
struct DeleteOptions {
    std::vector<std::string> names;
    bool yes = false;
};
struct ApplyOptions {
    std::string file;
    bool execute = false;
};

int run_list(cli::Context& context, const ListOptions& options);
int run_describe(cli::Context& context, const DescribeOptions& options);
int run_create(cli::Context& context, const CreateOptions& options);
int run_alter(cli::Context& context, const AlterOptions& options);
int run_delete(cli::Context& context, const DeleteOptions& options);
int run_apply(cli::Context& context, const ApplyOptions& options);

// Shared by the verbs.
core::kafka::Admin connect_admin(cli::Context& context);
void require_valid_topic_name(const std::string& name);
// Parses "key=value" flags; throws Error(Usage) naming the flag.
std::map<std::string, std::string> parse_key_values(const std::vector<std::string>& pairs,
                                                    const std::string& flag);
// Dynamic (topic-level) configs of a topic, the ones a user set.
std::map<std::string, std::string> dynamic_configs(core::kafka::Admin& admin,
                                                   const std::string& topic);

}  // namespace orderctl::commands::topics
