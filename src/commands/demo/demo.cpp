#include "commands/demo/demo.h"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/number_checks.h"
#include "cli/signals.h"
#include "commands/consume/consume.h"
#include "commands/consume/role.h"
#include "commands/demo/render.h"
#include "commands/produce/produce.h"
#include "core/devbroker/demo_walkthrough.h"
#include "core/devbroker/dev_broker.h"
#include "core/error.h"
#include "core/kafka/admin.h"
#include "example_orders.h"

namespace orderctl::commands {
namespace {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorKind;

struct DemoOptions {
    std::string input;  // "": the example orders built into the binary
    std::string order = "12345";
    int partitions = 6;
};

// A private scratch directory for the orders file and produce's report.
class ScratchDir {
  public:
    ScratchDir() {
        std::string pattern = (fs::temp_directory_path() / "orderctl-demo.XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw Error(ErrorKind::Failure, "cannot create a temporary directory");
        path_ = pattern;
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    fs::path path() const { return path_; }

  private:
    fs::path path_;
};

const char* const kRoles[] = {"inventory", "payment", "fulfillment"};

int run_demo(cli::Context& context, const DemoOptions& options) {
    cli::install_interrupt_handlers();
    ScratchDir scratch;
    std::string input = options.input;
    if (input.empty()) {
        input = (scratch.path() / "orders.jsonl").string();
        std::ofstream(input, std::ios::binary) << generated::kExampleOrders;
    } else if (!fs::is_regular_file(input)) {
        throw Error(ErrorKind::Usage, "--input: '" + options.input + "' is not a file");
    }

    core::DevBroker broker(1);
    const std::string bootstrap = broker.bootstrap_servers();
    cli::Context pipeline;
    pipeline.options = context.options;
    // The services' own output stays off stdout: the demo prints its own result.
    pipeline.set_output_format(cli::OutputFormat::None);
    pipeline.options.bootstrap_servers = bootstrap;
    pipeline.options.librdkafka_overrides.clear();
    pipeline.use_profile(core::demo_profile(bootstrap));
    const auto& profile = pipeline.profile();
    const std::string orders = profile.orders_topic();
    std::vector<std::string> topics = {orders, orders + ".dlq"};
    for (const char* role : kRoles) topics.push_back(profile.role_output_topic(role));
    for (const auto& topic : topics) broker.create_topic(topic, options.partitions);
    cli::print_note("demo: a dev cluster in this process at " + bootstrap + ", topic " + orders +
                    " with " + std::to_string(options.partitions) + " partitions");

    cli::print_note("demo: the order service publishes " +
                    (options.input.empty() ? std::string("the example orders") : input));
    ProduceOptions produce;
    produce.files = {input};
    produce.report = (scratch.path() / "report.jsonl").string();
    produce.on_invalid = "dlq";
    if (int code = run_produce(pipeline, produce); code != cli::kExitOk) return code;

    for (const char* role : kRoles) {
        cli::print_note(std::string("demo: the ") + role + " service processes every order");
        ConsumeOptions consume;
        consume.role = role;
        consume.until = "end";
        if (int code = run_role_service(pipeline, consume); code != cli::kExitOk) return code;
    }

    DemoResult result;
    result.bootstrap_servers = bootstrap;
    result.orders_topic = orders;
    result.partitions = options.partitions;
    result.order_id = options.order;
    result.placement = core::find_in_report(produce.report, options.order);
    const auto properties = profile.librdkafka_properties();
    for (const char* role : kRoles) {
        RoleResult entry{role, profile.role_group(role), profile.role_output_topic(role), {}};
        entry.outcomes = core::read_values_with_key(properties, pipeline.client_options(),
                                                    entry.output_topic, options.order);
        result.roles.push_back(std::move(entry));
    }
    core::kafka::Admin admin(properties, pipeline.client_options());
    for (const char* role : kRoles)
        result.groups.push_back(core::group_standing(admin, properties, pipeline.client_options(),
                                                     profile.role_group(role), orders));
    print_demo(context.output_format(), result);
    if (!result.placement) cli::print_warning("order " + options.order + " is not in " + input);
    return cli::interrupted() ? cli::kExitInterrupted : cli::kExitOk;
}

}  // namespace

void setup_demo(CLI::App& command, cli::Context& context, cli::Action& action) {
    auto options = std::make_shared<DemoOptions>();
    command
        .add_option("--input", options->input,
                    "Orders to publish (JSONL; default: the example orders built in)")
        ->check(CLI::ExistingFile);
    command.add_option("--order", options->order, "The order to follow (default: 12345)");
    command.add_option("--partitions", options->partitions, "Partitions of each topic")
        ->transform(cli::whole_number(1, 256));
    command.footer(
        "Runs everything in this process on a dev cluster (librdkafka's mock cluster) that "
        "exists only while the demo runs; no profile, no broker and no other process needed.");
    command.callback([&context, &action, options] {
        action = [&context, options] { return run_demo(context, *options); };
    });
}

}  // namespace orderctl::commands
