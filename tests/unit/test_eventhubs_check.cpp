// Which layer a failed TLS+SASL+metadata attempt broke (the check's TLS and SASL steps), from
// librdkafka's code and reason.
#include <doctest/doctest.h>

#include "core/kafka/client.h"

using orderctl::core::kafka::failed_layer;
using orderctl::core::kafka::FailedLayer;

TEST_CASE("librdkafka's codes name the layer") {
    CHECK(failed_layer(RD_KAFKA_RESP_ERR__SSL, "") == FailedLayer::Tls);
    CHECK(failed_layer(RD_KAFKA_RESP_ERR__AUTHENTICATION, "") == FailedLayer::Sasl);
    CHECK(failed_layer(RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, "") == FailedLayer::Sasl);
}

TEST_CASE("after 'all brokers down', the reason text names the layer") {
    const auto down = RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN;
    CHECK(failed_layer(down,
                       "sasl_ssl://h:9093/bootstrap: SSL handshake failed: error:0A000086:SSL "
                       "routines::certificate verify failed") == FailedLayer::Tls);
    CHECK(failed_layer(down,
                       "sasl_ssl://h:9093/bootstrap: SASL authentication error: Authentication "
                       "failed: Invalid username or password") == FailedLayer::Sasl);
    CHECK(failed_layer(down, "Connection refused") == FailedLayer::Other);
    CHECK(failed_layer(RD_KAFKA_RESP_ERR_NO_ERROR, "") == FailedLayer::Other);
}
