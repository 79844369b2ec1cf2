// liborderctl-http.so: the HTTP backend over cpp-httplib (core/http/http_backend.h), a client
// for REST calls and token requests, and the server of GET /metrics.
#include <httplib.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/http/http_backend.h"

namespace orderctl::core::http {
namespace {

// cpp-httplib's Server, with a way to close a bound socket that was never served: its stop()
// does nothing before listen_after_bind() has begun, and its destructor closes nothing.
class BoundServer final : public httplib::Server {
  public:
    void close_unserved() {
        const socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
        if (sock != INVALID_SOCKET) ::close(sock);
    }
};

class HttplibListener final : public Listener {
  public:
    HttplibListener(std::unique_ptr<BoundServer> server, int port)
        : server_(std::move(server)), port_(port) {}
    int port() const override { return port_; }

    void serve() override {
        serving_ = true;
        if (!stopping_) server_->listen_after_bind();
        serving_ = false;
    }

    // cpp-httplib's stop() does nothing until listen_after_bind() has begun, and asserts when
    // called twice; a command that fails right after starting the endpoint (a broker that
    // refuses) used to stop it first and then wait forever on the serving thread. So: serve()
    // does not begin once stopping_ is set, and stop() waits for a serve() already begun to be
    // running before calling cpp-httplib's stop() once; a socket never served is closed here.
    // serving_ and stopping_ are sequentially consistent: one of the two sides always sees the
    // other's flag.
    void stop() override {
        stopping_ = true;
        while (serving_ && !server_->is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        if (serving_)
            server_->stop();
        else
            server_->close_unserved();
    }

  private:
    std::unique_ptr<BoundServer> server_;
    int port_;
    std::atomic<bool> serving_{false};
    std::atomic<bool> stopping_{false};
};

class HttplibBackend final : public Backend {
  public:
    CallResult send(const Call& call) const override {
        // https: cpp-httplib as Debian builds it speaks TLS (OpenSSL) and verifies the server's
        // certificate against the system's CAs.
        httplib::Client client(call.origin);
        const auto seconds = static_cast<time_t>(call.timeout.count() / 1000);
        const auto micros = static_cast<time_t>((call.timeout.count() % 1000) * 1000);
        client.set_connection_timeout(seconds, micros);
        client.set_read_timeout(seconds, micros);
        client.set_write_timeout(seconds, micros);
        // cpp-httplib sends an http:// request to the proxy with the absolute URL, and tunnels an
        // https:// one with CONNECT.
        if (call.proxy) {
            client.set_proxy(call.proxy->host, call.proxy->port);
            if (!call.proxy->username.empty())
                client.set_proxy_basic_auth(call.proxy->username, call.proxy->password);
        }
        httplib::Request request;
        request.method = call.method;
        request.path = call.path;
        request.set_header("Accept", "application/json");
        if (!call.body.empty() || call.method == "PUT" || call.method == "POST") {
            request.set_header("Content-Type", call.content_type);
            request.body = call.body;
        }
        const httplib::Result result = client.send(request);
        CallResult out;
        if (!result) {
            out.error = httplib::to_string(result.error());
            return out;
        }
        out.answered = true;
        out.status = result->status;
        out.body = result->body;
        return out;
    }

    std::unique_ptr<Listener> listen(const std::string& host, int port,
                                     std::function<std::string()> render) const override {
        auto server = std::make_unique<BoundServer>();
        // cpp-httplib's default socket options add SO_REUSEPORT: a second process would then
        // bind a port already serving, and the kernel would share the scrapes between the two,
        // mixing two services' numbers. SO_REUSEADDR alone still allows a quick restart on the
        // same port.
        server->set_socket_options([](socket_t sock) {
            int yes = 1;
            setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes),
                       sizeof yes);
        });
        server->Get("/metrics", [render = std::move(render)](const httplib::Request&,
                                                             httplib::Response& response) {
            response.set_content(render(), "text/plain; version=0.0.4; charset=utf-8");
        });
        const int bound = port == 0                          ? server->bind_to_any_port(host)
                          : server->bind_to_port(host, port) ? port
                                                             : -1;
        if (bound <= 0) return nullptr;
        return std::make_unique<HttplibListener>(std::move(server), bound);
    }
};

}  // namespace
}  // namespace orderctl::core::http

extern "C" {

__attribute__((visibility("default"))) const char* orderctl_http_module_version() {
    return ORDERCTL_HTTP_MODULE_ID;
}

__attribute__((visibility("default"))) const orderctl::core::http::Backend*
orderctl_http_backend_v1() {
    static const orderctl::core::http::HttplibBackend backend;
    return &backend;
}
}
