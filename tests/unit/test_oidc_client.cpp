// orderctl's own OIDC flow (core/oauth/token_request.h) as a Client uses it: what a client that
// cannot be made leaves behind, and the grant that workload identity posts. The flow against a
// real broker and token endpoint is tests/integration/eventhubs_entra_test.sh.
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/kafka/client.h"
#include "core/oauth/token_request.h"

using orderctl::core::Error;
using orderctl::core::ErrorKind;
using orderctl::core::Setting;
namespace kafka = orderctl::core::kafka;
namespace oauth = orderctl::core::oauth;

namespace {

std::vector<Setting> oidc_properties() {
    return {{"bootstrap.servers", "127.0.0.1:1", {}, false},
            {"security.protocol", "SASL_SSL", {}, false},
            {"sasl.mechanism", "OAUTHBEARER", {}, false},
            {"sasl.oauthbearer.method", "oidc", {}, false},
            {"sasl.oauthbearer.client.id", "app", {}, false},
            {"sasl.oauthbearer.client.secret", "s3cret", {}, true},
            {"sasl.oauthbearer.token.endpoint.url",
             "http://127.0.0.1:1/t/oauth2/v2.0/token",
             {},
             false}};
}

// Constructing the client fails with a configuration error, and leaves no registry entry.
void check_throws_and_forgets(std::vector<Setting> properties, const char* named) {
    const size_t before = kafka::registered_oidc_clients();
    try {
        kafka::Client client(kafka::ClientType::Producer, properties, {});
        FAIL("the client was made");
    } catch (const Error& error) {
        CHECK(error.kind() == ErrorKind::Config);
        CHECK(std::string(error.what()).find(named) != std::string::npos);
    }
    CHECK(kafka::registered_oidc_clients() == before);
}

}  // namespace

TEST_CASE("an OIDC client registers for the token flow, and unregisters when destroyed") {
    const size_t before = kafka::registered_oidc_clients();
    {
        kafka::Client client(kafka::ClientType::Producer, oidc_properties(), {});
        CHECK(kafka::registered_oidc_clients() == before + 1);
    }
    CHECK(kafka::registered_oidc_clients() == before);
}

TEST_CASE("an OIDC client whose constructor throws leaves no registration behind") {
    // rd_kafka_conf_set refuses the property (after the registration)
    auto unknown = oidc_properties();
    unknown.push_back({"no.such.property", "1", {}, false});
    check_throws_and_forgets(unknown, "no.such.property");
    // rd_kafka_new refuses the combination
    auto conflicting = oidc_properties();
    conflicting.push_back({"enable.idempotence", "true", {}, false});
    conflicting.push_back({"acks", "1", {}, false});
    check_throws_and_forgets(conflicting, "cannot create Kafka client");
}

TEST_CASE("workload identity posts the federated token as a client assertion, no secret") {
    auto properties = oidc_properties();
    properties.erase(properties.begin() + 5);  // no client secret
    properties.push_back({"sasl.oauthbearer.assertion.file", "/var/run/token", {}, false});
    const auto request = oauth::oidc_request(properties);
    REQUIRE(request.has_value());
    CHECK(request->assertion_file == "/var/run/token");
    CHECK(oauth::is_oidc_property("sasl.oauthbearer.assertion.file"));
    const std::string form = oauth::grant_form(*request, "eyJ.a+b/c");
    CHECK(form ==
          "grant_type=client_credentials&client_id=app&client_assertion_type=urn%3Aietf%3Aparams"
          "%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=eyJ.a%2Bb%2Fc");
    // without an assertion file, the secret is the proof (and then it must be there)
    auto with_secret = oidc_properties();
    CHECK(oauth::grant_form(*oauth::oidc_request(with_secret), "") ==
          "grant_type=client_credentials&client_id=app&client_secret=s3cret");
    with_secret.erase(with_secret.begin() + 5);
    CHECK_THROWS_AS(oauth::oidc_request(with_secret), Error);
}

TEST_CASE("the federated token file is read anew at each request, and must hold a token") {
    const std::string path = "test_oidc_client.federated-token";
    std::ofstream(path) << "first-token\n";
    CHECK(oauth::read_assertion(path) == "first-token");
    std::ofstream(path) << "rotated-token";
    CHECK(oauth::read_assertion(path) == "rotated-token");
    std::ofstream(path) << "  \n";
    CHECK_THROWS_WITH_AS(oauth::read_assertion(path), doctest::Contains("it is empty"), Error);
    std::remove(path.c_str());
    try {
        oauth::read_assertion(path);
        FAIL("read a missing file");
    } catch (const Error& error) {
        CHECK(error.kind() == ErrorKind::Config);
        CHECK(std::string(error.what()).find("No such file") != std::string::npos);
    }
}
