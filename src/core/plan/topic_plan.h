// Declarative topics: the desired state read from a YAML file, and the plan that takes the
// cluster there (create / add partitions / change configs / unchanged). Pure logic, so the
// planning rules are unit-tested without a broker.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace orderctl::core {

struct DesiredTopic {
    std::string name;
    int partitions = 1;
    int replication_factor = 1;
    std::map<std::string, std::string> configs;
    std::string origin;  // FILE:LINE, for messages
};

// Reads `topics: [{name, partitions, replication-factor, config: {k: v}}]`.
// Throws Error(Config) with file, line and column for any problem.
std::vector<DesiredTopic> load_desired_topics(const std::string& path);

struct CurrentTopic {
    int partitions = 0;
    int replication_factor = 0;
    std::map<std::string, std::string> dynamic_configs;  // set on the topic itself
};

struct ConfigChange {
    std::string key;
    std::optional<std::string> from;  // nullopt: not set on the topic
    std::string to;
};

struct TopicChange {
    std::string topic;
    bool create = false;
    std::optional<int> partitions_from;  // set when partitions must be added
    int partitions_to = 0;
    std::vector<ConfigChange> config_changes;
    std::vector<std::string> problems;  // what apply cannot do (shrink, change replication)
    DesiredTopic desired;

    bool unchanged() const {
        return !create && !partitions_from && config_changes.empty() && problems.empty();
    }
    // "create", "update", "unchanged" or "invalid".
    std::string action() const;
};

// Topics not named in `desired` are left alone; configs not named for a topic are left alone.
std::vector<TopicChange> plan_topics(const std::vector<DesiredTopic>& desired,
                                     const std::map<std::string, CurrentTopic>& current);

// Kafka's rule for topic names: [a-zA-Z0-9._-], 1 to 249 characters, not "." or "..".
std::optional<std::string> topic_name_problem(const std::string& name);

}  // namespace orderctl::core
