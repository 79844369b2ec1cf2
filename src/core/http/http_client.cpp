#include "core/http/http_client.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/http/http_backend.h"
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
    http::Call call{method, origin, path, body, content_type, timeout, std::nullopt};
    // HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as curl reads them: a corporate network often
    // reaches login.microsoftonline.com only through one.
    const auto scheme = origin.substr(0, origin.find("://"));
    auto host = origin.substr(origin.find("://") + 3);
    host =
        host.front() == '[' ? host.substr(1, host.find(']') - 1) : host.substr(0, host.rfind(':'));
    call.proxy = proxy_for(scheme, host, process_environment());
    const http::CallResult result = http::backend().send(call);
    if (!result.answered) throw unreachable(method, url, result.error, hint);
    return HttpResponse{result.status, result.body};
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
