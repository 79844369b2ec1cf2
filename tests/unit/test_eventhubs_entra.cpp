// Microsoft Entra ID sign-in: where the token comes from (login host per Azure cloud, scope),
// the profile eventhubs-setup --auth entra writes, the token response orderctl reads, the hint
// per Entra error code, and the az role assignments.
#include <doctest/doctest.h>

#include "core/error.h"
#include "core/eventhubs/az_script.h"
#include "core/eventhubs/entra_login.h"
#include "core/eventhubs/profile_writer.h"
#include "core/oauth/token_request.h"
#include "test_profile_fixture.h"

using namespace orderctl::core;
using namespace orderctl::core::eventhubs;
using profile_test::TempDir;

namespace {

// base64url of a JSON payload, as a JWT carries it (no padding).
std::string base64url(const std::string& text) {
    static const char* alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    unsigned value = 0;
    int bits = 0;
    for (unsigned char c : text) {
        value = (value << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(value >> bits) & 63];
        }
    }
    if (bits > 0) out += alphabet[(value << (6 - bits)) & 63];
    return out;
}

}  // namespace

TEST_CASE("the login host follows the namespace's Azure cloud") {
    CHECK(namespace_host("orders-ns") == "orders-ns.servicebus.windows.net");
    CHECK(namespace_host("Orders-NS.servicebus.usgovcloudapi.net") ==
          "orders-ns.servicebus.usgovcloudapi.net");
    CHECK(token_endpoint("ns.servicebus.windows.net", "contoso.onmicrosoft.com") ==
          "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
    CHECK(login_host("ns.servicebus.usgovcloudapi.net") == "login.microsoftonline.us");
    CHECK(login_host("ns.servicebus.chinacloudapi.cn") == "login.chinacloudapi.cn");
    CHECK(token_scope("ns.servicebus.windows.net") == "https://ns.servicebus.windows.net/.default");
    CHECK(oauth::audience_of_scope("https://ns.servicebus.windows.net/.default") ==
          "https://ns.servicebus.windows.net");
}

TEST_CASE("the Entra profile signs in with OAUTHBEARER, the secret by reference only") {
    EventHubsProfile p;
    p.bootstrap = "ns.servicebus.windows.net:9093";
    p.tier = "Standard";
    p.entra =
        EntraSignIn{"app-id", "MY_SECRET", "https://login.microsoftonline.com/t/oauth2/v2.0/token",
                    "https://ns.servicebus.windows.net/.default"};
    std::string text = "profiles:\n";
    for (const auto& line : profile_block(p, 2, 2)) text += line + "\n";
    CHECK(text.find("sasl-mechanism: OAUTHBEARER") != std::string::npos);
    CHECK(text.find("$ConnectionString") == std::string::npos);
    CHECK(text.find("sasl.oauthbearer.client.secret: {env: MY_SECRET}") != std::string::npos);

    TempDir dir;
    const auto resolved =
        profile_test::resolve_file(dir.write("p.yaml", text), {{"MY_SECRET", "s3"}}, [] {
            ProfileRequest r;
            r.profile_name = "eventhubs";
            return r;
        }());
    CHECK(resolved.get("eventhubs.tier") == "Standard");
    const auto request = oauth::oidc_request(resolved.librdkafka_properties());
    REQUIRE(request.has_value());
    CHECK(request->client_id == "app-id");
    CHECK(request->client_secret == "s3");
    CHECK(request->scope == "https://ns.servicebus.windows.net/.default");
    CHECK(oauth::is_oidc_property("sasl.oauthbearer.token.endpoint.url"));
    CHECK_FALSE(oauth::is_oidc_property("sasl.mechanism"));
}

TEST_CASE("a workload identity profile reads the federated token file, and holds no secret") {
    EventHubsProfile p;
    p.bootstrap = "ns.servicebus.windows.net:9093";
    p.tier = "Standard";
    p.entra =
        EntraSignIn{"app-id", "MY_SECRET", "https://login.microsoftonline.com/t/oauth2/v2.0/token",
                    "https://ns.servicebus.windows.net/.default", true};
    std::string text = "profiles:\n";
    for (const auto& line : profile_block(p, 2, 2)) text += line + "\n";
    CHECK(text.find("sasl.oauthbearer.assertion.file: ${AZURE_FEDERATED_TOKEN_FILE}") !=
          std::string::npos);
    CHECK(text.find("client.secret") == std::string::npos);

    TempDir dir;
    const auto resolved = profile_test::resolve_file(
        dir.write("p.yaml", text), {{"AZURE_FEDERATED_TOKEN_FILE", "/var/run/token"}}, [] {
            ProfileRequest r;
            r.profile_name = "eventhubs";
            return r;
        }());
    const auto request = oauth::oidc_request(resolved.librdkafka_properties());
    REQUIRE(request.has_value());
    CHECK(request->assertion_file == "/var/run/token");
    CHECK(request->client_secret.empty());
}

TEST_CASE("oidc without its secret is a profile error naming the property") {
    std::vector<Setting> properties = {
        {"sasl.oauthbearer.method", "oidc", {}, false},
        {"sasl.oauthbearer.client.id", "c", {}, false},
        {"sasl.oauthbearer.token.endpoint.url", "http://x", {}, false}};
    try {
        oauth::oidc_request(properties);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.kind() == ErrorKind::Config);
        CHECK(std::string(error.what()).find("sasl.oauthbearer.client.secret") !=
              std::string::npos);
    }
    properties[0].value = "default";
    CHECK_FALSE(oauth::oidc_request(properties).has_value());
}

TEST_CASE("a JWT's subject, expiry and audience are read from its payload") {
    const std::string jwt = base64url(R"({"alg":"RS256"})") + "." +
                            base64url(R"({"sub":"sp-1","exp":1800000000,"aud":"https://ns"})") +
                            ".sig";
    const auto token = oauth::decode_jwt(jwt, "fallback");
    CHECK(token.principal == "sp-1");
    CHECK(token.expires_at_ms == 1800000000000LL);
    REQUIRE(token.audience.size() == 1);
    CHECK(token.audience[0] == "https://ns");
    CHECK(oauth::decode_jwt(base64url("{}") + "." + base64url(R"({"aud":["a","b"]})") + ".s", "f")
              .principal == "f");
    CHECK_THROWS_AS(oauth::decode_jwt("not-a-jwt", "f"), Error);
}

TEST_CASE("each Entra refusal gets the hint that names the mistake") {
    const auto hint = [](const std::string& code) {
        return oauth::refusal_hint(R"({"error":"x","error_description":")" + code +
                                   R"(: text","error_codes":[1]})");
    };
    CHECK(hint("AADSTS90002").find("wrong tenant") != std::string::npos);
    CHECK(hint("AADSTS900023").find("wrong tenant") != std::string::npos);
    CHECK(hint("AADSTS7000215").find("wrong client secret") != std::string::npos);
    CHECK(hint("AADSTS7000222").find("expired") != std::string::npos);
    CHECK(hint("AADSTS70011").find("wrong scope") != std::string::npos);
    CHECK(hint("AADSTS500011").find("wrong scope") != std::string::npos);
    CHECK(hint("AADSTS700016").find("client id") != std::string::npos);
    CHECK(oauth::refusal_hint(R"({"error":"invalid_client"})").find("client id or secret") !=
          std::string::npos);
    CHECK(oauth::refusal_hint(R"({"error":"invalid_scope"})").find("wrong scope") !=
          std::string::npos);
}

TEST_CASE("--emit az with Entra grants the data roles on the hub, no policy") {
    AzPlan plan;
    plan.resource_group = "rg";
    plan.location = "westeurope";
    plan.namespace_name = "ns";
    plan.role_assignee = "app-id";
    const std::string script = az_script(plan);
    CHECK(script.find("--role \"Azure Event Hubs Data Sender\" --scope \"$HUB_ID\"") !=
          std::string::npos);
    CHECK(script.find("--role \"Azure Event Hubs Data Receiver\"") != std::string::npos);
    CHECK(script.find("authorization-rule create") == std::string::npos);
}
