// The --exec handler protocol with real child processes (/bin/sh): answers, the handler's own
// errors, protocol breaks, crashes and timeouts, and when the child is restarted.
#include <doctest/doctest.h>

#include "core/roles/exec_handler.h"

using namespace orderctl::core;
using namespace std::chrono_literals;

TEST_CASE("a long-lived handler answers every order, started once") {
    // The child echoes the order id back, so answers prove they belong to their order.
    ExecHandler handler(R"(while read -r line; do id=${line#*\"order_id\":\"}; id=${id%%\"*};)"
                        R"( echo "{\"order_id\":\"$id\",\"status\":\"packed\"}"; done)",
                        5000ms);
    for (int i = 1; i <= 3; ++i) {
        auto reply = handler.call(R"({"order_id":")" + std::to_string(i) + R"(","total":"1"})");
        REQUIRE(reply.ok);
        CHECK(reply.kind == "packed");
        CHECK(reply.json == R"({"order_id":")" + std::to_string(i) + R"(","status":"packed"})");
    }
    CHECK(handler.starts() == 1);
}

TEST_CASE("an error the handler reports is a failure, and the child keeps running") {
    ExecHandler handler(R"(while read -r line; do echo '{"error":"card service down"}'; done)",
                        5000ms);
    auto first = handler.call("{}");
    CHECK_FALSE(first.ok);
    CHECK(first.error == "the handler reported: card service down");
    CHECK_FALSE(handler.call("{}").ok);
    CHECK(handler.starts() == 1);
}

TEST_CASE("an answer that is not a JSON object restarts the child") {
    ExecHandler handler("while read -r line; do echo not-json; done", 5000ms);
    auto reply = handler.call("{}");
    CHECK_FALSE(reply.ok);
    CHECK(reply.error.find("not a JSON object: not-json") != std::string::npos);
    handler.call("{}");
    CHECK(handler.starts() == 2);
}

TEST_CASE("a handler that dies is reported with its exit status and started again") {
    // Exits 3 on its first order; the restarted child (a new shell) does the same.
    ExecHandler handler("read -r line; exit 3", 5000ms);
    auto reply = handler.call("{}");
    CHECK_FALSE(reply.ok);
    CHECK(reply.error.find("closed its output") != std::string::npos);
    CHECK(reply.error.find("exited with 3") != std::string::npos);
    handler.call("{}");
    CHECK(handler.starts() == 2);
}

TEST_CASE("a handler that does not answer in time is killed, pipeline included") {
    ExecHandler handler("sleep 30 | cat", 300ms);
    auto reply = handler.call("{}");
    CHECK_FALSE(reply.ok);
    CHECK(reply.error == "the handler did not answer within 300 ms");
    // The next call starts a fresh child rather than reading a late answer of the old one.
    handler.call("{}");
    CHECK(handler.starts() == 2);
}

TEST_CASE("a command that cannot run fails every call instead of hanging") {
    ExecHandler handler("/nonexistent/handler", 5000ms);
    auto reply = handler.call("{}");
    CHECK_FALSE(reply.ok);
    CHECK(reply.error.find("exited with 127") != std::string::npos);
}

TEST_CASE("reply lines: status gives the kind, other shapes are refused") {
    CHECK(parse_exec_reply(R"({"status":"ok","x":1})").kind == "ok");
    CHECK(parse_exec_reply(R"({"status":7})").kind == "handled");
    CHECK(parse_exec_reply(R"({"a": 1 })").json == R"({"a":1})");
    CHECK(parse_exec_reply(R"({"error":null,"status":"ok"})").ok);
    CHECK_FALSE(parse_exec_reply("[1,2]").ok);
    CHECK_FALSE(parse_exec_reply("").ok);
    CHECK(parse_exec_reply(R"({"error":{"code":5}})").error ==
          R"(the handler reported: {"code":5})");
}
