// Planning rules of `topics apply`, and the topics file reader.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/plan/topic_plan.h"

using namespace orderctl::core;

namespace {

DesiredTopic desired(const std::string& name, int partitions,
                     std::map<std::string, std::string> configs = {}) {
    return DesiredTopic{name, partitions, 1, std::move(configs), "test:1"};
}

std::string write_temp(const std::string& name, const std::string& text) {
    auto path = std::filesystem::temp_directory_path() / ("orderctl-plan-" + name);
    std::ofstream(path) << text;
    return path.string();
}

}  // namespace

TEST_CASE("a missing topic is planned for creation") {
    auto plan = plan_topics({desired("orders", 6)}, {});
    REQUIRE(plan.size() == 1);
    CHECK(plan[0].create);
    CHECK(plan[0].action() == "create");
}

TEST_CASE("a topic as desired is unchanged") {
    auto plan = plan_topics({desired("orders", 6, {{"retention.ms", "1000"}})},
                            {{"orders", {6, 1, {{"retention.ms", "1000"}, {"x", "y"}}}}});
    CHECK(plan[0].unchanged());
    CHECK(plan[0].action() == "unchanged");
}

TEST_CASE("more partitions and changed configs make an update") {
    auto plan = plan_topics({desired("orders", 8, {{"retention.ms", "2000"}, {"new", "v"}})},
                            {{"orders", {6, 1, {{"retention.ms", "1000"}}}}});
    REQUIRE(plan[0].partitions_from.has_value());
    CHECK(*plan[0].partitions_from == 6);
    CHECK(plan[0].partitions_to == 8);
    REQUIRE(plan[0].config_changes.size() == 2);
    CHECK(plan[0].config_changes[0].key == "new");
    CHECK_FALSE(plan[0].config_changes[0].from.has_value());
    CHECK(plan[0].config_changes[1].from == std::optional<std::string>("1000"));
    CHECK(plan[0].action() == "update");
}

TEST_CASE("fewer partitions or another replication factor cannot be applied") {
    auto plan = plan_topics({desired("orders", 3)}, {{"orders", {6, 3, {}}}});
    CHECK(plan[0].action() == "invalid");
    CHECK(plan[0].problems.size() == 2);
}

TEST_CASE("topic names follow Kafka's rule") {
    CHECK_FALSE(topic_name_problem("orders.dlq_v-1"));
    CHECK(topic_name_problem(""));
    CHECK(topic_name_problem(".."));
    CHECK(topic_name_problem("a/b"));
    CHECK(topic_name_problem(std::string(250, 'a')));
    CHECK_FALSE(topic_name_problem(std::string(249, 'a')));
}

TEST_CASE("the topics file is read with configs as text") {
    auto path = write_temp("good.yaml",
                           "topics:\n  - name: orders\n    partitions: 6\n"
                           "    replication-factor: 3\n    config:\n      retention.ms: 1000\n");
    auto topics = load_desired_topics(path);
    REQUIRE(topics.size() == 1);
    CHECK(topics[0].partitions == 6);
    CHECK(topics[0].replication_factor == 3);
    CHECK(topics[0].configs.at("retention.ms") == "1000");
}

TEST_CASE("a bad topics file names file, line and column") {
    auto check_error = [](const std::string& text, const std::string& expected) {
        auto path = write_temp("bad.yaml", text);
        try {
            load_desired_topics(path);
            FAIL("no error for: " << text);
        } catch (const Error& error) {
            CHECK(error.kind() == ErrorKind::Config);
            CHECK_MESSAGE(std::string(error.what()).find(expected) != std::string::npos,
                          error.what());
        }
    };
    check_error("topics:\n  - name: a\n    partitons: 3\n", ":3:5: unknown key 'partitons'");
    check_error("topics:\n  - name: a\n    partitions: many\n", ":3:17: 'partitions' must be");
    check_error("topics:\n  - name: a\n    partitions: 0\n", "at least 1");
    check_error("topics:\n  - partitions: 1\n", "needs a 'name'");
    check_error("topics:\n  - name: a\n", "needs 'partitions'");
    check_error("topics:\n  - name: a\n    partitions: 1\n  - name: a\n    partitions: 1\n",
                "listed twice");
    check_error("topics: [\n", ":");
    check_error("other: 1\n", "expected a map with a 'topics' list");
    check_error("topics:\n  - name: a/b\n    partitions: 1\n", ":2:11:");
}
