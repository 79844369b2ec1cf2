// Planning rules of `offsets reset`, the plan file format, and the staleness check.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/plan/offset_plan.h"

using namespace orderctl::core;

namespace {

// Three partitions of "orders": committed 5 / none / 40, logs [0,10], [2,20], [30,50].
std::vector<PartitionPosition> positions() {
    return {{"orders", 0, 5, 0, 10, std::nullopt},
            {"orders", 1, std::nullopt, 2, 20, std::nullopt},
            {"orders", 2, 40, 30, 50, std::nullopt}};
}

OffsetPlan plan_for(ResetMode mode, int64_t value = 0) {
    return plan_reset("g", ResetRequest{mode, value, {}}, positions());
}

// Expects `text` to be refused as a plan, with `needle` in the message.
void expect_refused(const std::string& text, const std::string& needle) {
    try {
        parse_plan(text, "plan.json");
        FAIL("accepted: " << text);
    } catch (const Error& error) {
        CHECK(error.kind() == ErrorKind::Config);
        CHECK_MESSAGE(std::string(error.what()).find(needle) != std::string::npos, error.what());
        CHECK(std::string(error.what()).find("plan.json") != std::string::npos);
    }
}

const char* kValidPlan = R"({"format": "orderctl-offset-plan", "version": 1, "group": "g",
  "mode": "to-earliest", "partitions": [
    {"topic": "orders", "partition": 0, "current": 5, "new": 0, "log_start": 0, "log_end": 10},
    {"topic": "orders", "partition": 1, "current": null, "new": 2}]})";

}  // namespace

TEST_CASE("to-earliest and to-latest take the log bounds, also without a commit") {
    auto earliest = plan_for(ResetMode::ToEarliest);
    REQUIRE(earliest.partitions.size() == 3);
    CHECK(earliest.partitions[0].target == 0);
    CHECK(earliest.partitions[1].target == 2);
    CHECK(earliest.partitions[1].current == std::nullopt);
    CHECK(earliest.partitions[2].target == 30);
    auto latest = plan_for(ResetMode::ToLatest);
    CHECK(latest.partitions[0].target == 10);
    CHECK(latest.partitions[2].target == 50);
    CHECK(latest.partitions[2].clamped == Clamp::None);
    CHECK(latest.mode == "to-latest");
}

TEST_CASE("to-offset is clamped to [log-start, log-end] and says which bound") {
    auto plan = plan_for(ResetMode::ToOffset, 15);
    CHECK(plan.partitions[0].target == 10);
    CHECK(plan.partitions[0].clamped == Clamp::LogEnd);
    CHECK(plan.partitions[1].target == 15);
    CHECK(plan.partitions[1].clamped == Clamp::None);
    CHECK(plan.partitions[2].target == 30);
    CHECK(plan.partitions[2].clamped == Clamp::LogStart);
    CHECK(clamp_name(Clamp::LogStart) == "log-start");
    CHECK(plan.mode == "to-offset 15");
}

TEST_CASE("shift-by moves from the committed offset and leaves partitions without one alone") {
    auto back = plan_for(ResetMode::ShiftBy, -3);
    CHECK(back.partitions[0].target == 2);
    CHECK(back.partitions[1].target == std::nullopt);
    CHECK(back.partitions[1].note.find("no committed offset") != std::string::npos);
    CHECK(back.partitions[2].target == 37);
    auto far = plan_for(ResetMode::ShiftBy, -100);
    CHECK(far.partitions[0].target == 0);
    CHECK(far.partitions[0].clamped == Clamp::LogStart);
    auto huge = plan_for(ResetMode::ShiftBy, INT64_MAX);
    CHECK(huge.partitions[2].target == 50);
    CHECK(huge.partitions[2].clamped == Clamp::LogEnd);
}

TEST_CASE("to-datetime takes the offset for the time, else the log end") {
    auto at = positions();
    at[0].offset_at_time = 7;
    at[2].offset_at_time = 12;  // older than the log start: removed by retention meanwhile
    auto plan = plan_reset("g", {ResetMode::ToDatetime, 0, "2026-11-27T08:00:00Z"}, at);
    CHECK(plan.partitions[0].target == 7);
    CHECK(plan.partitions[1].target == 20);
    CHECK(plan.partitions[1].note == "no record at or after the time");
    CHECK(plan.partitions[2].target == 30);
    CHECK(plan.partitions[2].clamped == Clamp::LogStart);
    CHECK(plan.mode == "to-datetime 2026-11-27T08:00:00Z");
}

TEST_CASE("the plan is sorted by topic and partition") {
    std::vector<PartitionPosition> mixed = {
        {"b", 1, 0, 0, 1, {}}, {"a", 2, 0, 0, 1, {}}, {"a", 0, 0, 0, 1, {}}};
    auto plan = plan_reset("g", {ResetMode::ToLatest, 0, {}}, mixed);
    CHECK(plan.partitions[0].topic == "a");
    CHECK(plan.partitions[0].partition == 0);
    CHECK(plan.partitions[1].partition == 2);
    CHECK(plan.partitions[2].topic == "b");
}

TEST_CASE("a plan survives its JSON form unchanged") {
    auto plan = plan_for(ResetMode::ShiftBy, 100);
    auto text = plan_to_json(plan);
    CHECK(text.find("\"format\": \"orderctl-offset-plan\"") != std::string::npos);
    CHECK(text.find("\"current\": null") != std::string::npos);
    auto back = parse_plan(text, "plan.json");
    CHECK(back.group == "g");
    CHECK(back.mode == "shift-by 100");
    REQUIRE(back.partitions.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CHECK(back.partitions[i].topic == plan.partitions[i].topic);
        CHECK(back.partitions[i].partition == plan.partitions[i].partition);
        CHECK(back.partitions[i].current == plan.partitions[i].current);
        CHECK(back.partitions[i].target == plan.partitions[i].target);
        CHECK(back.partitions[i].clamped == plan.partitions[i].clamped);
        CHECK(back.partitions[i].log_end == plan.partitions[i].log_end);
        CHECK(back.partitions[i].note == plan.partitions[i].note);
    }
}

TEST_CASE("a hand-written plan with the required fields only is accepted") {
    auto plan = parse_plan(kValidPlan, "plan.json");
    REQUIRE(plan.partitions.size() == 2);
    CHECK(plan.partitions[1].current == std::nullopt);
    CHECK(plan.partitions[1].target == 2);
}

TEST_CASE("bad plan files are refused with what is wrong and where") {
    expect_refused("", "parse error at line 1, column 1");
    expect_refused("{\"group\": \"g\",\n  \"version\": 1,\n  oops}", "line 3, column 3");
    expect_refused("[]", "must be a JSON object");
    expect_refused("3E22678", "number overflow");  // found by fuzz_offset_plan
    expect_refused(R"({"version": 1, "group": "g", "partitions": []})", "non-empty array");
    expect_refused(R"({"version": 2, "group": "g", "partitions": [1]})", "version 2");
    expect_refused(R"({"group": "g", "partitions": [1]})", "\"version\" is missing");
    expect_refused(R"({"format": "x", "version": 1, "group": "g", "partitions": [1]})",
                   "\"format\"");
    expect_refused(R"({"version": 1, "group": "", "partitions": [1]})", "\"group\"");
    expect_refused(R"({"version": 1, "group": "g", "partitions": [1]})", "partitions[0] must be");
    expect_refused(R"({"version": 1, "group": "g", "partitions": [{"partition": 0}]})",
                   "\"topic\"");
    expect_refused(
        R"({"version": 1, "group": "g", "partitions": [{"topic": "t", "partition": -1}]})",
        "\"partition\"");
    expect_refused(
        R"({"version": 1, "group": "g", "partitions": [{"topic": "t", "partition": 0, "new": 1}]})",
        "\"current\" is missing");
    expect_refused(
        R"({"version": 1, "group": "g", "partitions": [{"topic": "t", "partition": 0, "current": 1}]})",
        "\"new\" is missing");
    expect_refused(
        R"({"version": 1, "group": "g", "partitions": [{"topic": "t", "partition": 0, "current": -4, "new": 1}]})",
        "(t:0): \"current\" must be an offset");
    expect_refused(
        R"({"version": 1, "group": "g", "partitions": [{"topic": "t", "partition": 0, "current": 1, "new": "5"}]})",
        "\"new\" must be an offset");
    expect_refused(
        R"({"version": 1, "group": "g", "partitions": [{"topic": "t", "partition": 0, "current": 1, "new": 18446744073709551615}]})",
        "\"new\" must be an offset");
    expect_refused(
        R"({"version": 1, "group": "g", "partitions": [{"topic": "t", "partition": 0, "current": 1, "new": 2, "clamped": "x"}]})",
        "\"clamped\"");
    expect_refused(
        R"({"version": 1, "group": "g", "partitions": [{"topic": "t", "partition": 0, "current": 1, "new": 2},
                                                                {"topic": "t", "partition": 0, "current": 1, "new": 3}]})",
        "t:0 appears twice");
}

TEST_CASE("a plan file that cannot be read is a configuration error naming it") {
    try {
        load_plan("/nonexistent/plan.json");
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.kind() == ErrorKind::Config);
        CHECK(std::string(error.what()).find("/nonexistent/plan.json") != std::string::npos);
    }
    auto path = std::filesystem::temp_directory_path() / "orderctl-offset-plan-test.json";
    std::ofstream(path) << kValidPlan;
    CHECK(load_plan(path.string()).group == "g");
    std::filesystem::remove(path);
}

TEST_CASE("partitions that moved since the plan are named, a commit appearing included") {
    auto plan = parse_plan(kValidPlan, "plan.json");
    CHECK(moved_since_plan(plan, {{"orders", {{0, 5}}}}).empty());
    auto moved = moved_since_plan(plan, {{"orders", {{0, 6}, {1, 3}}}});
    REQUIRE(moved.size() == 2);
    CHECK(moved[0].partition == 0);
    CHECK(moved[0].planned == 5);
    CHECK(moved[0].now == 6);
    CHECK(moved[1].partition == 1);
    CHECK(moved[1].planned == std::nullopt);
    CHECK(moved[1].now == 3);
    auto deleted = moved_since_plan(plan, {});
    REQUIRE(deleted.size() == 1);
    CHECK(deleted[0].now == std::nullopt);
}

TEST_CASE("--topic takes a topic, or a topic and some of its partitions") {
    auto all = parse_topic_selection("orders");
    CHECK(all.topic == "orders");
    CHECK(all.partitions.empty());
    auto some = parse_topic_selection("orders:2,0,2");
    CHECK(some.topic == "orders");
    CHECK(some.partitions == std::vector<int32_t>{2, 0});
    for (const char* bad :
         {":1", "orders:", "orders:a", "orders:1,,2", "orders:-1", "orders:99999999999"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_topic_selection(bad), Error);
    }
}
