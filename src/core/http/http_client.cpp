#include "core/http/http_client.h"

#include <httplib.h>

#include <algorithm>

#include "core/error.h"

namespace orderctl::core {
namespace {

Error unreachable(const std::string& method, const std::string& url, const std::string& why) {
    return Error(ErrorKind::Unreachable, "cannot " + method + " " + url + ": " + why,
                 "check --connect-url and that the Kafka Connect worker is running "
                 "(GET /connector-plugins answers)");
}

// "http://host:port/a/b" -> {"http://host:port", "/a/b"}; only http and https are spoken.
std::pair<std::string, std::string> split_url(const std::string& method, const std::string& url) {
    const auto scheme_end = url.find("://");
    const std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https")
        throw unreachable(method, url, "not an http:// or https:// URL");
    const auto host_start = scheme_end + 3;
    const auto path_start = std::min(url.find('/', host_start), url.size());
    // cpp-httplib would take an empty host for a name to look up; say what is wrong instead.
    if (path_start == host_start || url[host_start] == ':')
        throw unreachable(method, url, "no host in the URL");
    const std::string path = path_start == url.size() ? "/" : url.substr(path_start);
    return {url.substr(0, path_start), path};
}

}  // namespace

HttpResponse http_request(const std::string& method, const std::string& url,
                          const std::string& json_body, std::chrono::milliseconds timeout) {
    const auto [origin, path] = split_url(method, url);
    httplib::Client client(origin);
    const auto seconds = static_cast<time_t>(timeout.count() / 1000);
    const auto micros = static_cast<time_t>((timeout.count() % 1000) * 1000);
    client.set_connection_timeout(seconds, micros);
    client.set_read_timeout(seconds, micros);
    client.set_write_timeout(seconds, micros);

    httplib::Request request;
    request.method = method;
    request.path = path;
    request.set_header("Accept", "application/json");
    if (!json_body.empty() || method == "PUT" || method == "POST") {
        request.set_header("Content-Type", "application/json");
        request.body = json_body;
    }
    const httplib::Result result = client.send(request);
    if (!result) throw unreachable(method, url, httplib::to_string(result.error()));
    return HttpResponse{result->status, result->body};
}

}  // namespace orderctl::core
