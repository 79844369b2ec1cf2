// `orderctl deploy --emit k8s --role R --image IMAGE`: the Kubernetes manifests of one role
// service (ConfigMap with the profile, Deployment, KEDA ScaledObject, and for SASL a
// TriggerAuthentication and the Secret they reference) on stdout, for `kubectl apply -f -`.
#pragma once

#include "cli/command.h"

namespace orderctl::commands {

void setup_deploy(CLI::App& command, cli::Context& context, cli::Action& action);

}  // namespace orderctl::commands
