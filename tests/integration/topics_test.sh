#!/usr/bin/env bash
# `orderctl topics` against a real Kafka 4.1 KRaft node, with Kafka's own TopicCommand and kcat
# as independent witnesses.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
export ORDERCTL_BOOTSTRAP_SERVERS="$BOOTSTRAP"

echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"
topic=$(unique orders)

# --- create ---------------------------------------------------------------------------------
run oc topics create "$topic" --partitions 3 --replication-factor 1 --config retention.ms=86400000
expect_status "create exits 0" 0
expect_in "create reports created" "$OUT" "created"
kcat -L -b "$BOOTSTRAP" -t "$topic" -J >"$TEST_WORK/kcat.json" 2>/dev/null
expect_eq "kcat sees the new topic with 3 partitions" \
    "$(jq --arg t "$topic" '.topics[] | select(.topic==$t) | .partitions | length' "$TEST_WORK/kcat.json")" 3

run oc topics create "$topic" --partitions 3
expect_status "create of an existing topic exits 1" 1
expect_in "the error says it exists" "$ERR" "already exists"
expect_in "the hint names --if-not-exists" "$ERR" "--if-not-exists"

run oc topics create "$topic" --partitions 5 --if-not-exists -o json
expect_status "create --if-not-exists of an existing topic exits 0" 0
expect_eq "--if-not-exists reports the real partition count" "$(jq -r .partitions "$OUT")" 3
expect_eq "--if-not-exists reports status exists" "$(jq -r .status "$OUT")" exists

run oc topics create "$(unique toomany)" --partitions 1 --replication-factor 3
expect_status "replication factor above the broker count exits 1" 1
expect_in "the broker's reason is shown" "$ERR" "INVALID_REPLICATION_FACTOR"

run oc topics create "$(unique badcfg)" --partitions 1 --config no.such.config=1
expect_status "an unknown topic config exits 1" 1
expect_in "the config error is named" "$ERR" "INVALID_CONFIG"

dry=$(unique dry)
run oc topics create "$dry" --partitions 2 --dry-run
expect_status "create --dry-run exits 0" 0
run oc topics list -o json
expect_eq "--dry-run created nothing" "$(jq --arg t "$dry" '[.[] | select(.name==$t)] | length' "$OUT")" 0

# --- list -----------------------------------------------------------------------------------
run oc topics list -o json
expect_status "list exits 0" 0
expect_eq "list shows the topic's partitions" \
    "$(jq --arg t "$topic" '.[] | select(.name==$t) | .partitions' "$OUT")" 3
expect_eq "list hides internal topics" "$(jq '[.[] | select(.internal)] | length' "$OUT")" 0
# Internal topics exist once a group has committed: make one with kcat.
echo "x" | kcat -P -b "$BOOTSTRAP" -t "$topic" 2>/dev/null
timeout 30 kcat -C -b "$BOOTSTRAP" -G "$(unique g)" -c 1 -e -o beginning "$topic" >/dev/null 2>&1
run oc topics list --all -o json
expect_eq "list --all shows __consumer_offsets" \
    "$(jq '[.[] | select(.name=="__consumer_offsets" and .internal)] | length' "$OUT")" 1
run oc topics list
expect_in "list table has a header" "$OUT" "NAME"
run oc topics list -o yaml
expect_in "list yaml" "$OUT" "- name: "

# --- describe, against Kafka's own TopicCommand ---------------------------------------------
run oc topics describe "$topic" -o json
expect_status "describe exits 0" 0
cp "$OUT" "$TEST_WORK/describe.json"
kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
    --describe --topic "$topic" >"$TEST_WORK/topiccommand.txt" 2>/dev/null
comparison=$(python3 - "$TEST_WORK/describe.json" "$TEST_WORK/topiccommand.txt" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
fields = {}
partitions = {}
for line in open(sys.argv[2]):
    cells = dict(c.split(": ", 1) if ": " in c else (c.rstrip(":"), "")
                 for c in line.strip().split("\t") if c)
    if "Partition" in cells:
        partitions[int(cells["Partition"])] = cells
    elif "PartitionCount" in cells:
        fields = cells
theirs_configs = dict(kv.split("=", 1) for kv in fields["Configs"].split(",") if kv)
problems = []
if int(fields["PartitionCount"]) != ours["partition_count"]: problems.append("partition count")
if int(fields["ReplicationFactor"]) != ours["replication_factor"]: problems.append("replication factor")
if theirs_configs != ours["configs"]: problems.append(f"configs {theirs_configs} != {ours['configs']}")
for p in ours["partitions"]:
    t = partitions[p["partition"]]
    ids = lambda s: [int(x) for x in s.split(",") if x]
    if int(t["Leader"]) != p["leader"]: problems.append(f"leader of {p['partition']}")
    if ids(t["Replicas"]) != p["replicas"]: problems.append(f"replicas of {p['partition']}")
    if sorted(ids(t["Isr"])) != sorted(p["isr"]): problems.append(f"isr of {p['partition']}")
print("; ".join(problems) if problems else "same")
PY
)
expect_eq "describe -o json agrees with Kafka's TopicCommand --describe" "$comparison" "same"
expect_eq "describe shows the topic config" "$(jq -r '.configs["retention.ms"]' "$TEST_WORK/describe.json")" 86400000
expect_eq "describe shows the config's source" \
    "$(jq -r '.config_sources["retention.ms"]' "$TEST_WORK/describe.json")" dynamic-topic
expect_eq "describe log-end offset counts the record kcat wrote" \
    "$(jq '[.partitions[].log_end_offset] | add' "$TEST_WORK/describe.json")" 1
expect_eq "describe log-start offsets" "$(jq '[.partitions[].log_start_offset] | add' "$TEST_WORK/describe.json")" 0

run oc topics describe "$(unique missing)"
expect_status "describe of a missing topic exits 1" 1
expect_in "describe of a missing topic says so" "$ERR" "does not exist"

# --- alter ----------------------------------------------------------------------------------
run oc topics alter "$topic" --partitions 2
expect_status "shrinking partitions exits 1" 1
expect_in "shrinking explains partitions only grow" "$ERR" "partitions can only grow"

run oc topics alter "$topic" --partitions 4 --config cleanup.policy=compact --delete-config retention.ms -o json
expect_status "alter exits 0" 0
expect_eq "alter reports three changes" "$(jq '.changes | length' "$OUT")" 3
kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
    --describe --topic "$topic" >"$TEST_WORK/after-alter.txt" 2>/dev/null
expect_in "TopicCommand sees 4 partitions" "$TEST_WORK/after-alter.txt" "PartitionCount: 4"
expect_in "TopicCommand sees cleanup.policy=compact" "$TEST_WORK/after-alter.txt" "cleanup.policy=compact"
expect_not_in "TopicCommand no longer sees retention.ms" "$TEST_WORK/after-alter.txt" "retention.ms"

run oc topics alter "$topic" --config retention.ms=abc
expect_status "an invalid config value exits 1" 1
expect_in "the invalid value is named" "$ERR" "retention.ms"
run oc topics describe "$topic" -o json
expect_eq "a refused alter leaves the other configs alone" "$(jq -r '.configs["cleanup.policy"]' "$OUT")" compact

run oc topics alter "$topic"
expect_status "alter with nothing to do is a usage error" 2

# --- delete ---------------------------------------------------------------------------------
run oc topics delete "$topic"
expect_status "delete without --yes exits 1" 1
expect_in "delete without --yes shows what it would delete" "$OUT" "would-delete"
run oc topics list -o json
expect_eq "delete without --yes deleted nothing" "$(jq --arg t "$topic" '[.[] | select(.name==$t)] | length' "$OUT")" 1

missing=$(unique missing)
run oc topics delete "$topic" "$missing" --yes -o json
expect_status "delete of one existing and one missing topic is partial (4)" 4
expect_eq "the existing topic was deleted" "$(jq -r --arg t "$topic" '.[] | select(.name==$t) | .status' "$OUT")" deleted
expect_eq "the missing topic is reported" "$(jq -r --arg t "$missing" '.[] | select(.name==$t) | .status' "$OUT")" not-found
kcat -L -b "$BOOTSTRAP" -J >"$TEST_WORK/kcat.json" 2>/dev/null
expect_eq "kcat no longer sees the deleted topic" \
    "$(jq --arg t "$topic" '[.topics[] | select(.topic==$t)] | length' "$TEST_WORK/kcat.json")" 0

run oc topics delete "$missing" --yes
expect_status "delete of only missing topics exits 1" 1

# --- apply ----------------------------------------------------------------------------------
prefix=$(unique apply)
cat >topics.yaml <<YAML
topics:
  - name: $prefix.orders
    partitions: 3
    replication-factor: 1
    config:
      retention.ms: 604800000
  - name: $prefix.events
    partitions: 2
    replication-factor: 1
YAML
run oc topics apply -f topics.yaml -o json
expect_status "apply without --execute exits 0" 0
expect_eq "the plan creates two topics" "$(jq '[.changes[] | select(.action=="create")] | length' "$OUT")" 2
run oc topics list -o json
expect_eq "a plan changes nothing" "$(jq --arg p "$prefix" '[.[] | select(.name | startswith($p))] | length' "$OUT")" 0

run oc topics apply -f topics.yaml --execute
expect_status "apply --execute exits 0" 0
run oc topics list -o json
expect_eq "apply created both topics" "$(jq --arg p "$prefix" '[.[] | select(.name | startswith($p))] | length' "$OUT")" 2

run oc topics apply -f topics.yaml --execute -o json
expect_status "a second apply exits 0" 0
expect_eq "a second apply plans nothing" "$(jq '[.changes[] | select(.action!="unchanged")] | length' "$OUT")" 0

sed -i 's/partitions: 3/partitions: 5/; s/retention.ms: 604800000/retention.ms: 3600000/' topics.yaml
run oc topics apply -f topics.yaml -o json
expect_eq "a changed file plans an update" "$(jq -r --arg t "$prefix.orders" '.changes[] | select(.topic==$t) | .action' "$OUT")" update
run oc topics apply -f topics.yaml --execute
expect_status "apply of an update exits 0" 0
run oc topics describe "$prefix.orders" -o json
expect_eq "apply added partitions" "$(jq .partition_count "$OUT")" 5
expect_eq "apply changed the config" "$(jq -r '.configs["retention.ms"]' "$OUT")" 3600000

sed -i 's/partitions: 5/partitions: 1/' topics.yaml
run oc topics apply -f topics.yaml --execute -o json
expect_status "apply that would shrink partitions exits 1" 1
expect_eq "the plan marks it invalid" "$(jq -r --arg t "$prefix.orders" '.changes[] | select(.topic==$t) | .action' "$OUT")" invalid
expect_in "nothing was applied" "$ERR" "nothing was applied"

printf 'topics:\n  - name: x\n    partitons: 3\n' >bad.yaml
run oc topics apply -f bad.yaml
expect_status "a bad topics file exits 3" 3
expect_in "the bad key is located" "$ERR" "bad.yaml:3:5"

oc topics delete "$prefix.orders" "$prefix.events" --yes >/dev/null 2>&1
finish
