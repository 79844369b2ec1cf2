// A small HTTP client over cpp-httplib for REST APIs (Kafka Connect): one request, a bounded wait,
// the status and body back. Connection failures throw Error(Unreachable).
#pragma once

#include <chrono>
#include <string>

namespace orderctl::core {

struct HttpResponse {
    long status = 0;
    std::string body;
};

// Sends METHOD URL with an optional JSON body. Throws Error(Unreachable) when the server cannot
// be reached or does not answer within `timeout`; any HTTP status is returned, not thrown.
HttpResponse http_request(const std::string& method, const std::string& url,
                          const std::string& json_body, std::chrono::milliseconds timeout);

}  // namespace orderctl::core
