// `orderctl produce`: the order service. Streams JSONL orders into the orders topic, keyed by
// order id, and accounts for every input line: delivered, rejected, failed or not sent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"

namespace orderctl::commands {

// What an input line is (--format): an order (validated, keyed by --key-field, with the order
// headers), consume's record envelope (copied as it is), a raw value (no key), or KEY SEP VALUE.
enum class InputFormat { Order, Envelope, Raw, KeyValue };

struct ProduceOptions {
    std::vector<std::string> files;  // "-" or none: stdin
    std::string topic;               // default: the profile's orders topic
    std::string key_field = "order_id";
    std::vector<std::string> headers;  // -H key=value
    std::optional<int32_t> partition;
    std::string report;               // --report FILE|-
    std::string on_invalid = "fail";  // fail | skip | dlq
    std::string dlq_topic;            // default: <topic>.dlq
    bool dry_run = false;
    double rate = 0;  // orders per second; 0: unlimited
    std::optional<uint64_t> generate;
    uint64_t seed = 1;
    bool transactional = false;
    // --transactional: a transaction commits after this many lines or this many seconds,
    // whichever comes first, so a pipe that never ends still commits, and the outcomes held
    // until a commit stay bounded.
    uint64_t transaction_lines = 10000;
    double transaction_interval = 1.0;
    InputFormat format = InputFormat::Order;  // --format; --envelope is --format envelope
    std::string key_separator;                // --format kv: the key ends at its first one
    bool repartition =
        false;  // --format envelope: ignore the envelope partition, let the key decide
    double flush_timeout = 30;  // seconds to wait for in-flight records at the end or on Ctrl-C
    size_t max_line_bytes = 1000000;
};

void setup_produce(CLI::App& command, cli::Context& context, cli::Action& action);
int run_produce(cli::Context& context, const ProduceOptions& options);

}  // namespace orderctl::commands
