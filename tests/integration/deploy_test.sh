#!/usr/bin/env bash
# `orderctl deploy --emit k8s`: for a plain profile and an Event Hubs profile (SASL_SSL, PLAIN,
# the connection string as password), the Deployment, ConfigMap and Secret validate against the
# Kubernetes schemas offline (kubernetes-validate, from scripts/install-deps.sh); the ScaledObject
# and TriggerAuthentication hold KEDA's documented fields and point at the objects emitted; the
# profile in the ConfigMap is one orderctl reads; no secret appears in any output; usage errors.
. "$(dirname "$0")/lib.sh"

venv="$ORDERCTL_CACHE/python-venv"
validate="$venv/bin/kubernetes-validate"
python="$venv/bin/python"

connection='Endpoint=sb://ns-test.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=c2VjcmV0LWtleS1mb3ItdGVzdHM='
export EH_CONNECTION_STRING="$connection"
cat >orderctl.yaml <<'YAML'
profiles:
  local:
    bootstrap-servers: 127.0.0.1:9092
    topics: {orders: shop.orders, partitions: 4}
    roles:
      payment: {group: shop-payment, output-topic: shop.payments}
  eventhubs:
    bootstrap-servers: ns-test.servicebus.windows.net:9093
    security:
      protocol: SASL_SSL
      sasl-mechanism: PLAIN
      username: $ConnectionString
      password: {env: EH_CONNECTION_STRING}
    topics: {orders: orders, partitions: 8}
  oauth:
    bootstrap-servers: 127.0.0.1:9093
    security: {protocol: SASL_SSL, sasl-mechanism: OAUTHBEARER}
YAML

# split FILE DIR: one file per document, named KIND.yaml
split_documents() {
    mkdir -p "$2"
    "$python" - "$1" "$2" <<'PY'
import sys, yaml
for doc in yaml.safe_load_all(open(sys.argv[1])):
    if doc:
        yaml.safe_dump(doc, open(f"{sys.argv[2]}/{doc['kind']}.yaml", "w"))
PY
}

# KEDA's objects: the fields its docs define (keda.sh/v1alpha1 ScaledObject, the kafka trigger,
# TriggerAuthentication secretTargetRef), that the target is the Deployment emitted, that each
# secretTargetRef names the Secret emitted and a key it is meant to hold, and nothing unknown.
keda_check() {
    "$python" - "$1" <<'PY'
import sys, os, yaml
d = sys.argv[1]
load = lambda k: yaml.safe_load(open(f"{d}/{k}.yaml")) if os.path.exists(f"{d}/{k}.yaml") else None
so, ta, dep, sec = load("ScaledObject"), load("TriggerAuthentication"), load("Deployment"), load("Secret")
errors = []
def need(cond, what):
    if not cond: errors.append(what)
need(so["apiVersion"] == "keda.sh/v1alpha1", "ScaledObject apiVersion keda.sh/v1alpha1")
spec_fields = {"scaleTargetRef", "pollingInterval", "cooldownPeriod", "idleReplicaCount",
               "initialCooldownPeriod", "minReplicaCount", "maxReplicaCount", "fallback",
               "advanced", "triggers"}
need(set(so["spec"]) <= spec_fields, f"ScaledObject spec fields: {set(so['spec']) - spec_fields}")
ref = so["spec"]["scaleTargetRef"]
need(set(ref) <= {"apiVersion", "kind", "name", "envSourceContainerName"}, "scaleTargetRef fields")
need(ref["name"] == dep["metadata"]["name"] and ref.get("kind", "Deployment") == "Deployment",
     "scaleTargetRef names the Deployment")
need(isinstance(so["spec"]["minReplicaCount"], int) and isinstance(so["spec"]["maxReplicaCount"], int),
     "replica counts are integers")
(trigger,) = so["spec"]["triggers"]
need(trigger["type"] == "kafka", "a kafka trigger")
need(set(trigger) <= {"type", "name", "metadata", "authenticationRef", "metricType",
                      "useCachedMetrics"}, "trigger fields")
meta = trigger["metadata"]
known = {"bootstrapServers", "consumerGroup", "topic", "lagThreshold", "activationLagThreshold",
         "offsetResetPolicy", "allowIdleConsumers", "scaleToZeroOnInvalidOffset",
         "excludePersistentLag", "limitToPartitionsWithLag", "partitionLimitation", "version",
         "sasl", "tls", "unsafeSsl"}
need(set(meta) <= known, f"kafka trigger metadata: {set(meta) - known}")
for key in ("bootstrapServers", "consumerGroup", "topic", "lagThreshold"):
    need(key in meta, f"trigger has {key}")
need(all(isinstance(v, str) for v in meta.values()), "trigger metadata values are strings")
need(meta["lagThreshold"].isdigit() and int(meta["lagThreshold"]) > 0, "lagThreshold a positive integer")
need(meta.get("offsetResetPolicy", "latest") in ("earliest", "latest"), "offsetResetPolicy")
need(meta.get("sasl", "none") in ("none", "plaintext", "scram_sha256", "scram_sha512"), "sasl value")
need(meta.get("tls", "disable") in ("enable", "disable"), "tls value")
if ta is not None:
    need(ta["apiVersion"] == "keda.sh/v1alpha1", "TriggerAuthentication apiVersion")
    need(trigger["authenticationRef"]["name"] == ta["metadata"]["name"], "authenticationRef names it")
    need(set(ta["spec"]) <= {"secretTargetRef", "env", "configMapTargetRef", "podIdentity"}, "TA spec fields")
    for target in ta["spec"]["secretTargetRef"]:
        need(set(target) == {"parameter", "name", "key"}, "secretTargetRef fields")
        need(target["parameter"] in ("username", "password", "ca", "cert", "key", "keyPassword", "sasl", "tls"),
             f"KEDA kafka auth parameter {target['parameter']}")
        need(target["name"] == sec["metadata"]["name"], "secretTargetRef names the Secret emitted")
else:
    need("authenticationRef" not in trigger, "no authenticationRef without a TriggerAuthentication")
print("\n".join(errors) if errors else "ok")
PY
}

# --- a plain profile ------------------------------------------------------------------------------
run oc -p local deploy --emit k8s --role payment --image registry.example/orderctl:1.0 --lag-threshold 25
expect_status "deploy --emit k8s exits 0" 0
cp "$OUT" local.yaml
expect_eq "a plain profile: ConfigMap, Deployment, ScaledObject, no credentials" \
    "$(grep '^kind:' local.yaml | tr '\n' ' ')" "kind: ConfigMap kind: Deployment kind: ScaledObject "
if [ -x "$validate" ]; then
    split_documents local.yaml local
    run "$validate" --strict local/ConfigMap.yaml local/Deployment.yaml
    expect_status "the Deployment and the ConfigMap validate against the Kubernetes schemas" 0
    expect_eq "KEDA's fields, for a plain profile" "$(keda_check local)" ok
    trigger=$("$python" -c "import yaml,json,sys; print(json.dumps(yaml.safe_load(open('local/ScaledObject.yaml'))['spec']['triggers'][0]['metadata'], sort_keys=True))")
    expect_eq "the trigger: the profile's servers, the role's group and topic, the threshold" \
        "$(jq -c '[.bootstrapServers, .consumerGroup, .topic, .lagThreshold, .offsetResetPolicy]' <<<"$trigger")" \
        '["127.0.0.1:9092","shop-payment","shop.orders","25","earliest"]'
    expect_eq "maxReplicaCount is the profile's partition count" \
        "$("$python" -c "import yaml; print(yaml.safe_load(open('local/ScaledObject.yaml'))['spec']['maxReplicaCount'])")" 4
    # The ConfigMap's profile file is one orderctl resolves to the same settings.
    "$python" -c "import yaml; print(yaml.safe_load(open('local/ConfigMap.yaml'))['data']['config.yaml'])" >cm-profile.yaml
    run oc --config cm-profile.yaml profile show -o json
    expect_eq "orderctl reads the ConfigMap's profile: servers, orders topic, the role's group" \
        "$(jq -c '[.settings[] | select(.key == "bootstrap-servers" or .key == "topics.orders" or .key == "roles.payment.group") | .value]' "$OUT")" \
        '["127.0.0.1:9092","shop-payment","shop.orders"]'
    expect_eq "the probes and the port are on /metrics" \
        "$("$python" -c "
import yaml; c = yaml.safe_load(open('local/Deployment.yaml'))['spec']['template']['spec']['containers'][0]
print(c['readinessProbe']['httpGet']['path'], c['livenessProbe']['httpGet']['path'], c['ports'][0]['containerPort'], ' '.join(c['args']))")" \
        "/metrics /metrics 9464 consume --role payment --metrics 0.0.0.0:9464"
else
    skip "kubernetes-validate is not installed ($venv): run scripts/install-deps.sh"
fi

# --- Prometheus targets: the pods carry what a scrape needs, with the `role` label the rules use ---------
run oc -p local deploy --emit k8s --role payment --image registry.example/orderctl:1.0 --pod-monitor
expect_status "deploy --emit k8s --pod-monitor exits 0" 0
cp "$OUT" monitored.yaml
expect_eq "--pod-monitor adds a PodMonitor after the ScaledObject" \
    "$(grep '^kind:' monitored.yaml | tr '\n' ' ')" "kind: ConfigMap kind: Deployment kind: ScaledObject kind: PodMonitor "
if [ -x "$python" ]; then
    split_documents monitored.yaml monitored
    # The pod as Prometheus's kubernetes-pods discovery sees it, through the relabelling of
    # Prometheus's own example configuration (keep on prometheus.io/scrape, port and path from
    # the annotations, labelmap of the pod labels), and through the PodMonitor.
    expect_eq "annotations: scraped, on the metrics port and /metrics; the target gets role=payment" \
        "$("$python" - monitored <<'PY'
import re, sys, yaml
d = yaml.safe_load(open(sys.argv[1] + "/Deployment.yaml"))
monitor = yaml.safe_load(open(sys.argv[1] + "/PodMonitor.yaml"))
pod = d["spec"]["template"]
labels, notes = pod["metadata"]["labels"], pod["metadata"]["annotations"]
ports = {p["name"]: p["containerPort"] for p in pod["spec"]["containers"][0]["ports"]}
errors = []
def need(ok, what):
    if not ok: errors.append(what)
need(notes.get("prometheus.io/scrape") == "true", "prometheus.io/scrape is not \"true\"")
need(notes.get("prometheus.io/port") == str(ports.get("metrics")), "prometheus.io/port is not the metrics port")
need(notes.get("prometheus.io/path") == "/metrics", "prometheus.io/path is not /metrics")
target = {re.sub(r"[^a-zA-Z0-9_]", "_", k): v for k, v in labels.items()}  # labelmap of __meta_kubernetes_pod_label_*
need(target.get("role") == "payment", "labelmap gives no role=payment: %s" % target)
selector = d["spec"]["selector"]["matchLabels"]
need("role" not in selector, "the Deployment's selector changed")
need(all(labels.get(k) == v for k, v in selector.items()), "the selector does not match the pod")
need(monitor["apiVersion"] == "monitoring.coreos.com/v1", "PodMonitor apiVersion")
need(all(labels.get(k) == v for k, v in monitor["spec"]["selector"]["matchLabels"].items()), "the PodMonitor selects other pods")
endpoint = monitor["spec"]["podMetricsEndpoints"][0]
need(endpoint.get("port") in ports and endpoint.get("path") == "/metrics", "the PodMonitor's endpoint is not the metrics port's /metrics")
need("role" in monitor["spec"].get("podTargetLabels", []) and "role" in labels, "the PodMonitor does not carry the role label over")
print("\n".join(errors) if errors else "ok")
PY
)" ok
    run "$validate" --strict monitored/Deployment.yaml
    expect_status "the Deployment with its role label still validates" 0
else
    skip "no python venv ($venv): run scripts/install-deps.sh"
fi

# --- an Event Hubs profile: SASL_SSL, PLAIN, the connection string as password -------------------------
run oc -p eventhubs -vv deploy --emit k8s --role inventory --image registry.example/orderctl:1.0
expect_status "deploy --emit k8s for Event Hubs exits 0" 0
cp "$OUT" eh.yaml
cp "$ERR" eh.err
expect_eq "Event Hubs: a TriggerAuthentication and the Secret it names too" \
    "$(grep '^kind:' eh.yaml | tr '\n' ' ')" \
    "kind: ConfigMap kind: Deployment kind: ScaledObject kind: TriggerAuthentication kind: Secret "
for needle in "$connection" "SharedAccessKey=" "c2VjcmV0LWtleS1mb3ItdGVzdHM="; do
    expect_not_in "no secret on stdout (${needle:0:16}...)" eh.yaml "$needle"
    expect_not_in "no secret on stderr (${needle:0:16}...)" eh.err "$needle"
done
expect_in "stderr says how to put the password into the Secret" eh.err "kubectl create secret generic orderctl-eventhubs-credentials"
if [ -x "$validate" ]; then
    split_documents eh.yaml eh
    run "$validate" --strict eh/ConfigMap.yaml eh/Deployment.yaml eh/Secret.yaml
    expect_status "the Deployment, ConfigMap and Secret validate against the Kubernetes schemas" 0
    expect_eq "KEDA's fields, with SASL and TLS through the TriggerAuthentication" "$(keda_check eh)" ok
    expect_eq "the trigger speaks SASL PLAIN over TLS" \
        "$("$python" -c "import yaml; m = yaml.safe_load(open('eh/ScaledObject.yaml'))['spec']['triggers'][0]['metadata']; print(m['sasl'], m['tls'], m['bootstrapServers'])")" \
        "plaintext enable ns-test.servicebus.windows.net:9093"
    expect_eq "the pod's password comes from the Secret, by reference" \
        "$("$python" -c "
import yaml; c = yaml.safe_load(open('eh/Deployment.yaml'))['spec']['template']['spec']['containers'][0]
print([e['valueFrom']['secretKeyRef'] for e in c['env'] if e['name'] == 'ORDERCTL_SECURITY_PASSWORD'])")" \
        "[{'key': 'password', 'name': 'orderctl-eventhubs-credentials'}]"
    expect_eq "the Secret holds the username only" \
        "$("$python" -c "import yaml; s = yaml.safe_load(open('eh/Secret.yaml')); print(s.get('stringData'), 'data' in s)")" \
        "{'username': '\$ConnectionString'} False"
fi

# --- errors -----------------------------------------------------------------------------------------------
run oc -p oauth deploy --emit k8s --role payment --image x
expect_status "OAUTHBEARER, which KEDA's trigger cannot carry here, is a profile error (3)" 3
expect_in "it names the mechanism" "$ERR" "OAUTHBEARER"
run oc -p local deploy --emit helm --role payment --image x
expect_status "an unknown --emit is a usage error" 2
run oc -p local deploy --emit k8s --role billing --image x
expect_status "an unknown role is a usage error" 2
run oc -p local deploy --emit k8s --role payment
expect_status "--image is required" 2
run oc -p local deploy --emit k8s --role payment --image ""
expect_status "an empty --image is a usage error" 2
run oc -p local deploy --emit k8s --role payment --image x --lag-threshold 0
expect_status "--lag-threshold 0 is a usage error" 2
run oc -p local -o json deploy --emit k8s --role payment --image x
expect_status "-o json does not apply to manifests (exit 2)" 2
expect_in "it says so" "$ERR" "does not apply"

finish
