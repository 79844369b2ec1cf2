#include "commands/broker.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/number_checks.h"
#include "cli/output.h"
#include "cli/signals.h"
#include "core/devbroker/dev_broker.h"
#include "core/devbroker/registry.h"

namespace orderctl::commands {
namespace {

struct BrokerOptions {
    int brokers = 1;
    int partitions = 6;
};

void print_started(cli::OutputFormat format, const std::string& bootstrap,
                   const BrokerOptions& options, const std::vector<std::string>& topics) {
    if (format == cli::OutputFormat::Table || format == cli::OutputFormat::None) {
        std::cout << bootstrap << std::endl;
        return;
    }
    cli::Json listed = cli::Json::array();
    for (const auto& topic : topics)
        listed.push_back({{"name", topic}, {"partitions", options.partitions}});
    listed.push_back({{"name", "orderctl-smoke"}, {"partitions", 1}});
    cli::print_result(
        format,
        {{"bootstrap_servers", bootstrap}, {"brokers", options.brokers}, {"topics", listed}}, {});
}

int run_broker(cli::Context& context, const BrokerOptions& options) {
    cli::install_interrupt_handlers();
    core::DevBroker broker(options.brokers);
    // The pipeline's topics, named as the profile names them.
    const auto& profile = context.profile();
    std::vector<std::string> topics = {profile.orders_topic(), profile.orders_topic() + ".dlq"};
    for (const char* role : {"inventory", "payment", "fulfillment"})
        topics.push_back(profile.role_output_topic(role));
    for (const auto& topic : topics) broker.create_topic(topic, options.partitions);
    // `orderctl smoke`'s default topic: the dev broker cannot create topics on request.
    broker.create_topic("orderctl-smoke", 1);

    // The address is the data: the first line on stdout, for scripts to read; -o json, yaml
    // and jsonl give it with the topics as one document.
    print_started(context.output_format(), broker.bootstrap_servers(), options, topics);
    cli::print_note("dev broker: " + std::to_string(options.brokers) + " broker(s) at " +
                    broker.bootstrap_servers() + "; topics:");
    for (const auto& topic : topics)
        cli::print_note("  " + topic + " (" + std::to_string(options.partitions) + " partitions)");
    cli::print_note("  orderctl-smoke (1 partition)");
    cli::print_note(
        "in memory, at most 5 MiB or 100,000 batches kept per partition, no admin calls "
        "(create/delete topics, configs, group descriptions); Ctrl-C stops it");
    // Other commands with no profiles file and no -b find this broker through the file.
    core::DevBrokerAnnouncement announcement(core::process_environment(),
                                             broker.bootstrap_servers());
    if (announcement.path().empty())
        cli::print_warning("other commands will not find this broker by themselves (" +
                           announcement.problem() + "); pass -b " + broker.bootstrap_servers());
    else
        cli::print_note("announced in " + announcement.path() +
                        ": commands with no profiles file and no -b use this broker");
    while (!cli::interrupted()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cli::print_note("dev broker stopped");
    return cli::kExitInterrupted;
}

}  // namespace

void setup_broker(CLI::App& command, cli::Context& context, cli::Action& action) {
    auto options = std::make_shared<BrokerOptions>();
    command.add_option("--brokers", options->brokers, "Number of brokers")
        ->transform(cli::whole_number(1, 9));
    command.add_option("--partitions", options->partitions, "Partitions of each topic")
        ->transform(cli::whole_number(1, 256));
    command.footer(
        "The dev broker is librdkafka's mock cluster: in memory (gone when it stops), at most "
        "5 MiB or 100,000 message batches kept per partition, and no admin or group-description "
        "calls (topics are created at start; topics create/alter/delete and topic configs are "
        "unsupported; offsets shows no group state or owners). While it runs, commands with no "
        "profiles file, no -b and no ORDERCTL_BOOTSTRAP_SERVERS use it.");
    command.callback([&context, &action, options] {
        action = [&context, options] { return run_broker(context, *options); };
    });
}

}  // namespace orderctl::commands
