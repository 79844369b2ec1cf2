#include "core/kafka/client.h"

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "core/kafka/sasl_plugins.h"
#include "core/kafka/sign_in.h"
#include "core/oauth/token_request.h"
#include "core/profile/security.h"

namespace orderctl::core::kafka {
namespace {

const char* kConnectionHint =
    "check the bootstrap servers (-b, profile), that the cluster is running, and the security "
    "settings; 'orderctl profile show' tells where each value comes from";

const char* kTokenRejectedHint =
    "the token endpoint granted a token that the cluster refused: its audience must be the "
    "namespace (sasl.oauthbearer.scope https://<namespace host>/.default, not another "
    "namespace's), its issuer the namespace's tenant, and it must not have expired; 'orderctl "
    "eventhubs-setup --check' shows the token's audience";

// The hint for a failure that stops the client: the TLS and SASL steps each get their own, since
// "check the security settings" does not say which of them to look at. librdkafka 2.0.2 reports a
// refused certificate either as _SSL ("SSL handshake failed: ...") or as a transport error with
// only OpenSSL's text, then "all brokers down": so the reason decides too.
std::string connection_hint(rd_kafka_resp_err_t code, const std::string& reason) {
    const auto says = [&reason](const char* text) {
        return reason.find(text) != std::string::npos;
    };
    const FailedLayer layer = failed_layer(code, reason);
    if (layer == FailedLayer::Tls)
        return "the TLS handshake failed: security.ca-file must hold the CA that signed the "
               "broker's certificate, and the bootstrap host must be a name that certificate "
               "lists (hostname verification is on); 'orderctl profile show' tells where each "
               "value comes from";
    if (layer != FailedLayer::Sasl) return kConnectionHint;
    std::string hint =
        "the cluster refused the credentials: check security.username, security.password and "
        "security.sasl-mechanism ('orderctl profile show' tells where each comes from); for Event "
        "Hubs the username is the literal $ConnectionString and the password the whole "
        "connection string";
    // librdkafka before 2.6.1 sends a wrong nonce in SCRAM's final message, which Kafka 4
    // brokers refuse as invalid credentials even when the password is right (librdkafka #4895).
    if (says("SCRAM") && rd_kafka_version() < 0x020601ff)
        hint += "; note that this librdkafka (" + std::string(rd_kafka_version_str()) +
                ") fails SCRAM against Kafka 4 brokers even with the right password (fixed in "
                "librdkafka 2.6.1): use PLAIN over SASL_SSL, or a newer librdkafka";
    return hint;
}

// sasl.oauthbearer.method=oidc: orderctl fetches the tokens itself (core/oauth/token_request.h),
// since Debian's librdkafka 2.0.2 is built without the flow. The state of each client that does,
// by client: the request, the current token (masked like the secrets) and the last failure.
struct OidcState {
    oauth::TokenRequest request;
    std::mutex mutex;
    std::string token;
    int64_t expires_at_ms = 0;     // the current token's expiry (0: none yet)
    std::optional<Error> failure;  // the token step failed: what check_connection throws
};

std::mutex oidc_registry_mutex;
std::map<const Client*, std::shared_ptr<OidcState>>& oidc_registry() {
    static std::map<const Client*, std::shared_ptr<OidcState>> registry;
    return registry;
}

std::shared_ptr<OidcState> oidc_state(const Client* client) {
    std::lock_guard lock(oidc_registry_mutex);
    auto found = oidc_registry().find(client);
    return found == oidc_registry().end() ? nullptr : found->second;
}

// librdkafka's token refresh callback (served by rd_kafka_poll): fetch a token, hand it over.
// It runs inside librdkafka's C code: no exception may leave it.
void refresh_token(rd_kafka_t* rk, const char*, void* opaque) {
    try {
        const auto* client = static_cast<const Client*>(opaque);
        const auto state = oidc_state(client);
        if (!state) return;
        // A configuration mistake (an unreadable federated token file) stays one: exit 3.
        const auto fail = [&](const std::string& reason, const std::string& hint,
                              ErrorKind kind = ErrorKind::Unreachable) {
            const std::string text = client->redact(reason);
            rd_kafka_oauthbearer_set_token_failure(rk, text.c_str());
            std::lock_guard lock(state->mutex);
            if (!state->failure) state->failure = Error(kind, "token step: " + text, hint);
        };
        try {
            const oauth::Token token = oauth::request_token(state->request, client->timeout());
            {
                std::lock_guard lock(state->mutex);
                state->token = token.value;
            }
            char errstr[512] = {};
            if (rd_kafka_oauthbearer_set_token(rk, token.value.c_str(), token.expires_at_ms,
                                               token.principal.c_str(), nullptr, 0, errstr,
                                               sizeof errstr) != RD_KAFKA_RESP_ERR_NO_ERROR) {
                fail(std::string("the token endpoint's token cannot be used: ") + errstr,
                     "an expired token means the token endpoint's clock or token lifetime is "
                     "wrong; check sasl.oauthbearer.token.endpoint.url");
                return;
            }
            // A token now stands: an earlier failed refresh (a transient outage) no longer
            // stops the client.
            std::lock_guard lock(state->mutex);
            state->expires_at_ms = token.expires_at_ms;
            state->failure.reset();
        } catch (const Error& error) {
            // Config stays Config, and Failure (orderctl's HTTP module missing) stays Failure:
            // neither is a passing outage of the token endpoint.
            const auto kind = error.kind();
            fail(error.what(), error.hint(),
                 kind == ErrorKind::Config || kind == ErrorKind::Failure ? kind
                                                                         : ErrorKind::Unreachable);
        } catch (const std::exception& error) {
            fail(std::string("the token endpoint's answer cannot be used: ") + error.what(),
                 "check sasl.oauthbearer.token.endpoint.url and the token endpoint's answer");
        }
    } catch (...) {
        rd_kafka_oauthbearer_set_token_failure(rk, "the token step failed");
    }
}

}  // namespace

void check_sign_in(const Client& client) {
    const auto state = oidc_state(&client);
    if (!state) return;
    std::lock_guard lock(state->mutex);
    if (!state->failure) return;
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    if (state->expires_at_ms != 0 && now_ms < state->expires_at_ms) return;
    throw Error(state->failure->kind(),
                "cannot sign in to the cluster at " + client.bootstrap_servers() +
                    ": the token has expired and could not be refreshed: " + state->failure->what(),
                state->failure->hint());
}

size_t registered_oidc_clients() {
    std::lock_guard lock(oidc_registry_mutex);
    return oidc_registry().size();
}

FailedLayer failed_layer(rd_kafka_resp_err_t code, const std::string& reason) {
    const auto says = [&reason](const char* text) {
        return reason.find(text) != std::string::npos;
    };
    if (code == RD_KAFKA_RESP_ERR__SSL || says("SSL handshake failed") ||
        says("certificate verify failed") || says("SSL routines"))
        return FailedLayer::Tls;
    if (code == RD_KAFKA_RESP_ERR__AUTHENTICATION ||
        code == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED || says("SASL authentication"))
        return FailedLayer::Sasl;
    return FailedLayer::Other;
}

FailedLayer failed_layer(const ConnectionWatch& watch, const std::string& reason) {
    return failed_layer(watch.fatal_code().value_or(RD_KAFKA_RESP_ERR_NO_ERROR), reason);
}

void ConnectionWatch::record(rd_kafka_resp_err_t code, const std::string& reason) {
    std::lock_guard lock(mutex_);
    if (code != RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) last_reason_ = reason;
    switch (code) {
        case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
        case RD_KAFKA_RESP_ERR__RESOLVE:
        case RD_KAFKA_RESP_ERR__AUTHENTICATION:
        case RD_KAFKA_RESP_ERR__SSL:
        case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
            if (!fatal_code_) {
                fatal_code_ = code;
                fatal_reason_ = reason;
            }
            break;
        default:
            break;
    }
}

std::optional<Error> ConnectionWatch::fatal() const {
    std::lock_guard lock(mutex_);
    if (!fatal_code_) return std::nullopt;
    std::string detail = fatal_reason_;
    // "all brokers are down" says little; the transport failure before it says why.
    if (*fatal_code_ == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN && !last_reason_.empty())
        detail = last_reason_;
    return Error(ErrorKind::Unreachable, detail, connection_hint(*fatal_code_, detail));
}

std::string ConnectionWatch::last_reason() const {
    std::lock_guard lock(mutex_);
    return last_reason_;
}

Client::Client(ClientType type, const std::vector<Setting>& properties, ClientOptions options)
    : options_(options) {
    // Before conf exists: a malformed OIDC setting throws with nothing to free.
    const auto oidc = oauth::oidc_request(properties);
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char errstr[512];
    // A constructor that throws runs no destructor: its registry entry goes with it.
    const auto forget_oidc = [this, &oidc] {
        if (!oidc) return;
        std::lock_guard lock(oidc_registry_mutex);
        oidc_registry().erase(this);
    };
    // Our own log callback replaces librdkafka's stderr logger; quiet unless -v.
    rd_kafka_conf_set_log_cb(conf, &Client::on_log);
    rd_kafka_conf_set_error_cb(conf, &Client::on_error);
    rd_kafka_conf_set_opaque(conf, this);
    if (options_.prepare) options_.prepare(conf);
    if (oidc) {
        auto state = std::make_shared<OidcState>();
        state->request = *oidc;
        std::lock_guard lock(oidc_registry_mutex);
        oidc_registry()[this] = state;
        rd_kafka_conf_set_oauthbearer_token_refresh_cb(conf, &refresh_token);
    }
    for (const auto& setting : properties) {
        if (setting.secret && !setting.value.empty()) secrets_.push_back(setting.value);
        // librdkafka 2.0.2 without libcurl refuses these; the refresh callback runs the flow.
        if (oidc && oauth::is_oidc_property(setting.key)) continue;
        if (setting.key == "bootstrap.servers") bootstrap_servers_ = setting.value;
        if (rd_kafka_conf_set(conf, setting.key.c_str(), setting.value.c_str(), errstr,
                              sizeof errstr) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            forget_oidc();
            throw Error(ErrorKind::Config,
                        "librdkafka property '" + setting.key + "' (from " + setting.origin.where +
                            "): " + redact(errstr),
                        "see the librdkafka CONFIGURATION.md for valid properties and values");
        }
    }
    // Whatever set it (profile, -X), the user learns when TLS verification is off.
    const auto effective = [conf](const std::string& name) -> std::optional<std::string> {
        char value[512];
        size_t size = sizeof value;
        if (rd_kafka_conf_get(conf, name.c_str(), value, &size) != RD_KAFKA_CONF_OK)
            return std::nullopt;
        return std::string(value);
    };
    for (const auto& warning : tls_verification_warnings(effective, properties)) warn_once(warning);
    uses_gssapi_ = needs_cyrus_sasl(effective);
    prepare_cyrus_sasl(uses_gssapi_);
    handle_ = rd_kafka_new(type == ClientType::Producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER,
                           conf, errstr, sizeof errstr);
    if (handle_ == nullptr) {
        // rd_kafka_new only takes ownership of conf on success.
        rd_kafka_conf_destroy(conf);
        forget_oidc();
        throw Error(ErrorKind::Config, "cannot create Kafka client: " + redact(errstr));
    }
}

Client::~Client() {
    if (handle_ != nullptr) rd_kafka_destroy(handle_);
    std::lock_guard lock(oidc_registry_mutex);
    oidc_registry().erase(this);
}

void Client::check_connection() {
    rd_kafka_poll(handle_, 0);
    if (const auto state = oidc_state(this)) {
        std::lock_guard lock(state->mutex);
        if (state->failure)
            throw Error(state->failure->kind(),
                        "cannot sign in to the cluster at " + bootstrap_servers_ + ": " +
                            state->failure->what(),
                        state->failure->hint());
    }
    if (auto failure = watch_.fatal()) {
        // The token step passed (else the failure above): a SASL refusal now is the broker
        // rejecting the token itself, not a user name or password.
        if (oidc_state(this) && failed_layer(watch_, failure->what()) == FailedLayer::Sasl)
            throw Error(ErrorKind::Unreachable,
                        "cannot sign in to the cluster at " + bootstrap_servers_ +
                            ": the broker rejected the token (SASL OAUTHBEARER): " +
                            redact(failure->what()),
                        kTokenRejectedHint);
        throw Error(
            ErrorKind::Unreachable,
            "cannot reach the cluster at " + bootstrap_servers_ + ": " + redact(failure->what()),
            failure->hint());
    }
}

Error Client::timeout_error(const std::string& what) const {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", options_.timeout.count() / 1000.0);
    std::string message = std::string("timed out after ") + seconds + " s waiting for " + what +
                          " from " + bootstrap_servers_;
    auto reason = watch_.last_reason();
    if (!reason.empty()) message += ": " + redact(reason);
    return Error(ErrorKind::Unreachable, message, kConnectionHint);
}

std::string Client::redact(std::string text) const {
    std::vector<std::string> secrets = secrets_;
    {
        if (const auto state = oidc_state(this)) {
            std::lock_guard lock(state->mutex);
            if (!state->token.empty()) secrets.push_back(state->token);
        }
    }
    for (const auto& secret : secrets) {
        for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
            text.replace(at, secret.size(), "<redacted>");
        }
    }
    return text;
}

Client::MetadataPtr Client::metadata(const std::string* only_topic) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + options_.timeout;
    rd_kafka_topic_t* topic =
        only_topic ? rd_kafka_topic_new(handle_, only_topic->c_str(), nullptr) : nullptr;
    struct TopicGuard {
        rd_kafka_topic_t* topic;
        ~TopicGuard() {
            if (topic) rd_kafka_topic_destroy(topic);
        }
    } guard{topic};
    for (;;) {
        const rd_kafka_metadata_t* raw = nullptr;
        if (rd_kafka_metadata(handle_, topic ? 0 : 1, topic, &raw, 500) ==
            RD_KAFKA_RESP_ERR_NO_ERROR)
            return MetadataPtr(raw);
        check_connection();
        if (Clock::now() >= deadline) throw timeout_error("metadata");
    }
}

void Client::on_error(rd_kafka_t*, int code, const char* reason, void* opaque) {
    auto* self = static_cast<Client*>(opaque);
    self->watch_.record(static_cast<rd_kafka_resp_err_t>(code), reason ? reason : "");
}

void Client::on_log(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
    auto* self = static_cast<Client*>(rd_kafka_opaque(rk));
    if (self == nullptr || self->options_.verbosity <= 0) return;
    // -v shows warnings and errors; -vv everything librdkafka says (with debug=... set).
    if (level > 4 && self->options_.verbosity < 2) return;
    // One write per line: librdkafka logs from several threads at once.
    std::cerr << ("librdkafka: " + std::string(facility) + ": " + self->redact(message) + '\n');
}

std::optional<Client::FatalError> Client::fatal_error() const {
    char reason[512] = {};
    const rd_kafka_resp_err_t code = rd_kafka_fatal_error(handle_, reason, sizeof reason);
    if (code == RD_KAFKA_RESP_ERR_NO_ERROR) return std::nullopt;
    return FatalError{reason, code == RD_KAFKA_RESP_ERR__FENCED ||
                                  code == RD_KAFKA_RESP_ERR_PRODUCER_FENCED ||
                                  code == RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH};
}

std::string Client::property(const char* name) const {
    char value[512] = {};
    size_t size = sizeof value;
    if (rd_kafka_conf_get(rd_kafka_conf(handle_), name, value, &size) != RD_KAFKA_CONF_OK)
        return "";
    return value;
}

}  // namespace orderctl::core::kafka
