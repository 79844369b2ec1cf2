#include "core/eventhubs/connectivity_check.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <random>

#include "core/error.h"
#include "core/eventhubs/tier_features.h"
#include "core/kafka/consumer.h"
#include "core/kafka/defaults.h"
#include "core/kafka/library.h"
#include "core/kafka/producer.h"
#include "core/oauth/token_request.h"

namespace orderctl::core::eventhubs {
namespace {

using Clock = std::chrono::steady_clock;

const char* kDnsHint =
    "check the namespace in the connection string's Endpoint (sb://<namespace>.servicebus."
    "windows.net/): a typo, a deleted namespace, or, with Private Link, a private DNS zone "
    "that is not linked; -b gives another address";
const char* kTcpHint =
    "port 9093 is closed or filtered on the way: the Kafka endpoint listens on 9093 only, and "
    "firewalls and proxies often allow only 443; the Basic tier has no Kafka endpoint at all";
const char* kTlsHint =
    "the broker's certificate was not accepted: for a private CA or a TLS-inspecting proxy, give "
    "its CA with --ca-file; hostname verification stays on, so the host in the bootstrap must be "
    "one the certificate names";
const char* kSaslHint =
    "the connection string was refused: use the whole connection string of a shared access "
    "policy of this namespace (a regenerated key invalidates old strings: az eventhubs namespace "
    "authorization-rule keys list ...); the user name must be the literal $ConnectionString";
const char* kAuthorizationHint =
    "Topic authorization failed: the policy may be Listen-only (it needs Send too), the "
    "namespace may be on the Basic tier (no Kafka), or an event-hub-level connection string "
    "(EntityPath) names another hub";
const char* kEntraSaslHint =
    "the broker refused the Entra ID token: its audience must be the namespace "
    "(sasl.oauthbearer.scope https://<namespace host>/.default), and the token must not have "
    "expired; 'orderctl profile show' tells where each value comes from";
const char* kEntraAuthorizationHint =
    "Topic authorization failed: the service principal lacks a data role on the event hub: "
    "grant it \"Azure Event Hubs Data Sender\" and \"Azure Event Hubs Data Receiver\" "
    "(eventhubs-setup --auth entra --emit az prints the az role assignment commands)";
const char* kMissingHubHint =
    "create it: orderctl eventhubs-setup --create-topic, or az eventhubs eventhub create (see "
    "--emit az)";

struct HostPort {
    std::string host;
    std::string port;
};

HostPort first_broker(const std::vector<Setting>& properties) {
    std::string list;
    for (const auto& setting : properties)
        if (setting.key == "bootstrap.servers") list = setting.value;
    std::string first = list.substr(0, list.find(','));
    if (!first.empty() && first.front() == '[') {  // [IPv6]:port
        const auto close = first.find(']');
        if (close != std::string::npos)
            return {first.substr(1, close - 1),
                    close + 2 <= first.size() ? first.substr(close + 2) : "9092"};
    }
    const auto colon = first.rfind(':');
    if (colon == std::string::npos) return {first, "9092"};
    return {first.substr(0, colon), first.substr(colon + 1)};
}

std::string property(const std::vector<Setting>& properties, const std::string& key) {
    std::string value;
    for (const auto& setting : properties)
        if (setting.key == key) value = setting.value;
    return value;
}

std::string address_text(const addrinfo* info) {
    char text[INET6_ADDRSTRLEN] = "?";
    if (info->ai_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(info->ai_addr)->sin_addr, text,
                  sizeof text);
    else if (info->ai_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(info->ai_addr)->sin6_addr, text,
                  sizeof text);
    return text;
}

// Connects with a deadline; returns "" on success, else why not.
std::string tcp_connect(const addrinfo* info, std::chrono::milliseconds timeout) {
    int fd = ::socket(info->ai_family, info->ai_socktype | SOCK_NONBLOCK, info->ai_protocol);
    if (fd < 0) return std::strerror(errno);
    std::string failure;
    if (::connect(fd, info->ai_addr, info->ai_addrlen) != 0) {
        if (errno != EINPROGRESS) {
            failure = std::strerror(errno);
        } else {
            pollfd waiting{fd, POLLOUT, 0};
            int ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
            int error = 0;
            socklen_t size = sizeof error;
            if (ready == 0)
                failure = "no answer within " + std::to_string(timeout.count()) + " ms";
            else if (ready < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0)
                failure = std::strerror(errno);
            else if (error != 0)
                failure = std::strerror(error);
        }
    }
    ::close(fd);
    return failure;
}

class StepRunner {
  public:
    explicit StepRunner(const std::function<void(const CheckStep&)>& on_step) : on_step_(on_step) {}

    void start() { started_ = Clock::now(); }
    void done(const std::string& name, const std::string& status, const std::string& detail) {
        CheckStep step{name, status, detail,
                       static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             Clock::now() - started_)
                                             .count())};
        steps_.push_back(step);
        if (on_step_) on_step_(step);
        started_ = Clock::now();
    }
    [[noreturn]] void fail(const std::string& name, const std::string& detail, ErrorKind kind,
                           const std::string& hint) {
        done(name, "failed", detail);
        throw Error(kind, name + " step failed: " + detail, hint);
    }
    std::vector<CheckStep>& steps() { return steps_; }

  private:
    const std::function<void(const CheckStep&)>& on_step_;
    std::vector<CheckStep> steps_;
    Clock::time_point started_ = Clock::now();
};

std::string random_id() {
    std::random_device device;
    std::mt19937_64 generator(device());
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(generator()));
    return text;
}

void canary_round_trip(const CheckRequest& request, StepRunner& steps) {
    const std::string id = random_id();
    const std::string key = "orderctl-canary-" + id;
    const std::string value = "{\"canary\":\"" + id + "\",\"from\":\"orderctl eventhubs-setup\"}";
    kafka::Delivery delivered;
    bool reported = false;
    kafka::Producer producer(kafka::defaults_then({{"enable.idempotence", "true"}},
                                                  "eventhubs-setup --check", request.properties),
                             request.client_options, [&](const kafka::Delivery& delivery) {
                                 delivered = delivery;
                                 reported = true;
                             });
    const std::vector<kafka::Header> headers = {{"orderctl-canary", "1"}};
    kafka::Record record;
    record.topic = request.event_hub;
    record.partition = 0;
    record.key = key;
    record.value = value;
    record.headers = &headers;
    if (int refused = producer.send(record, 1); refused != 0)
        steps.fail("canary", std::string("produce refused: ") + kafka::error_text(refused),
                   ErrorKind::Failure, "");
    const auto deadline = Clock::now() + request.client_options.timeout;
    while (!reported && Clock::now() < deadline) producer.poll(100);
    if (!reported) producer.purge();
    // A purged record's report comes at the next poll; bounded all the same.
    for (int i = 0; i < 50 && !reported; ++i) producer.poll(100);
    if (!reported)
        steps.fail("canary", "produce: no delivery report within --timeout", ErrorKind::Unreachable,
                   "");
    if (delivered.error == kafka::errc::kTopicAuthorizationFailed)
        steps.fail("canary", "produce: " + delivered.error_text, ErrorKind::Unreachable,
                   kAuthorizationHint);
    if (delivered.error != 0)
        steps.fail("canary", "produce: " + producer.client().redact(delivered.error_text),
                   ErrorKind::Failure, "");

    kafka::Consumer consumer(
        kafka::defaults_then({{"group.id", "orderctl-canary"}, {"enable.auto.commit", "false"}},
                             "eventhubs-setup --check", request.properties),
        request.client_options);
    consumer.assign(request.event_hub, {{0, delivered.offset}});
    while (Clock::now() < deadline + request.client_options.timeout) {
        auto message = consumer.poll(200);
        if (!message) continue;
        if (message->err == kafka::errc::kTopicAuthorizationFailed)
            steps.fail("canary", "consume: Topic authorization failed", ErrorKind::Unreachable,
                       kAuthorizationHint);
        if (message->err) continue;  // partition EOF and the like
        std::string got_key(static_cast<const char*>(message->key), message->key_len);
        std::string got_value(static_cast<const char*>(message->payload), message->len);
        if (got_key != key) continue;
        if (got_value != value)
            steps.fail("canary", "the record came back changed", ErrorKind::Failure, "");
        steps.done(
            "canary", "ok",
            "produced and consumed back partition 0 offset " + std::to_string(delivered.offset));
        return;
    }
    steps.fail("canary",
               "the record produced at partition 0 offset " + std::to_string(delivered.offset) +
                   " did not come back in time",
               ErrorKind::Failure, "");
}

}  // namespace

std::vector<CheckStep> run_connectivity_check(
    const CheckRequest& request, const std::function<void(const CheckStep&)>& on_step) {
    StepRunner steps(on_step);
    const HostPort broker = first_broker(request.properties);
    const std::string protocol = property(request.properties, "security.protocol");
    const bool uses_tls = protocol == "SSL" || protocol == "SASL_SSL";
    const bool uses_sasl = protocol == "SASL_SSL" || protocol == "SASL_PLAINTEXT";

    steps.start();
    std::optional<Tier> known_tier;
    try {
        if (!request.tier.empty()) known_tier = parse_tier(request.tier);
    } catch (const Error&) {
        // An unknown tier is no reason to stop the check; the tier step is left out.
    }
    if (known_tier) {
        const Tier tier = *known_tier;
        std::string codec = "none";
        for (const auto& setting : request.properties)
            if (setting.key == "compression.codec" || setting.key == "compression.type")
                codec = setting.value;
        if (!allows_compression(tier, codec))
            steps.fail(
                "tier",
                "compression.codec=" + codec + ": the " + limits_of(tier).name + " tier rejects it",
                ErrorKind::Config,
                tier == Tier::Premium || tier == Tier::Dedicated
                    ? "set compression.codec=none or gzip"
                    : "set compression.codec=none: Standard accepts no compression");
        steps.done(
            "tier", "ok",
            std::string(limits_of(tier).name) + ": compression.codec=" + codec +
                (allows_transactions(tier) ? ", transactions available" : ", no transactions"));
    }
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int code = ::getaddrinfo(broker.host.c_str(), broker.port.c_str(), &hints, &found);
        code != 0)
        steps.fail("dns", "cannot resolve " + broker.host + ": " + gai_strerror(code),
                   ErrorKind::Unreachable, kDnsHint);
    std::unique_ptr<addrinfo, void (*)(addrinfo*)> addresses(found, freeaddrinfo);
    steps.done("dns", "ok", broker.host + " is " + address_text(found));

    const auto tcp_timeout = std::min<std::chrono::milliseconds>(request.client_options.timeout,
                                                                 std::chrono::seconds(10));
    std::string why;
    const addrinfo* reached = nullptr;
    for (const addrinfo* candidate = found; candidate && !reached; candidate = candidate->ai_next) {
        why = tcp_connect(candidate, tcp_timeout);
        if (why.empty()) reached = candidate;
    }
    if (!reached)
        steps.fail("tcp", "cannot connect to " + broker.host + " port " + broker.port + ": " + why,
                   ErrorKind::Unreachable, kTcpHint);
    steps.done("tcp", "ok", "connected to " + address_text(reached) + " port " + broker.port);

    // Entra ID sign-in: the token is fetched and its audience checked before any SASL, so that
    // a wrong tenant, secret or scope is named as such (core/oauth/token_request.h).
    const auto oidc = oauth::oidc_request(request.properties);
    if (oidc) {
        oauth::Token token;
        try {
            token = oauth::request_token(*oidc, request.client_options.timeout);
        } catch (const Error& error) {
            if (error.kind() != ErrorKind::Unreachable) throw;
            steps.fail("token", error.what(), ErrorKind::Unreachable, error.hint());
        }
        const std::string wanted = oauth::audience_of_scope(oidc->scope);
        const bool audience_right =
            wanted.empty() ||
            std::find(token.audience.begin(), token.audience.end(), wanted) != token.audience.end();
        if (!audience_right)
            steps.fail(
                "token",
                "the token's audience is not " + wanted + " (it is " +
                    (token.audience.empty() ? std::string("missing") : token.audience.front()) +
                    ")",
                ErrorKind::Unreachable,
                "wrong scope: sasl.oauthbearer.scope must be https://<namespace "
                "host>/.default");
        const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
        if (token.expires_at_ms != 0 && token.expires_at_ms <= now_ms)
            steps.fail("token", "the token endpoint granted a token that has already expired",
                       ErrorKind::Unreachable,
                       "the token endpoint's clock or token lifetime is wrong, or this host's "
                       "clock is ahead");
        steps.done("token", "ok",
                   "granted to " + token.principal + ", audience " +
                       (wanted.empty() ? std::string("unchecked (no scope)") : wanted));
    }

    // TLS, SASL and metadata happen in one librdkafka connection: a metadata request either
    // succeeds (all three passed) or fails with a code and reason that say which layer broke.
    kafka::Client client(kafka::ClientType::Producer, request.properties, request.client_options);
    kafka::Client::MetadataPtr metadata(nullptr);
    try {
        metadata = client.metadata(nullptr);
    } catch (const Error& error) {
        const auto& watch = client.connection_watch();
        const std::string reason = client.redact(error.what());
        // librdkafka's code, or the reason after "all brokers down", names the layer.
        switch (kafka::failed_layer(watch, reason)) {
            case kafka::FailedLayer::Sasl:
                steps.done("tls", uses_tls ? "ok" : "skipped",
                           uses_tls ? "handshake completed" : "not used (" + protocol + ")");
                steps.fail("sasl", reason, ErrorKind::Unreachable,
                           oidc ? kEntraSaslHint : kSaslHint);
            case kafka::FailedLayer::Tls:
                steps.fail("tls", reason, ErrorKind::Unreachable, kTlsHint);
            case kafka::FailedLayer::Other:
                break;
        }
        steps.fail(uses_tls ? "tls" : "metadata", reason, ErrorKind::Unreachable,
                   uses_tls ? kTlsHint : error.hint());
    }
    const std::string verify =
        property(request.properties, "ssl.endpoint.identification.algorithm");
    steps.done("tls", uses_tls ? "ok" : "skipped",
               uses_tls ? (verify == "none" ? "handshake ok, hostname NOT verified"
                                            : "handshake ok, certificate and hostname verified")
                        : "not used (" + protocol + ")");
    steps.done("sasl", uses_sasl ? "ok" : "skipped",
               uses_sasl ? "authenticated with " + property(request.properties, "sasl.mechanism") +
                               (oidc ? std::string(" (Entra ID token)")
                                     : " as " + property(request.properties, "sasl.username"))
                         : "not used (" + protocol + ")");
    steps.done("metadata", "ok",
               std::to_string(metadata->broker_cnt) + " broker(s), " +
                   std::to_string(metadata->topic_cnt) + " event hub(s) visible");

    const kafka::Client::TopicMetadata* hub = nullptr;
    for (int t = 0; t < metadata->topic_cnt; ++t)
        if (request.event_hub == metadata->topics[t].topic) hub = &metadata->topics[t];
    if (hub == nullptr || hub->err == kafka::errc::kUnknownTopicOrPartition)
        steps.fail("eventhub", "event hub '" + request.event_hub + "' does not exist",
                   ErrorKind::Failure, kMissingHubHint);
    if (hub->err == kafka::errc::kTopicAuthorizationFailed)
        steps.fail("eventhub", "event hub '" + request.event_hub + "': Topic authorization failed",
                   ErrorKind::Unreachable, oidc ? kEntraAuthorizationHint : kAuthorizationHint);
    std::string detail =
        "'" + request.event_hub + "' has " + std::to_string(hub->partition_cnt) + " partitions";
    const bool as_expected =
        request.expected_partitions == 0 || request.expected_partitions == hub->partition_cnt;
    if (!as_expected)
        detail += " (the profile says " + std::to_string(request.expected_partitions) + ")";
    steps.done("eventhub", as_expected ? "ok" : "warning", detail);
    metadata.reset();

    if (request.canary) canary_round_trip(request, steps);
    return steps.steps();
}

}  // namespace orderctl::core::eventhubs
