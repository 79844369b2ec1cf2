// eventhubs-setup: creating the event hub and checking connectivity, with the profile written.
#include <cstdio>
#include <iostream>

#include "cli/diagnostics.h"
#include "commands/eventhubs_setup/run.h"
#include "core/error.h"
#include "core/eventhubs/connectivity_check.h"
#include "core/kafka/admin.h"

namespace orderctl::commands::eventhubs_setup {
namespace {

using core::Error;
using core::ErrorKind;

// A check line as it completes: the steps of a slow or failing connection show one by one.
void print_step_row(const core::eventhubs::CheckStep& step) {
    char time[32];
    std::snprintf(time, sizeof time, "%ld ms", step.elapsed_ms);
    std::printf("%-10s %-8s %9s  %s\n", step.name.c_str(), step.status.c_str(), time,
                step.detail.c_str());
    std::fflush(stdout);
}

}  // namespace

void create_event_hub(SetupRun& run) {
    const auto profile = run.eventhubs_profile();
    core::kafka::Admin admin(profile.librdkafka_properties(), run.context.client_options());
    cli::Json data = {{"name", run.event_hub}, {"partitions", run.options.partitions}};
    if (auto existing = admin.topic(run.event_hub)) {
        const int partitions = static_cast<int>(existing->partitions.size());
        data["partitions"] = partitions;
        data["action"] = "exists";
        if (partitions != run.options.partitions)
            cli::print_warning("event hub '" + run.event_hub + "' exists with " +
                               std::to_string(partitions) + " partitions, not " +
                               std::to_string(run.options.partitions) +
                               " (on Standard, partitions are fixed at creation)");
    } else {
        core::kafka::NewTopicSpec spec;
        spec.name = run.event_hub;
        spec.partitions = run.options.partitions;
        spec.replication_factor = -1;  // the service's (or broker's) default
        spec.configs["retention.ms"] =
            std::to_string(static_cast<int64_t>(run.options.retention_hours) * 3600 * 1000);
        auto results = admin.create_topics({spec}, false);
        if (results.empty() || !results[0].ok())
            throw Error(ErrorKind::Failure,
                        "cannot create event hub '" + run.event_hub +
                            "': " + (results.empty() ? "no answer" : results[0].message),
                        "the policy needs Manage rights to create hubs (RootManageSharedAccessKey "
                        "has them), and a Standard namespace holds at most 10 hubs");
        if (!admin.await_topics({{run.event_hub, run.options.partitions}}))
            cli::print_warning("created, but metadata does not show it yet");
        data["action"] = "created";
    }
    data["retention_hours"] = run.options.retention_hours;
    if (run.tables())
        cli::print_table(std::cout, {{"event hub", "partitions", "action"},
                                     {{run.event_hub, std::to_string(data["partitions"].get<int>()),
                                       data["action"].get<std::string>()}}});
    run.result["event_hub"] = data;
}

void check_connectivity(SetupRun& run) {
    const auto profile = run.eventhubs_profile();
    core::eventhubs::CheckRequest request;
    request.properties = profile.librdkafka_properties();
    request.client_options = run.context.client_options();
    request.event_hub = run.event_hub;
    request.expected_partitions = run.options.partitions;
    request.canary = run.options.canary;
    request.tier = profile.get("eventhubs.tier");
    if (run.tables()) {
        std::printf("%-10s %-8s %9s  %s\n", "STEP", "STATUS", "TIME", "DETAIL");
        std::fflush(stdout);
    }
    cli::Json steps = cli::Json::array();
    run.result["check"] = {{"bootstrap", run.bootstrap}, {"steps", steps}};
    auto on_step = [&](const core::eventhubs::CheckStep& step) {
        if (run.tables()) print_step_row(step);
        run.result["check"]["steps"].push_back({{"step", step.name},
                                                {"status", step.status},
                                                {"elapsed_ms", step.elapsed_ms},
                                                {"detail", step.detail}});
    };
    core::eventhubs::run_connectivity_check(request, on_step);
}

}  // namespace orderctl::commands::eventhubs_setup
