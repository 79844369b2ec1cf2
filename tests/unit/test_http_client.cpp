// The REST client of eventhubs-setup --deploy: what it sends, what it returns, how it fails.
#include <doctest/doctest.h>
#include <httplib.h>

#include <thread>

#include "core/error.h"
#include "core/http/http_client.h"

using namespace orderctl::core;
using namespace std::chrono_literals;

namespace {

ErrorKind kind_of(const std::string& method, const std::string& url, std::string* what) {
    try {
        http_request(method, url, "", 2s);
    } catch (const Error& error) {
        *what = error.what();
        return error.kind();
    }
    FAIL("no error for " << url);
    return ErrorKind::Failure;
}

}  // namespace

TEST_CASE("http_request: a PUT with a JSON body, the status and body back") {
    httplib::Server server;
    server.Put(
        "/connectors/c/config", [](const httplib::Request& request, httplib::Response& response) {
            response.status = 201;
            response.set_content(request.get_header_value("Content-Type") + "|" + request.body,
                                 "application/json");
        });
    server.Get("/missing", [](const httplib::Request&, httplib::Response& response) {
        response.status = 404;
        response.set_content("{\"error_code\":404}", "application/json");
    });
    const int port = server.bind_to_any_port("127.0.0.1");
    std::thread serving([&] { server.listen_after_bind(); });
    // bind_to_any_port already listens: a request made now waits in the backlog.
    const std::string base = "http://127.0.0.1:" + std::to_string(port);

    HttpResponse put = http_request("PUT", base + "/connectors/c/config", "{\"a\":1}", 5s);
    CHECK(put.status == 201);
    CHECK(put.body == "application/json|{\"a\":1}");
    HttpResponse missing = http_request("GET", base + "/missing", "", 5s);
    CHECK(missing.status == 404);  // any HTTP status is returned, not thrown
    CHECK(missing.body == "{\"error_code\":404}");

    server.stop();
    serving.join();
    std::string what;
    CHECK(kind_of("GET", base + "/status", &what) == ErrorKind::Unreachable);
    CHECK(what.find("cannot GET " + base + "/status: ") == 0);
}

TEST_CASE("http_request: only http and https URLs") {
    std::string what;
    CHECK(kind_of("GET", "ftp://127.0.0.1/x", &what) == ErrorKind::Unreachable);
    CHECK(what == "cannot GET ftp://127.0.0.1/x: not an http:// or https:// URL");
    CHECK(kind_of("GET", "127.0.0.1:8083/x", &what) == ErrorKind::Unreachable);
    CHECK(what.find("not an http:// or https:// URL") != std::string::npos);
    CHECK(kind_of("PUT", "http://:8083/x", &what) == ErrorKind::Unreachable);
    CHECK(what == "cannot PUT http://:8083/x: no host in the URL");
    CHECK(kind_of("GET", "https://", &what) == ErrorKind::Unreachable);
    CHECK(what == "cannot GET https://: no host in the URL");
}
