// `orderctl deploy --emit k8s`: the Kubernetes manifests that run one role service and let KEDA
// scale it on its group's lag. Generated from the resolved profile; a secret value never enters
// them: the Deployment and the TriggerAuthentication reference a Secret by name and key, and the
// Secret emitted carries only the non-secret username, for the operator to complete.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/profile/profile.h"

namespace orderctl::core::deploy {

struct RoleDeploymentRequest {
    std::string role;   // inventory, payment or fulfillment
    std::string image;  // a container image with orderctl on its PATH
    int64_t lag_threshold = 10;
    int64_t activation_lag_threshold = 0;
    int64_t min_instances = 0;                     // minReplicaCount (KEDA's default)
    int64_t max_instances = 0;                     // maxReplicaCount; 0: topics.partitions
    std::string offset_reset_policy = "earliest";  // the role services' default start
    int metrics_port = 9464;
    // Also a Prometheus Operator PodMonitor (monitoring.coreos.com/v1) for the role's pods.
    bool pod_monitor = false;
};

struct Manifests {
    std::string yaml;                // one YAML stream, documents separated by ---
    std::vector<std::string> notes;  // what the operator must do or know (stderr)
    std::string secret_name;         // empty when the profile needs no credentials
};

// Throws Error(Config) for a profile the manifests cannot carry (OAUTHBEARER), Error(Usage)
// for a bad request.
Manifests role_manifests(const ResolvedProfile& profile, const RoleDeploymentRequest& request);

// A Kubernetes object name from free text: lower case, [a-z0-9-], at most 63 characters.
std::string dns_label(const std::string& text);

}  // namespace orderctl::core::deploy
