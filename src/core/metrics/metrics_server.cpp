#include "core/metrics/metrics_server.h"

#include "core/error.h"
#include "core/http/http_backend.h"

namespace orderctl::core::metrics {

MetricsServer::MetricsServer(const std::string& address, std::function<std::string()> render) {
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
    listener_ = http::backend().listen(host, port, std::move(render));
    if (!listener_)
        throw Error(ErrorKind::Failure, "--metrics: cannot listen on " + address,
                    "is the port taken, or the address not one of this machine's?");
    url_ = "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
           std::to_string(listener_->port()) + "/metrics";
    thread_ = std::thread([this] { listener_->serve(); });
}

MetricsServer::~MetricsServer() {
    listener_->stop();
    if (thread_.joinable()) thread_.join();
}

}  // namespace orderctl::core::metrics
