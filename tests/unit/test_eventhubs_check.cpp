// Which layer a failed TLS+SASL+metadata attempt broke, from librdkafka's code and reason.
#include <doctest/doctest.h>

#include "core/eventhubs/connectivity_check.h"

using orderctl::core::eventhubs::classify_handshake_failure;
using orderctl::core::eventhubs::HandshakeFailure;

TEST_CASE("librdkafka's codes name the layer") {
    CHECK(classify_handshake_failure(RD_KAFKA_RESP_ERR__SSL, "") == HandshakeFailure::Tls);
    CHECK(classify_handshake_failure(RD_KAFKA_RESP_ERR__AUTHENTICATION, "") ==
          HandshakeFailure::Sasl);
    CHECK(classify_handshake_failure(RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, "") ==
          HandshakeFailure::Sasl);
}

TEST_CASE("after 'all brokers down', the reason text names the layer") {
    const auto down = RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN;
    CHECK(classify_handshake_failure(
              down,
              "sasl_ssl://h:9093/bootstrap: SSL handshake failed: error:0A000086:SSL "
              "routines::certificate verify failed") == HandshakeFailure::Tls);
    CHECK(classify_handshake_failure(
              down,
              "sasl_ssl://h:9093/bootstrap: SASL authentication error: Authentication "
              "failed: Invalid username or password") == HandshakeFailure::Sasl);
    CHECK(classify_handshake_failure(down, "Connection refused") == HandshakeFailure::Other);
    CHECK(classify_handshake_failure(std::nullopt, "") == HandshakeFailure::Other);
}
