// One librdkafka handle with orderctl's conventions: properties applied with their origins in
// error messages, librdkafka's own log lines only at -v and with secrets masked, and connection
// failures (refused, DNS, TLS, SASL) collected so that callers can give up early with exit 5.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/profile/profile.h"

namespace orderctl::core::kafka {

enum class ClientType { Producer, Consumer };

struct ClientOptions {
    int verbosity = 0;  // librdkafka log lines reach stderr only at -v and above
    std::chrono::milliseconds timeout{15000};
    // Callbacks to set on the configuration before the handle exists (delivery reports).
    std::function<void(rd_kafka_conf_t*)> prepare;
};

// Failures of the connection to the cluster, seen by librdkafka's error callback.
class ConnectionWatch {
  public:
    void record(rd_kafka_resp_err_t code, const std::string& reason);
    // An error worth giving up for (all brokers down, DNS, TLS, SASL), if one was seen.
    std::optional<Error> fatal() const;
    std::string last_reason() const;
    // The code of the first failure worth giving up for, so that callers can tell a TLS failure
    // from a SASL one (eventhubs-setup --check).
    std::optional<rd_kafka_resp_err_t> fatal_code() const {
        std::lock_guard lock(mutex_);
        return fatal_code_;
    }

  private:
    mutable std::mutex mutex_;
    std::string last_reason_;
    std::optional<rd_kafka_resp_err_t> fatal_code_;
    std::string fatal_reason_;
};

// The layer a connection failure broke, from librdkafka's code and reason: librdkafka 2.0.2
// reports a refused certificate either as _SSL or as a transport error carrying only OpenSSL's
// text, then "all brokers down", so the reason decides too. Hints and eventhubs-setup --check
// use it.
enum class FailedLayer { Tls, Sasl, Other };
FailedLayer failed_layer(rd_kafka_resp_err_t code, const std::string& reason);
// The same for the first failure worth giving up for that `watch` saw (none: by `reason` alone).
FailedLayer failed_layer(const ConnectionWatch& watch, const std::string& reason);

// How many clients are registered for orderctl's own OIDC flow: a unit test's proof that a
// constructor which throws leaves no entry behind (a dangling Client* would be found again).
size_t registered_oidc_clients();

class Client {
  public:
    Client(ClientType type, const std::vector<Setting>& properties, ClientOptions options);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    rd_kafka_t* handle() const { return handle_; }
    const std::string& bootstrap_servers() const { return bootstrap_servers_; }
    // Signs in with GSSAPI (Kerberos, through Cyrus SASL), librdkafka's defaults included.
    bool uses_gssapi() const { return uses_gssapi_; }
    std::chrono::milliseconds timeout() const { return options_.timeout; }

    // Serves librdkafka's callbacks (errors, logs) and throws Error(Unreachable) when the
    // connection has failed for good. Call it while waiting for anything.
    void check_connection();
    // The error to throw when a wait ran out: names the brokers and the last failure seen.
    Error timeout_error(const std::string& what) const;

    // The object that owns this client, for callbacks that receive only the handle.
    void* owner = nullptr;

    struct MetadataDeleter {
        void operator()(const rd_kafka_metadata_t* metadata) const {
            rd_kafka_metadata_destroy(metadata);
        }
    };
    using MetadataPtr = std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter>;
    using TopicMetadata = rd_kafka_metadata_topic_t;  // one of MetadataPtr's topics
    // Cluster metadata (all topics, or one), in short attempts so that a refused connection or
    // failed handshake ends the wait early; Error(Unreachable) when the timeout runs out.
    MetadataPtr metadata(const std::string* only_topic);

    // Masks every secret value in `text` (librdkafka may echo configuration in logs).
    std::string redact(std::string text) const;
    // What librdkafka reported about the connection so far (codes and reasons).
    const ConnectionWatch& connection_watch() const { return watch_; }

    // The fatal error that ended this handle, if any (a fenced transactional producer, say).
    struct FatalError {
        std::string reason;
        bool fenced = false;  // another producer with the same transactional.id took over
    };
    std::optional<FatalError> fatal_error() const;
    // The value of a configuration property as librdkafka holds it ("" when unset).
    std::string property(const char* name) const;

  private:
    rd_kafka_t* handle_ = nullptr;
    std::string bootstrap_servers_;
    bool uses_gssapi_ = false;
    std::vector<std::string> secrets_;
    ClientOptions options_;
    ConnectionWatch watch_;

    static void on_error(rd_kafka_t* rk, int code, const char* reason, void* opaque);
    static void on_log(const rd_kafka_t* rk, int level, const char* facility, const char* message);
};

}  // namespace orderctl::core::kafka
