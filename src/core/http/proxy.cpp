#include "core/http/proxy.h"

#include <algorithm>
#include <cctype>

#include "core/ascii.h"
#include "core/error.h"

namespace orderctl::core {
namespace {

std::optional<std::string> first_set(const EnvLookup& env,
                                     std::initializer_list<const char*> names) {
    for (const char* name : names)
        if (auto value = env(name); value && !value->empty()) return value;
    return std::nullopt;
}

// NO_PROXY: "*" for every host, else entries that match the host or a domain it is in
// ("example.com" and ".example.com" both match "login.example.com").
bool bypassed(const std::string& host, const EnvLookup& env) {
    const auto list = first_set(env, {"NO_PROXY", "no_proxy"});
    if (!list) return false;
    const std::string name = ascii_lower(host);
    size_t start = 0;
    while (start <= list->size()) {
        const size_t end = std::min(list->find(',', start), list->size());
        std::string entry = list->substr(start, end - start);
        entry.erase(0, entry.find_first_not_of(" \t"));
        entry.erase(entry.find_last_not_of(" \t") + 1);
        entry = ascii_lower(entry);
        if (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
        if (entry == "*" || entry == name) return true;
        if (!entry.empty() && name.size() > entry.size() &&
            name.compare(name.size() - entry.size(), entry.size(), entry) == 0 &&
            name[name.size() - entry.size() - 1] == '.')
            return true;
        start = end + 1;
    }
    return false;
}

}  // namespace

std::optional<HttpProxy> proxy_for(const std::string& scheme, const std::string& host,
                                   const EnvLookup& env) {
    const auto value = scheme == "https" ? first_set(env, {"HTTPS_PROXY", "https_proxy"})
                                         : first_set(env, {"HTTP_PROXY", "http_proxy"});
    if (!value || bypassed(host, env)) return std::nullopt;
    const auto bad = [&](const std::string& why) {
        // The value is not echoed: it may hold a password.
        return Error(ErrorKind::Config,
                     "the " + scheme + " proxy variable is not a proxy URL: " + why,
                     "write it as http://host:port (or http://user:password@host:port); "
                     "unset it to connect directly, or list the host in NO_PROXY");
    };
    std::string rest = *value;
    if (const auto scheme_end = rest.find("://"); scheme_end != std::string::npos) {
        if (ascii_lower(rest.substr(0, scheme_end)) != "http")
            throw bad(
                "only http:// proxies are spoken (an https:// URL is still tunnelled "
                "through them with CONNECT)");
        rest = rest.substr(scheme_end + 3);
    }
    rest = rest.substr(0, rest.find('/'));
    HttpProxy proxy;
    if (const auto at = rest.rfind('@'); at != std::string::npos) {
        const std::string userinfo = rest.substr(0, at);
        const auto colon = userinfo.find(':');
        proxy.username = userinfo.substr(0, colon);
        if (colon != std::string::npos) proxy.password = userinfo.substr(colon + 1);
        rest = rest.substr(at + 1);
    }
    const auto colon = rest.rfind(':');
    proxy.host = rest.substr(0, colon);
    proxy.port = 1080;  // curl's default proxy port
    if (colon != std::string::npos) {
        const std::string port = rest.substr(colon + 1);
        if (port.empty() || port.size() > 5 ||
            !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }))
            throw bad("the port is not a number");
        proxy.port = std::stoi(port);
        if (proxy.port < 1 || proxy.port > 65535) throw bad("the port is out of range");
    }
    if (proxy.host.empty()) throw bad("no host");
    return proxy;
}

}  // namespace orderctl::core
