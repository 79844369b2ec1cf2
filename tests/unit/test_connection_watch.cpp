// Which hint a connection failure gets: TLS, SASL or the generic one, whichever way librdkafka
// reported it (the real-broker side is tests/integration/security_test.sh).
#include <doctest/doctest.h>

#include <string>

#include "core/kafka/client.h"

using orderctl::core::ErrorKind;
using orderctl::core::kafka::ConnectionWatch;

namespace {

std::string hint_after(std::initializer_list<std::pair<rd_kafka_resp_err_t, std::string>> errors) {
    ConnectionWatch watch;
    for (const auto& [code, reason] : errors) watch.record(code, reason);
    auto fatal = watch.fatal();
    REQUIRE(fatal.has_value());
    CHECK(fatal->kind() == ErrorKind::Unreachable);
    return fatal->hint();
}

const std::string kVerifyFailed =
    "sasl_ssl://localhost:9093/bootstrap: ../ssl/statem/statem_clnt.c:1889:"
    "tls_post_process_server_certificate error:0A000086:SSL routines::certificate verify failed";

}  // namespace

TEST_CASE("connection watch: a refused certificate gets the TLS hint, however it was reported") {
    const auto direct =
        hint_after({{RD_KAFKA_RESP_ERR__SSL, "SSL handshake failed: " + kVerifyFailed}});
    CHECK(direct.find("TLS handshake failed") != std::string::npos);
    CHECK(direct.find("security.ca-file") != std::string::npos);
    // a transport error with OpenSSL's text, then "all brokers down"
    const auto indirect =
        hint_after({{RD_KAFKA_RESP_ERR__TRANSPORT, kVerifyFailed},
                    {RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, "1/1 brokers are down"}});
    CHECK(indirect == direct);
}

TEST_CASE("connection watch: refused credentials get the SASL hint") {
    const auto hint = hint_after(
        {{RD_KAFKA_RESP_ERR__AUTHENTICATION,
          "sasl_ssl://localhost:9093/bootstrap: SASL authentication error: Authentication failed: "
          "Invalid username or password (after 301ms in state AUTH_REQ)"}});
    CHECK(hint.find("refused the credentials") != std::string::npos);
    CHECK(hint.find("security.password") != std::string::npos);
    CHECK(hint.find("$ConnectionString") != std::string::npos);
    CHECK(hint.find("SCRAM") == std::string::npos);
}

TEST_CASE("connection watch: a SCRAM refusal names librdkafka's SCRAM limit when it applies") {
    const auto hint =
        hint_after({{RD_KAFKA_RESP_ERR__AUTHENTICATION,
                     "SASL authentication error: Authentication failed during authentication due "
                     "to invalid credentials with SASL mechanism SCRAM-SHA-512"}});
    CHECK(hint.find("refused the credentials") != std::string::npos);
    if (rd_kafka_version() < 0x020601ff)
        CHECK(hint.find("librdkafka 2.6.1") != std::string::npos);
    else
        CHECK(hint.find("2.6.1") == std::string::npos);
}

TEST_CASE("connection watch: a refused TCP connection keeps the generic hint") {
    const auto hint = hint_after(
        {{RD_KAFKA_RESP_ERR__TRANSPORT,
          "127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused"},
         {RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, "1/1 brokers are down"}});
    CHECK(hint.find("check the bootstrap servers") != std::string::npos);
    CHECK(hint.find("TLS") == std::string::npos);
}
