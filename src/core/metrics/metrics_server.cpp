#include "core/metrics/metrics_server.h"

#include <httplib.h>

#include "core/error.h"

namespace orderctl::core::metrics {

MetricsServer::MetricsServer(const std::string& address, std::function<std::string()> render)
    : server_(std::make_unique<httplib::Server>()) {
    auto colon = address.rfind(':');
    if (colon == std::string::npos || colon + 1 == address.size())
        throw Error(ErrorKind::Usage, "--metrics wants HOST:PORT or :PORT, got '" + address + "'",
                    "e.g. --metrics 127.0.0.1:9464, or :9464 for every interface");
    std::string host = colon == 0 ? "0.0.0.0" : address.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    int port = 0;
    try {
        size_t used = 0;
        port = std::stoi(address.substr(colon + 1), &used);
        if (used != address.size() - colon - 1 || port < 0 || port > 65535) throw 0;
    } catch (...) {
        throw Error(ErrorKind::Usage,
                    "--metrics: '" + address.substr(colon + 1) + "' is not a port number");
    }
    // cpp-httplib's default socket options add SO_REUSEPORT: a second process would then bind
    // a port already serving, and the kernel would share the scrapes between the two, mixing
    // two services' numbers. SO_REUSEADDR alone still allows a quick restart on the same port.
    server_->set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof yes);
    });
    server_->Get("/metrics", [render](const httplib::Request&, httplib::Response& response) {
        response.set_content(render(), "text/plain; version=0.0.4; charset=utf-8");
    });
    int bound = port == 0                           ? server_->bind_to_any_port(host)
                : server_->bind_to_port(host, port) ? port
                                                    : -1;
    if (bound <= 0)
        throw Error(ErrorKind::Failure, "--metrics: cannot listen on " + address,
                    "is the port taken, or the address not one of this machine's?");
    url_ = "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
           std::to_string(bound) + "/metrics";
    thread_ = std::thread([this] { server_->listen_after_bind(); });
}

MetricsServer::~MetricsServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
}

}  // namespace orderctl::core::metrics
