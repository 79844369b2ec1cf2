// Deploying a connector to a Kafka Connect worker's REST API and waiting until it runs:
// PUT /connectors/<name>/config, then GET /connectors/<name>/status until the connector and
// every task are RUNNING, or one of them FAILED, or the time is up.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace orderctl::core::eventhubs {

struct TaskStatus {
    int id = 0;
    std::string state;  // RUNNING, FAILED, PAUSED, UNASSIGNED, ...
    std::string worker;
    std::string trace;  // the first line of the stack trace of a FAILED task
};

struct ConnectorStatus {
    std::string name;
    bool created = false;  // the PUT created it (201) rather than updating it (200)
    std::string state;     // the connector's own state
    std::string trace;
    std::vector<TaskStatus> tasks;

    bool running() const;
    bool failed() const;
};

// Parses the body of GET /connectors/<name>/status.
ConnectorStatus parse_connector_status(const nlohmann::json& body);

// Throws Error(Unreachable) when the worker cannot be reached, Error(Failure) when it refuses
// the config (with its message), when the connector or a task FAILED (each with the first line
// of its trace), or when they are not all RUNNING within `timeout`.
ConnectorStatus deploy_connector(const std::string& connect_url, const std::string& name,
                                 const nlohmann::ordered_json& config,
                                 std::chrono::milliseconds timeout);

}  // namespace orderctl::core::eventhubs
