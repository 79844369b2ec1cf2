#include "core/http/http_client.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/http/proxy.h"

namespace orderctl::core {
namespace {

const char* const kConnectHint =
    "check --connect-url and that the Kafka Connect worker is running "
    "(GET /connector-plugins answers)";

Error unreachable(const std::string& method, const std::string& url, const std::string& why,
                  const std::string& hint) {
    return Error(ErrorKind::Unreachable, "cannot " + method + " " + url + ": " + why, hint);
}

// "http://host:port/a/b" -> {"http://host:port", "/a/b"}; only http and https are spoken.
std::pair<std::string, std::string> split_url(const std::string& method, const std::string& url,
                                              const std::string& hint) {
    const auto scheme_end = url.find("://");
    const std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https")
        throw unreachable(method, url, "not an http:// or https:// URL", hint);
    const auto host_start = scheme_end + 3;
    const auto path_start = std::min(url.find('/', host_start), url.size());
    // cpp-httplib would take an empty host for a name to look up; say what is wrong instead.
    if (path_start == host_start || url[host_start] == ':')
        throw unreachable(method, url, "no host in the URL", hint);
    const std::string path = path_start == url.size() ? "/" : url.substr(path_start);
    return {url.substr(0, path_start), path};
}

HttpResponse perform(const std::string& method, const std::string& url, const std::string& body,
                     const std::string& content_type, std::chrono::milliseconds timeout,
                     const std::string& hint) {
    const auto [origin, path] = split_url(method, url, hint);
    // https: cpp-httplib as Debian builds it speaks TLS (OpenSSL) and verifies the server's
    // certificate against the system's CAs.
    httplib::Client client(origin);
    const auto seconds = static_cast<time_t>(timeout.count() / 1000);
    const auto micros = static_cast<time_t>((timeout.count() % 1000) * 1000);
    client.set_connection_timeout(seconds, micros);
    client.set_read_timeout(seconds, micros);
    client.set_write_timeout(seconds, micros);
    // HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as curl reads them: a corporate network often
    // reaches login.microsoftonline.com only through one. cpp-httplib sends an http:// request
    // to the proxy with the absolute URL, and tunnels an https:// one with CONNECT.
    const auto scheme = origin.substr(0, origin.find("://"));
    auto host = origin.substr(origin.find("://") + 3);
    host =
        host.front() == '[' ? host.substr(1, host.find(']') - 1) : host.substr(0, host.rfind(':'));
    if (const auto proxy = proxy_for(scheme, host, process_environment())) {
        client.set_proxy(proxy->host, proxy->port);
        if (!proxy->username.empty()) client.set_proxy_basic_auth(proxy->username, proxy->password);
    }

    httplib::Request request;
    request.method = method;
    request.path = path;
    request.set_header("Accept", "application/json");
    if (!body.empty() || method == "PUT" || method == "POST") {
        request.set_header("Content-Type", content_type);
        request.body = body;
    }
    const httplib::Result result = client.send(request);
    if (!result) throw unreachable(method, url, httplib::to_string(result.error()), hint);
    return HttpResponse{result->status, result->body};
}

}  // namespace

HttpResponse http_request(const std::string& method, const std::string& url,
                          const std::string& json_body, std::chrono::milliseconds timeout) {
    return perform(method, url, json_body, "application/json", timeout, kConnectHint);
}

HttpResponse http_post_form(const std::string& url, const std::string& form_body,
                            std::chrono::milliseconds timeout,
                            const std::string& unreachable_hint) {
    return perform("POST", url, form_body, "application/x-www-form-urlencoded", timeout,
                   unreachable_hint);
}

std::string form_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace orderctl::core
