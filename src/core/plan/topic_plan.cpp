#include "core/plan/topic_plan.h"

#include <set>

#include <yaml-cpp/yaml.h>

#include "core/error.h"

namespace orderctl::core {
namespace {

std::string position(const std::string& path, const YAML::Mark& mark) {
    return path + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

[[noreturn]] void fail(const std::string& path, const YAML::Node& node, const std::string& what) {
    throw Error(ErrorKind::Config, position(path, node.Mark()) + ": " + what);
}

int read_int(const std::string& path, const YAML::Node& node, const std::string& key, int minimum) {
    if (!node.IsScalar()) fail(path, node, "'" + key + "' must be an integer");
    try {
        size_t used = 0;
        const auto& text = node.Scalar();
        int value = std::stoi(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
        if (value < minimum)
            fail(path, node, "'" + key + "' must be at least " + std::to_string(minimum));
        return value;
    } catch (const std::logic_error&) {
        fail(path, node, "'" + key + "' must be an integer, got '" + node.Scalar() + "'");
    }
}

DesiredTopic read_topic(const std::string& path, const YAML::Node& node) {
    if (!node.IsMap()) fail(path, node, "each topic must be a map with at least 'name'");
    DesiredTopic topic;
    topic.origin = path + ":" + std::to_string(node.Mark().line + 1);
    bool has_name = false, has_partitions = false;
    for (const auto& entry : node) {
        const auto key = entry.first.as<std::string>();
        const YAML::Node& value = entry.second;
        if (key == "name") {
            if (!value.IsScalar()) fail(path, value, "'name' must be a string");
            topic.name = value.Scalar();
            if (auto problem = topic_name_problem(topic.name)) fail(path, value, *problem);
            has_name = true;
        } else if (key == "partitions") {
            topic.partitions = read_int(path, value, key, 1);
            has_partitions = true;
        } else if (key == "replication-factor") {
            topic.replication_factor = read_int(path, value, key, 1);
        } else if (key == "config") {
            if (!value.IsMap()) fail(path, value, "'config' must be a map of topic configs");
            for (const auto& config : value) {
                if (!config.second.IsScalar())
                    fail(path, config.second, "config values must be scalars");
                topic.configs[config.first.as<std::string>()] = config.second.Scalar();
            }
        } else {
            fail(
                path, entry.first,
                "unknown key '" + key + "'; expected name, partitions, replication-factor, config");
        }
    }
    if (!has_name) fail(path, node, "a topic needs a 'name'");
    if (!has_partitions) fail(path, node, "topic '" + topic.name + "' needs 'partitions'");
    return topic;
}

}  // namespace

std::vector<DesiredTopic> load_desired_topics(const std::string& path) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        throw Error(ErrorKind::Config, "cannot read topics file " + path);
    } catch (const YAML::ParserException& error) {
        throw Error(ErrorKind::Config, position(path, error.mark) + ": " + error.msg);
    }
    if (!root.IsMap() || !root["topics"])
        throw Error(ErrorKind::Config, path + ": expected a map with a 'topics' list");
    for (const auto& entry : root) {
        if (entry.first.as<std::string>() != "topics")
            fail(path, entry.first,
                 "unknown key '" + entry.first.as<std::string>() + "'; expected 'topics'");
    }
    const YAML::Node topics = root["topics"];
    if (!topics.IsSequence()) fail(path, topics, "'topics' must be a list");
    std::vector<DesiredTopic> desired;
    std::set<std::string> seen;
    for (const auto& node : topics) {
        desired.push_back(read_topic(path, node));
        if (!seen.insert(desired.back().name).second)
            fail(path, node, "topic '" + desired.back().name + "' is listed twice");
    }
    return desired;
}

std::string TopicChange::action() const {
    if (!problems.empty()) return "invalid";
    if (create) return "create";
    return unchanged() ? "unchanged" : "update";
}

std::vector<TopicChange> plan_topics(const std::vector<DesiredTopic>& desired,
                                     const std::map<std::string, CurrentTopic>& current) {
    std::vector<TopicChange> plan;
    for (const auto& topic : desired) {
        TopicChange change;
        change.topic = topic.name;
        change.desired = topic;
        change.partitions_to = topic.partitions;
        auto found = current.find(topic.name);
        if (found == current.end()) {
            change.create = true;
            plan.push_back(std::move(change));
            continue;
        }
        const CurrentTopic& now = found->second;
        if (topic.partitions > now.partitions) {
            change.partitions_from = now.partitions;
        } else if (topic.partitions < now.partitions) {
            change.problems.push_back(
                "has " + std::to_string(now.partitions) + " partitions, file wants " +
                std::to_string(topic.partitions) + ": partitions can only grow");
        }
        if (topic.replication_factor != now.replication_factor) {
            change.problems.push_back("replication factor is " +
                                      std::to_string(now.replication_factor) + ", file wants " +
                                      std::to_string(topic.replication_factor) +
                                      ": apply does not reassign replicas");
        }
        for (const auto& [key, value] : topic.configs) {
            auto set = now.dynamic_configs.find(key);
            if (set == now.dynamic_configs.end()) {
                change.config_changes.push_back({key, std::nullopt, value});
            } else if (set->second != value) {
                change.config_changes.push_back({key, set->second, value});
            }
        }
        plan.push_back(std::move(change));
    }
    return plan;
}

std::optional<std::string> topic_name_problem(const std::string& name) {
    if (name.empty()) return "a topic name cannot be empty";
    if (name.size() > 249) return "topic name '" + name + "' is longer than 249 characters";
    if (name == "." || name == "..") return "'" + name + "' is not a valid topic name";
    for (char c : name) {
        bool allowed =
            std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        if (!allowed)
            return "topic name '" + name + "' has '" + std::string(1, c) +
                   "'; allowed are letters, digits, '.', '_' and '-'";
    }
    return std::nullopt;
}

}  // namespace orderctl::core
