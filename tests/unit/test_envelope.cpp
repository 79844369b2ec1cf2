// The record envelope reader: encodings, nulls, headers and the errors users see.
#include <doctest/doctest.h>

#include "core/record/envelope.h"
#include "core/record/envelope_writer.h"

using namespace orderctl::core;

TEST_CASE("JSON values keep their exact text") {
    EnvelopeReader reader;
    EnvelopeRecord record;
    REQUIRE_FALSE(reader.parse(R"({"key":"k","value":{"a": 1.50,  "b":[]}})", record));
    CHECK(*record.key == "k");
    CHECK(*record.value == R"({"a": 1.50,  "b":[]})");
}

TEST_CASE("text, base64 and null are distinct") {
    EnvelopeReader reader;
    EnvelopeRecord record;
    REQUIRE_FALSE(reader.parse(R"({"key":null,"value":"a\nb"})", record));
    CHECK_FALSE(record.key.has_value());
    CHECK(*record.value == "a\nb");
    REQUIRE_FALSE(reader.parse(R"({"key":"","value":"AP8=","value_encoding":"base64"})", record));
    CHECK(*record.key == "");
    CHECK(*record.value == std::string("\0\xff", 2));
    REQUIRE_FALSE(reader.parse(R"({"value":null})", record));
    CHECK_FALSE(record.value.has_value());
    REQUIRE_FALSE(reader.parse(R"({"value":"\"quoted\"","value_encoding":"json"})", record));
    CHECK(*record.value == R"("\"quoted\"")");
}

TEST_CASE("headers, partition and timestamp") {
    EnvelopeReader reader;
    EnvelopeRecord record;
    REQUIRE_FALSE(reader.parse(
        R"({"value":1,"headers":[["a","x"],["b","AAE=","base64"],["c",null]],"partition":3,"timestamp":1700000000000})",
        record));
    REQUIRE(record.headers.size() == 3);
    CHECK(record.headers[1].second == std::string("\0\x01", 2));
    CHECK(record.headers[2].second.empty());
    CHECK(*record.partition == 3);
    CHECK(*record.timestamp_ms == 1700000000000);
}

TEST_CASE("bad envelopes say what is wrong") {
    EnvelopeReader reader;
    EnvelopeRecord record;
    auto problem = [&](const char* line) { return reader.parse(line, record).value_or("ok"); };
    CHECK(problem("[1]") == "an envelope must be a JSON object");
    CHECK(problem("{\"key\":\"k\"}").find("needs a 'value'") != std::string::npos);
    CHECK(problem("{\"value\":\"%%\",\"value_encoding\":\"base64\"}").find("base64") !=
          std::string::npos);
    CHECK(problem("{\"value\":1,\"value_encoding\":\"text\"}").find("must be a string") !=
          std::string::npos);
    CHECK(problem("{\"value\":1,\"partition\":-1}").find("partition") != std::string::npos);
    CHECK(problem("{\"value\":1,\"headers\":[[\"a\"]]}").find("header") != std::string::npos);
    CHECK(problem("{\"value\":") != "ok");
}

TEST_CASE("base64 round trip and rejection") {
    for (std::string bytes : {std::string(), std::string("f"), std::string("fo"),
                              std::string("foo"), std::string("\0\xff\x10", 3)}) {
        CHECK(decode_base64(encode_base64(bytes)) == bytes);
    }
    CHECK_FALSE(decode_base64("abc"));
    CHECK_FALSE(decode_base64("a=bc"));
    CHECK_FALSE(decode_base64("ab!c"));
}

TEST_CASE("the writer keeps the bytes: a value 'null' is not a tombstone, keys stay text") {
    EnvelopeWriter writer;
    EnvelopeReader reader;
    for (std::string value :
         {std::string("null"), std::string("{\"a\": 1}"), std::string("12"), std::string(" 1"),
          std::string("a\nb"), std::string("\xff\x00", 2), std::string("\"s\"")}) {
        ConsumedRecord record;
        record.topic = "t";
        record.key = std::string_view("12345");
        record.value = value;
        std::string line;
        writer.append(record, line);
        CHECK(line.find("\"key\":\"12345\"") != std::string::npos);
        EnvelopeRecord back;
        REQUIRE_FALSE(reader.parse(std::string_view(line).substr(0, line.size() - 1), back));
        CHECK(back.value == value);
        CHECK(back.key == std::optional<std::string>("12345"));
    }
}
