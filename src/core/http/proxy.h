// The HTTP proxy a request goes through, read from the environment the way curl reads it:
// HTTPS_PROXY (or https_proxy) for https:// URLs, HTTP_PROXY (or http_proxy; the upper-case
// form is the one curl ignores for http, and orderctl reads both) for http:// URLs, and
// NO_PROXY / no_proxy ("*", or host names and domain suffixes, comma-separated) for the hosts
// that go direct. cpp-httplib reads none of these itself (librdkafka's libcurl flow did).
#pragma once

#include <optional>
#include <string>

#include "core/profile/profile.h"

namespace orderctl::core {

struct HttpProxy {
    std::string host;
    int port = 0;
    std::string username;  // from http://user:password@host:port; a secret, never printed
    std::string password;
};

// The proxy for a request to `scheme`://`host`, or nullopt for a direct connection.
// Error(Config) for a proxy variable that is not [http://][user:password@]host[:port].
std::optional<HttpProxy> proxy_for(const std::string& scheme, const std::string& host,
                                   const EnvLookup& env);

}  // namespace orderctl::core
