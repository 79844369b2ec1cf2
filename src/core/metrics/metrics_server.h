// `--metrics ADDR`: serves GET /metrics in Prometheus's text format from a thread of its own.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace orderctl::core::http {
class Listener;
}

namespace orderctl::core::metrics {

class MetricsServer {
  public:
    // ADDR is HOST:PORT, or :PORT for every interface; port 0 takes a free one.
    // Throws Error(Usage) for a malformed address, Error(Failure) when it cannot listen.
    MetricsServer(const std::string& address, std::function<std::string()> render);
    ~MetricsServer();
    // Where it listens, e.g. http://127.0.0.1:9464/metrics.
    const std::string& url() const { return url_; }

  private:
    std::unique_ptr<http::Listener> listener_;
    std::thread thread_;
    std::string url_;
};

}  // namespace orderctl::core::metrics
