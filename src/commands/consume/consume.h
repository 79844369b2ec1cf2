// `orderctl consume`: a plain consumer for one-liners, printing each record as an envelope
// line that `produce --envelope` reads back. With --group it commits only what it has written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"

namespace orderctl::commands {

struct ConsumeOptions {
    std::string topic;              // default: the profile's orders topic
    std::string group;              // empty: no group, no commits
    std::string from = "earliest";  // earliest | latest | OFFSET | @RFC3339 | @-DURATION
    std::optional<int32_t> partition;
    std::optional<uint64_t> max;
    std::string until;                 // "" | end | @RFC3339 | @-DURATION
    double idle_timeout = 0;           // seconds without records before stopping; 0: never
    std::vector<std::string> filters;  // key=GLOB | header:NAME=GLOB
    std::string format;                // a kcat -f style template instead of the envelope
    std::string role;                  // inventory | payment | fulfillment: run that service
    std::string catalog;               // inventory: file of known SKUs
    std::string limit;                 // payment: decline above this amount
    bool exactly_once = false;  // role services: outcome and offset commit in one transaction
    std::string exec;           // role services: a user's handler command instead of the built-in
    double exec_timeout = 10;   // seconds for one answer of the --exec handler
    unsigned retries = 3;       // further attempts after a failed handler call
    std::string metrics;        // role services: HOST:PORT of a Prometheus endpoint
};

void setup_consume(CLI::App& command, cli::Context& context, cli::Action& action);
int run_consume(cli::Context& context, const ConsumeOptions& options);

}  // namespace orderctl::commands
