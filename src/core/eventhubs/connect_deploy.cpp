#include "core/eventhubs/connect_deploy.h"

#include <thread>

#include "core/error.h"
#include "core/http/http_client.h"

namespace orderctl::core::eventhubs {
namespace {

using Clock = std::chrono::steady_clock;

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::string text_of(const nlohmann::json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

// Connect's error bodies are {"error_code": N, "message": "..."}.
std::string error_message(const HttpResponse& response) {
    auto body = nlohmann::json::parse(response.body, nullptr, false);
    std::string message = body.is_object() ? text_of(body, "message") : "";
    if (message.empty()) message = first_line(response.body);
    return "HTTP " + std::to_string(response.status) + ": " + message;
}

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

std::string describe(const ConnectorStatus& status) {
    std::string text = "connector " + (status.state.empty() ? "not yet reported" : status.state);
    if (status.tasks.empty()) return text + ", no tasks yet";
    for (const auto& task : status.tasks)
        text += ", task " + std::to_string(task.id) + " " + task.state;
    return text;
}

}  // namespace

bool ConnectorStatus::running() const {
    if (state != "RUNNING" || tasks.empty()) return false;
    for (const auto& task : tasks)
        if (task.state != "RUNNING") return false;
    return true;
}

bool ConnectorStatus::failed() const {
    if (state == "FAILED") return true;
    for (const auto& task : tasks)
        if (task.state == "FAILED") return true;
    return false;
}

ConnectorStatus parse_connector_status(const nlohmann::json& body) {
    ConnectorStatus status;
    if (!body.is_object()) return status;
    status.name = text_of(body, "name");
    if (auto connector = body.find("connector");
        connector != body.end() && connector->is_object()) {
        status.state = text_of(*connector, "state");
        status.trace = first_line(text_of(*connector, "trace"));
    }
    if (auto tasks = body.find("tasks"); tasks != body.end() && tasks->is_array()) {
        for (const auto& task : *tasks) {
            if (!task.is_object()) continue;
            TaskStatus parsed;
            if (auto id = task.find("id"); id != task.end() && id->is_number_integer())
                parsed.id = id->get<int>();
            parsed.state = text_of(task, "state");
            parsed.worker = text_of(task, "worker_id");
            parsed.trace = first_line(text_of(task, "trace"));
            status.tasks.push_back(parsed);
        }
    }
    return status;
}

ConnectorStatus deploy_connector(const std::string& connect_url, const std::string& name,
                                 const nlohmann::ordered_json& config,
                                 std::chrono::milliseconds timeout) {
    const std::string base = without_trailing_slash(connect_url) + "/connectors/" + name;
    const auto deadline = Clock::now() + timeout;
    auto remaining = [&] {
        return std::max(
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()),
            std::chrono::milliseconds(1000));
    };
    HttpResponse put;
    // 409: the worker group is rebalancing; Connect asks to try again.
    for (;;) {
        put = http_request("PUT", base + "/config", config.dump(), remaining());
        if (put.status != 409 || Clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    if (put.status != 200 && put.status != 201)
        throw Error(ErrorKind::Failure,
                    "Kafka Connect refused the connector '" + name + "': " + error_message(put),
                    "check the config with --emit connect; the worker's log says more");

    ConnectorStatus status;
    for (;;) {
        HttpResponse got = http_request("GET", base + "/status", "", remaining());
        if (got.status == 200) {
            status = parse_connector_status(nlohmann::json::parse(got.body, nullptr, false));
            if (status.running() || status.failed()) break;
        }
        if (Clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    status.name = name;
    status.created = put.status == 201;
    if (status.failed()) {
        std::string message = "the connector '" + name + "' failed:";
        if (status.state == "FAILED") message += " connector: " + status.trace + ";";
        for (const auto& task : status.tasks)
            if (task.state == "FAILED")
                message += " task " + std::to_string(task.id) + ": " + task.trace + ";";
        message.pop_back();
        throw Error(ErrorKind::Failure, message,
                    "GET " + base +
                        "/status shows the whole trace; fix the cause, then run "
                        "--deploy again (or POST .../restart?includeTasks=true)");
    }
    if (!status.running())
        throw Error(ErrorKind::Failure,
                    "the connector '" + name + "' is not running after " +
                        std::to_string(timeout.count() / 1000) + " s: " + describe(status),
                    "wait longer with --timeout SECONDS, or look at GET " + base + "/status");
    return status;
}

}  // namespace orderctl::core::eventhubs
