// A small HTTP client over cpp-httplib for REST APIs (Kafka Connect) and OAuth token requests
// (Entra ID): one request, a bounded wait, the status and body back. Connection failures throw
// Error(Unreachable).
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

// POSTs an application/x-www-form-urlencoded body (an OAuth token request); the same failures
// as http_request, with `unreachable_hint` as the hint.
HttpResponse http_post_form(const std::string& url, const std::string& form_body,
                            std::chrono::milliseconds timeout, const std::string& unreachable_hint);

// Percent-encodes a form field's name or value.
std::string form_encode(const std::string& text);

}  // namespace orderctl::core
