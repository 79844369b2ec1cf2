// Connects produce's producer and checks, before any input is read, that the run can work:
// the cluster answers, the topic (and dead-letter topic) exist, --partition is one of the
// topic's, and transactions start under --transactional.
#pragma once

#include <memory>

#include "cli/context.h"
#include "commands/produce/produce.h"
#include "commands/produce/settings.h"
#include "core/kafka/producer.h"

namespace orderctl::commands {

// nullptr under --dry-run: nothing is sent. `on_delivery` receives every record's report.
std::unique_ptr<core::kafka::Producer> connect_producer(
    cli::Context& context, const ProduceOptions& options, const ProduceTarget& target,
    core::kafka::Producer::DeliveryHandler on_delivery);

}  // namespace orderctl::commands
