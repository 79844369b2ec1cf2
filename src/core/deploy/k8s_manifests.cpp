#include "core/deploy/k8s_manifests.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <regex>
#include <set>

#include "core/error.h"

namespace orderctl::core::deploy {
namespace {

const std::string kProfileDir = "/etc/orderctl";
const std::string kProfileFile = "config.yaml";

// Files named by the profile exist on this machine only; the pod would not find them.
bool is_local_path(const std::string& key) {
    return key == "security.ca-file" || key == "security.cert-file" || key == "security.key-file";
}

// KEDA's names for the SASL mechanisms its Kafka scaler speaks.
std::string keda_sasl(const std::string& mechanism) {
    if (mechanism == "PLAIN") return "plaintext";
    if (mechanism == "SCRAM-SHA-256") return "scram_sha256";
    if (mechanism == "SCRAM-SHA-512") return "scram_sha512";
    throw Error(ErrorKind::Config,
                "security.sasl-mechanism " + mechanism +
                    " cannot be carried into KEDA's Kafka trigger by deploy --emit k8s",
                "use PLAIN or SCRAM (Event Hubs: PLAIN with $ConnectionString)");
}

// A resolved value written back into a profiles file: `$` doubled, so that nothing in it is
// read as `${VAR}` again.
std::string literal(const std::string& value) {
    std::string text;
    for (char c : value) text += c == '$' ? std::string("$$") : std::string(1, c);
    return text;
}

// The profiles file of the ConfigMap: the chosen profile's settings that are neither defaults
// nor secrets nor local paths, nested as the profiles file nests them.
YAML::Node profile_file(const ResolvedProfile& profile, const std::string& name,
                        std::vector<std::string>& notes) {
    YAML::Node settings(YAML::NodeType::Map);
    for (const auto& setting : profile.settings) {
        if (setting.secret || setting.origin.level == OriginLevel::Default) continue;
        if (is_local_path(setting.key)) {
            notes.push_back(setting.key + " (" + setting.value +
                            ") is a file on this machine and is not carried: mount it into the "
                            "pod and set ORDERCTL_" +
                            (setting.key == "security.ca-file"     ? std::string("SECURITY_CA_FILE")
                             : setting.key == "security.cert-file" ? "SECURITY_CERT_FILE"
                                                                   : "SECURITY_KEY_FILE"));
            continue;
        }
        if (setting.key.rfind("librdkafka.", 0) == 0) {
            settings["librdkafka"][setting.key.substr(11)] = literal(setting.value);
            continue;
        }
        // Dotted keys nest: security.protocol -> security: {protocol: ...}.
        YAML::Node node = settings;
        std::string rest = setting.key;
        for (auto dot = rest.find('.'); dot != std::string::npos; dot = rest.find('.')) {
            node.reset(node[rest.substr(0, dot)]);
            rest = rest.substr(dot + 1);
        }
        node[rest] = literal(setting.value);
    }
    YAML::Node file;
    file["current-profile"] = name;
    file["profiles"][name] = settings;
    return file;
}

YAML::Node labels_for(const std::string& role) {
    YAML::Node labels;
    labels["app.kubernetes.io/name"] = "orderctl";
    labels["app.kubernetes.io/component"] = role;
    return labels;
}

YAML::Node object(const std::string& api, const std::string& kind, const std::string& name,
                  const std::string& role) {
    YAML::Node node;
    node["apiVersion"] = api;
    node["kind"] = kind;
    node["metadata"]["name"] = name;
    node["metadata"]["labels"] = labels_for(role);
    return node;
}

YAML::Node metrics_probe(int initial_delay, int period) {
    YAML::Node probe;
    probe["httpGet"]["path"] = "/metrics";
    probe["httpGet"]["port"] = "metrics";
    probe["initialDelaySeconds"] = initial_delay;
    probe["periodSeconds"] = period;
    probe["failureThreshold"] = 3;
    return probe;
}

YAML::Node secret_env(const std::string& variable, const std::string& secret,
                      const std::string& key) {
    YAML::Node env;
    env["name"] = variable;
    env["valueFrom"]["secretKeyRef"]["name"] = secret;
    env["valueFrom"]["secretKeyRef"]["key"] = key;
    return env;
}

YAML::Node plain_env(const std::string& variable, const std::string& value) {
    YAML::Node env;
    env["name"] = variable;
    env["value"] = value;
    return env;
}

struct Names {
    std::string deployment, config_map, secret, trigger_auth;
};

YAML::Node deployment(const RoleDeploymentRequest& request, const Names& names,
                      const std::string& profile_name, bool with_secret) {
    YAML::Node container;
    container["name"] = request.role;
    container["image"] = request.image;
    container["command"].push_back("orderctl");
    // Every interface: the kubelet's probes and Prometheus come from outside the pod.
    const std::vector<std::string> args = {"consume", "--role", request.role, "--metrics",
                                           "0.0.0.0:" + std::to_string(request.metrics_port)};
    for (const auto& arg : args) container["args"].push_back(arg);
    container["env"].push_back(plain_env("ORDERCTL_CONFIG", kProfileDir + "/" + kProfileFile));
    container["env"].push_back(plain_env("ORDERCTL_PROFILE", profile_name));
    // The password reaches orderctl as its ORDERCTL_* variable, straight from the Secret.
    if (with_secret)
        container["env"].push_back(
            secret_env("ORDERCTL_SECURITY_PASSWORD", names.secret, "password"));
    YAML::Node port;
    port["name"] = "metrics";
    port["containerPort"] = request.metrics_port;
    port["protocol"] = "TCP";
    container["ports"].push_back(port);
    // Sized from the bars: a role service stays under 64 MiB; one core is plenty per instance.
    container["resources"]["requests"]["cpu"] = "100m";
    container["resources"]["requests"]["memory"] = "64Mi";
    container["resources"]["limits"]["cpu"] = "1";
    container["resources"]["limits"]["memory"] = "128Mi";
    container["readinessProbe"] = metrics_probe(2, 10);
    container["livenessProbe"] = metrics_probe(10, 20);
    YAML::Node mount;
    mount["name"] = "profile";
    mount["mountPath"] = kProfileDir;
    mount["readOnly"] = true;
    container["volumeMounts"].push_back(mount);

    YAML::Node node = object("apps/v1", "Deployment", names.deployment, request.role);
    // KEDA owns the replica count once the ScaledObject exists; this is the count before.
    node["spec"]["replicas"] = std::max<int64_t>(request.min_instances, 1);
    node["spec"]["selector"]["matchLabels"] = labels_for(request.role);
    auto pod = node["spec"]["template"];
    pod["metadata"]["labels"] = labels_for(request.role);
    // The shipped alert rules group by a `role` target label ("no instance of a role up" needs
    // it on the `up` of a pod that is down). Scrape configs driven by the prometheus.io/*
    // annotations commonly copy pod labels with `labelmap: __meta_kubernetes_pod_label_(.+)`,
    // and a PodMonitor copies it with podTargetLabels: either way this label becomes `role`.
    // Not in the selector, which stays as it was (a Deployment's selector cannot change).
    pod["metadata"]["labels"]["role"] = request.role;
    pod["metadata"]["annotations"]["prometheus.io/scrape"] = "true";
    pod["metadata"]["annotations"]["prometheus.io/port"] = std::to_string(request.metrics_port);
    pod["metadata"]["annotations"]["prometheus.io/path"] = "/metrics";
    // SIGTERM: the role service finishes what is in flight and commits it before it exits.
    pod["spec"]["terminationGracePeriodSeconds"] = 60;
    pod["spec"]["containers"].push_back(container);
    YAML::Node volume;
    volume["name"] = "profile";
    volume["configMap"]["name"] = names.config_map;
    pod["spec"]["volumes"].push_back(volume);
    return node;
}

YAML::Node scaled_object(const ResolvedProfile& profile, const RoleDeploymentRequest& request,
                         const Names& names, int64_t max_instances, bool with_auth) {
    YAML::Node trigger;
    trigger["type"] = "kafka";
    auto metadata = trigger["metadata"];
    metadata["bootstrapServers"] = profile.get("bootstrap-servers");
    metadata["consumerGroup"] = profile.role_group(request.role);
    metadata["topic"] = profile.orders_topic();
    // KEDA reads every trigger value as a string.
    metadata["lagThreshold"] = std::to_string(request.lag_threshold);
    metadata["activationLagThreshold"] = std::to_string(request.activation_lag_threshold);
    metadata["offsetResetPolicy"] = request.offset_reset_policy;
    const std::string protocol = profile.get("security.protocol");
    if (protocol == "SASL_SSL" || protocol == "SASL_PLAINTEXT")
        metadata["sasl"] = keda_sasl(profile.get("security.sasl-mechanism"));
    if (protocol == "SSL" || protocol == "SASL_SSL") metadata["tls"] = "enable";
    if (with_auth) trigger["authenticationRef"]["name"] = names.trigger_auth;

    YAML::Node node = object("keda.sh/v1alpha1", "ScaledObject", names.deployment, request.role);
    node["spec"]["scaleTargetRef"]["apiVersion"] = "apps/v1";
    node["spec"]["scaleTargetRef"]["kind"] = "Deployment";
    node["spec"]["scaleTargetRef"]["name"] = names.deployment;
    node["spec"]["minReplicaCount"] = request.min_instances;
    node["spec"]["maxReplicaCount"] = max_instances;
    node["spec"]["triggers"].push_back(trigger);
    return node;
}

// For a Prometheus run by the Prometheus Operator: scrape the role's pods on their metrics port,
// with the pod's `role` label as the target's.
YAML::Node pod_monitor(const RoleDeploymentRequest& request, const Names& names) {
    YAML::Node node =
        object("monitoring.coreos.com/v1", "PodMonitor", names.deployment, request.role);
    node["spec"]["selector"]["matchLabels"] = labels_for(request.role);
    node["spec"]["podTargetLabels"].push_back("role");
    YAML::Node endpoint;
    endpoint["port"] = "metrics";
    endpoint["path"] = "/metrics";
    node["spec"]["podMetricsEndpoints"].push_back(endpoint);
    return node;
}

YAML::Node trigger_authentication(const RoleDeploymentRequest& request, const Names& names) {
    YAML::Node node =
        object("keda.sh/v1alpha1", "TriggerAuthentication", names.trigger_auth, request.role);
    for (const char* parameter : {"username", "password"}) {
        YAML::Node ref;
        ref["parameter"] = parameter;
        ref["name"] = names.secret;
        ref["key"] = parameter;
        node["spec"]["secretTargetRef"].push_back(ref);
    }
    return node;
}

// The Secret with the username only: applying it never overwrites a password already there,
// and the operator adds the password with the command the notes give.
YAML::Node secret(const ResolvedProfile& profile, const RoleDeploymentRequest& request,
                  const Names& names) {
    YAML::Node node = object("v1", "Secret", names.secret, request.role);
    node["type"] = "Opaque";
    node["stringData"]["username"] = profile.get("security.username");
    return node;
}

// Fields Kubernetes and KEDA type as numbers or booleans; every other scalar is a string.
bool typed_field(const std::string& key) {
    static const std::set<std::string> keys = {
        "replicas",        "containerPort",    "initialDelaySeconds",
        "periodSeconds",   "failureThreshold", "terminationGracePeriodSeconds",
        "minReplicaCount", "maxReplicaCount",  "readOnly"};
    return keys.count(key) > 0;
}

// A string YAML would read as something else (true, 25, null, 1e3, ...) must be quoted: KEDA
// reads its trigger values as strings, and an annotation must be one.
bool reads_as_other_type(const std::string& text) {
    static const std::regex other(
        R"((true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_]*(\.[0-9]*)?([eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|[-+]?\.(inf|nan))?)",
        std::regex::icase);
    return std::regex_match(text, other);
}

void emit(YAML::Emitter& out, const YAML::Node& node, bool typed) {
    if (node.IsMap()) {
        out << YAML::BeginMap;
        for (const auto& entry : node) {
            const auto key = entry.first.as<std::string>();
            out << YAML::Key << key << YAML::Value;
            emit(out, entry.second, typed_field(key));
        }
        out << YAML::EndMap;
    } else if (node.IsSequence()) {
        out << YAML::BeginSeq;
        for (const auto& item : node) emit(out, item, false);
        out << YAML::EndSeq;
    } else {
        const auto text = node.as<std::string>();
        if (!typed && reads_as_other_type(text)) out << YAML::DoubleQuoted;
        out << text;
    }
}

}  // namespace

std::string dns_label(const std::string& text) {
    std::string label;
    for (char c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (ok)
            label += c;
        else if (!label.empty() && label.back() != '-')
            label += '-';
    }
    while (!label.empty() && label.back() == '-') label.pop_back();
    if (label.size() > 63) label.resize(63);
    while (!label.empty() && label.back() == '-') label.pop_back();
    return label;
}

Manifests role_manifests(const ResolvedProfile& profile, const RoleDeploymentRequest& request) {
    if (request.role != "inventory" && request.role != "payment" && request.role != "fulfillment")
        throw Error(ErrorKind::Usage, "unknown role '" + request.role + "'",
                    "the roles are inventory, payment and fulfillment");
    if (request.image.empty()) throw Error(ErrorKind::Usage, "--image must not be empty");
    Manifests manifests;
    const std::string profile_name = profile.name.empty() ? "default" : profile.name;
    const std::string base = "orderctl-" + request.role;
    const std::string protocol = profile.get("security.protocol");
    const bool sasl = protocol == "SASL_SSL" || protocol == "SASL_PLAINTEXT";
    if (sasl) keda_sasl(profile.get("security.sasl-mechanism"));  // refuses what KEDA cannot
    Names names{base, base + "-profile", dns_label("orderctl-" + profile_name + "-credentials"),
                base + "-kafka"};
    int64_t max_instances = request.max_instances;
    if (max_instances <= 0) max_instances = profile.get_int("topics.partitions");

    YAML::Node config_map = object("v1", "ConfigMap", names.config_map, request.role);
    YAML::Emitter profile_text;
    emit(profile_text, profile_file(profile, profile_name, manifests.notes), false);
    config_map["data"][kProfileFile] = std::string(profile_text.c_str()) + "\n";

    std::vector<YAML::Node> documents = {
        config_map, deployment(request, names, profile_name, sasl),
        scaled_object(profile, request, names, max_instances, sasl)};
    if (request.pod_monitor) documents.push_back(pod_monitor(request, names));
    if (sasl) {
        documents.push_back(trigger_authentication(request, names));
        documents.push_back(secret(profile, request, names));
        manifests.secret_name = names.secret;
        manifests.notes.push_back(
            "the Secret " + names.secret +
            " is emitted without its password; add it before the pods start: kubectl create "
            "secret generic " +
            names.secret + " --from-literal=username='" + profile.get("security.username") +
            "' --from-literal=password=\"$PASSWORD\" (or kubectl patch an existing one)");
    }
    YAML::Emitter out;
    for (const auto& document : documents) {
        out << YAML::BeginDoc;
        emit(out, document, false);
    }
    manifests.yaml = std::string(out.c_str()) + "\n";
    return manifests;
}

}  // namespace orderctl::core::deploy
