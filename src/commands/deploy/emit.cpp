#include "commands/deploy/emit.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/number_checks.h"
#include "core/deploy/k8s_manifests.h"
#include "core/error.h"

namespace orderctl::commands {
namespace {

struct DeployOptions {
    std::string emit;
    core::deploy::RoleDeploymentRequest request;
};

int run_deploy(cli::Context& context, const DeployOptions& options) {
    // Manifests are YAML for kubectl: cli/output_modes.cpp refuses any other -o.
    auto manifests = core::deploy::role_manifests(context.profile(), options.request);
    std::cout << manifests.yaml;
    std::cout.flush();
    for (const auto& note : manifests.notes) cli::print_note(note);
    return cli::kExitOk;
}

}  // namespace

void setup_deploy(CLI::App& command, cli::Context& context, cli::Action& action) {
    auto o = std::make_shared<DeployOptions>();
    auto& request = o->request;
    command.add_option("--emit", o->emit, "What to write: k8s (Kubernetes and KEDA manifests)")
        ->required()
        ->check(CLI::IsMember({"k8s"}));
    command.add_option("--role", request.role, "The role service to deploy")
        ->required()
        ->check(CLI::IsMember({"inventory", "payment", "fulfillment"}));
    command.add_option("--image", request.image, "Container image with orderctl on its PATH")
        ->required();
    command
        .add_option("--lag-threshold", request.lag_threshold,
                    "KEDA's lagThreshold: records of lag per instance (default 10)")
        ->transform(cli::whole_number(1));
    command
        .add_option("--activation-lag-threshold", request.activation_lag_threshold,
                    "KEDA's activationLagThreshold (default 0)")
        ->transform(cli::whole_number(0));
    command
        .add_option("--min-instances", request.min_instances,
                    "KEDA's minReplicaCount (default 0: scale to zero when caught up)")
        ->transform(cli::whole_number(0));
    command
        .add_option("--max-instances", request.max_instances,
                    "KEDA's maxReplicaCount (default: the profile's topics.partitions)")
        ->transform(cli::whole_number(1));
    command
        .add_option("--offset-reset-policy", request.offset_reset_policy,
                    "Where a new group starts, for KEDA: earliest (the role services' "
                    "default) or latest")
        ->check(CLI::IsMember({"earliest", "latest"}));
    command
        .add_option("--metrics-port", request.metrics_port,
                    "The port of /metrics in the pod (default 9464)")
        ->transform(cli::whole_number(1, 65535));
    command.add_flag("--pod-monitor", request.pod_monitor,
                     "Also a PodMonitor, for a Prometheus run by the Prometheus Operator");
    command.callback(
        [&context, &action, o] { action = [&context, o] { return run_deploy(context, *o); }; });
}

}  // namespace orderctl::commands
