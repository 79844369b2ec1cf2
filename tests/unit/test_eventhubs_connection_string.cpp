// Event Hubs connection strings: the good shapes parse, every malformed variant is named, and
// no message ever holds the key.
#include <doctest/doctest.h>

#include <string>

#include "core/error.h"
#include "core/eventhubs/connection_string.h"

using orderctl::core::Error;
using orderctl::core::ErrorKind;
using orderctl::core::eventhubs::parse_connection_string;

namespace {

const std::string kKey = "k3y+Secret/Value0123456789abcdefghijklmnopq=";
const std::string kGood =
    "Endpoint=sb://orders-prod.servicebus.windows.net/"
    ";SharedAccessKeyName=RootManageSharedAccessKey;"
    "SharedAccessKey=" +
    kKey;

// The message of the Usage error parsing `text` throws; fails the test if it does not throw or
// if the message or hint holds the key.
std::string problem_of(const std::string& text) {
    try {
        parse_connection_string(text);
    } catch (const Error& error) {
        CHECK(error.kind() == ErrorKind::Usage);
        const std::string all = std::string(error.what()) + "\n" + error.hint();
        CHECK(all.find(kKey) == std::string::npos);
        CHECK(all.find("Secret") == std::string::npos);
        return error.what();
    }
    FAIL("no error for: " << text);
    return "";
}

bool mentions(const std::string& message, const std::string& part) {
    INFO(message);
    return message.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a namespace-level connection string parses into its parts") {
    auto parsed = parse_connection_string(kGood);
    CHECK(parsed.namespace_name == "orders-prod");
    CHECK(parsed.domain == "servicebus.windows.net");
    CHECK(parsed.key_name == "RootManageSharedAccessKey");
    CHECK(parsed.key == kKey);
    CHECK_FALSE(parsed.entity_path.has_value());
    CHECK(parsed.kafka_bootstrap() == "orders-prod.servicebus.windows.net:9093");
}

TEST_CASE("EntityPath, a final ';', surrounding whitespace and key case are accepted") {
    auto parsed = parse_connection_string("  " + kGood + ";EntityPath=orders;\n");
    REQUIRE(parsed.entity_path.has_value());
    CHECK(*parsed.entity_path == "orders");
    auto lower = parse_connection_string(
        "endpoint=sb://orders-prod.servicebus.windows.net/;sharedaccesskeyname=p;"
        "sharedaccesskey=" +
        kKey);
    CHECK(lower.key_name == "p");
    auto no_slash = parse_connection_string(
        "Endpoint=sb://Orders-Prod.servicebus.windows.net;SharedAccessKeyName=p;SharedAccessKey=x");
    CHECK(no_slash.namespace_name == "orders-prod");
}

TEST_CASE("sovereign clouds keep their own domain") {
    for (const std::string domain :
         {"servicebus.usgovcloudapi.net", "servicebus.chinacloudapi.cn"}) {
        auto parsed = parse_connection_string("Endpoint=sb://orders-prod." + domain +
                                              "/;SharedAccessKeyName=p;SharedAccessKey=" + kKey);
        CHECK(parsed.domain == domain);
        CHECK(parsed.kafka_bootstrap() == "orders-prod." + domain + ":9093");
    }
}

TEST_CASE("every malformed connection string is named") {
    const std::string endpoint = "Endpoint=sb://orders-prod.servicebus.windows.net/";
    const std::string name = ";SharedAccessKeyName=RootManageSharedAccessKey";
    const std::string key = ";SharedAccessKey=" + kKey;
    CHECK(mentions(problem_of(""), "empty"));
    CHECK(mentions(problem_of("   \n"), "empty"));
    CHECK(mentions(problem_of("'" + kGood + "'"), "quotes"));
    CHECK(mentions(problem_of(endpoint + ";justtext" + name + key), "part 2 has no '='"));
    CHECK(mentions(problem_of(endpoint + ";=" + kKey), "no key before '='"));
    CHECK(mentions(problem_of(name + key), "Endpoint is missing"));
    CHECK(mentions(problem_of(endpoint + key), "SharedAccessKeyName is missing"));
    CHECK(mentions(problem_of(endpoint + name), "SharedAccessKey is missing"));
    CHECK(mentions(problem_of(endpoint + name + ";SharedAccessKey="), "SharedAccessKey is empty"));
    CHECK(mentions(problem_of("Endpoint=" + name + key), "Endpoint is empty"));
    CHECK(mentions(problem_of(endpoint + name + key + key), "SharedAccessKey appears twice"));
    CHECK(mentions(problem_of(endpoint + name + key + ";sharedaccesskey=other"),
                   "SharedAccessKey appears twice"));
    CHECK(mentions(problem_of(endpoint + name + key + ";EntityPath="), "EntityPath is empty"));
    CHECK(mentions(problem_of(endpoint + name + key + ";EntityPath=-bad-"),
                   "EntityPath is not a valid event hub name"));
    CHECK(mentions(problem_of("Endpoint=https://orders-prod.servicebus.windows.net/" + name + key),
                   "scheme 'https'"));
    CHECK(mentions(problem_of("Endpoint=orders-prod.servicebus.windows.net" + name + key),
                   "no scheme"));
    CHECK(mentions(problem_of("Endpoint=sb://orders-prod.example.com/" + name + key),
                   "not in a Service Bus domain"));
    CHECK(mentions(problem_of("Endpoint=sb://servicebus.windows.net/" + name + key),
                   "not in a Service Bus domain"));
    CHECK(
        mentions(problem_of("Endpoint=sb://orders-prod.servicebus.windows.net/orders" + name + key),
                 "path after the host"));
    CHECK(mentions(
        problem_of("Endpoint=sb://orders-prod.servicebus.windows.net:5671/" + name + key), "port"));
    CHECK(mentions(problem_of("Endpoint=sb:///" + name + key), "no host"));
    CHECK(mentions(problem_of("Endpoint=sb://ab.servicebus.windows.net/" + name + key),
                   "namespace name"));
    CHECK(mentions(problem_of("Endpoint=sb://1orders.servicebus.windows.net/" + name + key),
                   "namespace name"));
    CHECK(mentions(problem_of(endpoint + name +
                              ";SharedAccessSignature=SharedAccessSignature sr=x&sig=" + kKey),
                   "SharedAccessSignature"));
    CHECK(mentions(problem_of(endpoint + name + key + ";TransportType=Amqp"),
                   "unknown key 'TransportType'"));
    CHECK(mentions(problem_of(endpoint + ";SharedAccessKeyName=bad name" + key),
                   "SharedAccessKeyName is not a policy name"));
}

TEST_CASE("a near miss of a key name gets a suggestion, pasted data is not echoed") {
    try {
        parse_connection_string(kGood + ";EntityPth=orders");
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(std::string(error.hint()) == "did you mean 'EntityPath'?");
    }
    // A part whose key looks like data (the key pasted in the wrong place) is not echoed.
    const std::string message = problem_of("Endpoint=sb://orders-prod.servicebus.windows.net/;" +
                                           kKey + "=x;SharedAccessKeyName=p");
    CHECK(mentions(message, "part 2 has an unknown key"));
}
