// Which proxy an HTTP request (a token request, a Kafka Connect call) goes through, from the
// environment as curl reads it. The request through a real proxy: eventhubs_entra_test.sh.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "core/error.h"
#include "core/http/proxy.h"

using orderctl::core::Error;
using orderctl::core::proxy_for;

namespace {

orderctl::core::EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars](const std::string& name) -> std::optional<std::string> {
        auto found = vars.find(name);
        if (found == vars.end()) return std::nullopt;
        return found->second;
    };
}

}  // namespace

TEST_CASE("the proxy follows the URL's scheme: HTTPS_PROXY for https, HTTP_PROXY for http") {
    const auto env =
        env_of({{"HTTPS_PROXY", "http://proxy.corp:3128"}, {"http_proxy", "web:8080"}});
    const auto https = proxy_for("https", "login.microsoftonline.com", env);
    REQUIRE(https.has_value());
    CHECK(https->host == "proxy.corp");
    CHECK(https->port == 3128);
    const auto http = proxy_for("http", "connect.internal", env);
    REQUIRE(http.has_value());
    CHECK(http->host == "web");
    CHECK(http->port == 8080);
    CHECK_FALSE(proxy_for("https", "x", env_of({})).has_value());
    CHECK_FALSE(proxy_for("https", "x", env_of({{"HTTPS_PROXY", ""}})).has_value());
}

TEST_CASE("a proxy URL may carry credentials and omit the port") {
    const auto proxy =
        proxy_for("https", "h", env_of({{"https_proxy", "http://me:p%40ss@p.corp"}}));
    REQUIRE(proxy.has_value());
    CHECK(proxy->username == "me");
    CHECK(proxy->password == "p%40ss");
    CHECK(proxy->host == "p.corp");
    CHECK(proxy->port == 1080);
}

TEST_CASE("NO_PROXY: every host, a host, or a domain and its hosts go direct") {
    const auto with = [](const std::string& no_proxy) {
        return env_of({{"HTTPS_PROXY", "http://p:1"}, {"NO_PROXY", no_proxy}});
    };
    CHECK_FALSE(proxy_for("https", "anything", with("*")).has_value());
    CHECK_FALSE(proxy_for("https", "127.0.0.1", with("localhost, 127.0.0.1")).has_value());
    CHECK_FALSE(proxy_for("https", "Login.Example.com", with(".example.com")).has_value());
    CHECK_FALSE(proxy_for("https", "login.example.com", with("example.com")).has_value());
    CHECK(proxy_for("https", "notexample.com", with("example.com")).has_value());
    CHECK(proxy_for("https", "login.microsoftonline.com", with("example.com,")).has_value());
}

TEST_CASE("a proxy variable that is no proxy URL is a configuration error, its value unechoed") {
    for (const char* value : {"https://p:1", "http://p:port", "http://p:99999", "http://:8080"}) {
        CAPTURE(value);
        try {
            proxy_for("https", "h", env_of({{"HTTPS_PROXY", value}}));
            FAIL("accepted");
        } catch (const Error& error) {
            CHECK(error.kind() == orderctl::core::ErrorKind::Config);
            CHECK(std::string(error.what()).find(value) == std::string::npos);
        }
    }
}
