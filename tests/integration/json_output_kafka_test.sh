#!/usr/bin/env bash
# -o json of the commands the dev broker cannot run (it has no CreateTopics, AlterConfigs,
# DeleteTopics or OffsetDelete), on a real Kafka 4.1 node: topics create, alter, delete and
# apply, offsets reset and delete, each document checked against its JSON Schema in
# tests/schemas/ (the shapes docs/json-output.md documents), in every state it can report.
. "$(dirname "$0")/lib.sh"
python3 -c 'import jsonschema' 2>/dev/null || { skip "python3-jsonschema is not installed"; finish; exit $?; }
use_kafka "${KAFKA_STATE:?}"
export ORDERCTL_BOOTSTRAP_SERVERS="$BOOTSTRAP"
SCHEMAS="$SOURCE_DIR/tests/schemas"
CHECK="$SOURCE_DIR/tests/integration/check_json.py"

# conforms NAME SCHEMA FILE: FILE is one document valid under tests/schemas/SCHEMA.schema.json.
conforms() {
    if python3 "$CHECK" "$SCHEMAS/$2.schema.json" "$3" >check.out 2>&1; then pass "$1"; else
        fail "$1: $(head -3 check.out)"; fi
}

# --- topics create, alter, delete ------------------------------------------------------------
topic=$(unique json)
run oc topics create "$topic" --partitions 2 --config retention.ms=3600000 --dry-run -o json
conforms "topics create --dry-run -o json" topics-create "$OUT"
expect_eq "... status valid" "$(jq -r .status "$OUT")" valid
run oc topics create "$topic" --partitions 2 --config retention.ms=3600000 --config segment.ms=600000 -o json
expect_status "topics create exits 0" 0
conforms "topics create -o json" topics-create "$OUT"
expect_eq "... created, with its configs" "$(jq -c '[.status, .partitions, .configs]' "$OUT")" \
    '["created",2,{"retention.ms":"3600000","segment.ms":"600000"}]'
run oc topics create "$topic" --partitions 4 --if-not-exists -o json
conforms "topics create --if-not-exists -o json of an existing topic" topics-create "$OUT"
expect_eq "... exists, with its real partitions" "$(jq -c '[.status, .partitions]' "$OUT")" '["exists",2]'

run oc topics alter "$topic" --partitions 3 --config retention.ms=7200000 --dry-run -o json
conforms "topics alter --dry-run -o json" topics-alter "$OUT"
run oc topics alter "$topic" --partitions 3 --config retention.ms=7200000 --delete-config segment.ms -o json
expect_status "topics alter exits 0" 0
conforms "topics alter -o json" topics-alter "$OUT"
expect_eq "... both changes, from and to" "$(jq -c '[.dry_run, [.changes[] | [.change, .from, .to]]]' "$OUT")" \
    '[false,[["partitions",2,3],["config retention.ms","3600000","7200000"],["config segment.ms","600000",null]]]'

run oc topics delete "$topic" "$topic-missing" -o json
conforms "topics delete without --yes -o json" topics-delete "$OUT"
expect_eq "... would delete one, the other not found" "$(jq -c 'map(.status) | sort' "$OUT")" '["not-found","would-delete"]'
run oc topics delete "$topic" --yes -o json
expect_status "topics delete --yes exits 0" 0
conforms "topics delete --yes -o json" topics-delete "$OUT"
expect_eq "... deleted" "$(jq -c '[.[] | [.status, .partitions]]' "$OUT")" '[["deleted",3]]'

# --- topics apply: create, update, unchanged, invalid, then applied ----------------------------
prefix=$(unique jsonapply)
oc topics create "$prefix.same" --partitions 1 >/dev/null 2>&1
oc topics create "$prefix.grow" --partitions 1 >/dev/null 2>&1
cat >topics.yaml <<YAML
topics:
  - name: $prefix.new
    partitions: 2
    replication-factor: 1
    config:
      retention.ms: 3600000
  - name: $prefix.grow
    partitions: 2
    replication-factor: 1
    config:
      retention.ms: 3600000
  - name: $prefix.same
    partitions: 1
    replication-factor: 1
YAML
run oc topics apply -f topics.yaml -o json
conforms "topics apply -o json (a plan)" topics-apply "$OUT"
expect_eq "... create, update, unchanged" "$(jq -c '[.execute, [.changes[] | .action]]' "$OUT")" \
    '[false,["create","update","unchanged"]]'
run oc topics apply -f topics.yaml --execute -o json
expect_status "topics apply --execute exits 0" 0
conforms "topics apply --execute -o json" topics-apply "$OUT"
expect_eq "... each change applied" "$(jq -c '[.changes[] | .result]' "$OUT")" '["applied","applied",null]'
sed -i 's/partitions: 2/partitions: 1/' topics.yaml
run oc topics apply -f topics.yaml -o json
conforms "topics apply -o json with a change it cannot make" topics-apply "$OUT"
expect_eq "... invalid, with its problems" "$(jq -c '[.changes[] | select(.action == "invalid") | (.problems | length > 0)]' "$OUT")" '[true,true]'

# --- offsets reset and delete of a group that committed ----------------------------------------
topic=$(new_topic jsonoffsets 2)
group=$(unique jsongroup)
oc produce --generate 20 --topic "$topic" -q >/dev/null 2>&1
oc consume --topic "$topic" --group "$group" --until end -q >/dev/null 2>&1
run oc offsets reset --group "$group" --topic "$topic" --to-offset 5 -o json
expect_status "offsets reset (a plan) exits 0" 0
conforms "offsets reset -o json (a plan)" offsets-reset "$OUT"
expect_eq "... planned for both partitions" "$(jq -c '[.executed, [.partitions[] | .status]]' "$OUT")" \
    '[false,["planned","planned"]]'
run oc offsets reset --group "$group" --topic "$topic" --to-offset 5 --execute -o json
expect_status "offsets reset --execute exits 0" 0
conforms "offsets reset --execute -o json" offsets-reset "$OUT"
expect_eq "... reset" "$(jq -c '[.executed, [.partitions[] | .status]]' "$OUT")" '[true,["reset","reset"]]'
run oc offsets delete --group "$group" --topic "$topic" -o json
conforms "offsets delete without --yes -o json" offsets-delete "$OUT"
expect_eq "... would delete both" "$(jq -c '[.deleted, .topic, [.partitions[] | .status]]' "$OUT")" \
    "[false,\"$topic\",[\"would-delete\",\"would-delete\"]]"
run oc offsets delete --group "$group" --topic "$topic" --yes -o json
expect_status "offsets delete --yes exits 0" 0
conforms "offsets delete --yes -o json" offsets-delete "$OUT"
expect_eq "... deleted" "$(jq -c '[.deleted, [.partitions[] | .status]]' "$OUT")" '[true,["deleted","deleted"]]'

finish
