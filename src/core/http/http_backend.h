// The HTTP code behind http_client.h and metrics_server.h, kept out of the binary.
//
// cpp-httplib initialises OpenSSL (its error strings and openssl.cnf) as soon as it is loaded,
// and brings its own libraries (brotli): about a third of the instructions `orderctl topics
// list` ran at start, for commands that make no HTTP call (bench/README.md, Start-up). So the
// code that uses it is a module of its own, liborderctl-http.so, loaded the first time a command
// makes an HTTP request or serves --metrics, and never unloaded.
//
// The module is built from the same tree by the same compiler as the binary, so the interface
// is plain C++; only its entry point is extern "C". No exception crosses it: a failure comes
// back as a value, and the core turns it into its own Error.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/http/proxy.h"

namespace orderctl::core::http {

struct Call {
    std::string method;
    std::string origin;  // "http://host:port" or "https://host:port"
    std::string path;    // "/a/b?c"
    std::string body;
    std::string content_type;              // sent with the body, or for PUT and POST
    std::chrono::milliseconds timeout{0};  // connect, read and write each
    std::optional<HttpProxy> proxy;
};

struct CallResult {
    bool answered = false;  // false: no HTTP answer; `error` says why
    long status = 0;
    std::string body;
    std::string error;
};

// A bound listening socket serving GET /metrics.
class Listener {
  public:
    virtual ~Listener() = default;
    virtual int port() const = 0;
    // Serves until stop() is called, from the calling thread.
    virtual void serve() = 0;
    // From any thread; serve() returns soon after.
    virtual void stop() = 0;
};

class Backend {
  public:
    virtual ~Backend() = default;
    virtual CallResult send(const Call& call) const = 0;
    // Binds HOST:PORT (port 0: a free one) and answers GET /metrics with render()'s text;
    // nullptr when it cannot bind.
    virtual std::unique_ptr<Listener> listen(const std::string& host, int port,
                                             std::function<std::string()> render) const = 0;
};

// The module's backend, loaded on the first call. Throws Error(Failure) when the module cannot
// be found or loaded, naming where it looked.
const Backend& backend();

}  // namespace orderctl::core::http

// The module's entry points. orderctl_http_module_version() must equal the binary's
// ORDERCTL_HTTP_MODULE_ID (the version and a hash of this interface's headers, set by CMake),
// so a module built against another interface is refused, not called.
extern "C" {
const char* orderctl_http_module_version();
const orderctl::core::http::Backend* orderctl_http_backend_v1();
}
