#!/usr/bin/env bash
# -o everywhere, on the dev broker (no JVM): each command's -o json checked against its JSON
# Schema in tests/schemas/ (the shapes docs/json-output.md documents), a mode a command does not
# take refused with exit 2 naming the ones it does, the role service's json/yaml/table, produce
# naming the lines it did not deliver without --report, an interrupted produce and role service
# saying so, and the --repartition hint for envelopes naming a partition the topic lacks.
. "$(dirname "$0")/lib.sh"

python3 -c 'import jsonschema' 2>/dev/null || { skip "python3-jsonschema is not installed"; finish; exit $?; }
SCHEMAS="$SOURCE_DIR/tests/schemas"
CHECK="$SOURCE_DIR/tests/integration/check_json.py"
ORDERS="$SOURCE_DIR/examples/orders.jsonl"
export XDG_RUNTIME_DIR="$TEST_WORK/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

# conforms NAME SCHEMA FILE: FILE is one document valid under tests/schemas/SCHEMA.schema.json.
conforms() {
    if python3 "$CHECK" "$SCHEMAS/$2.schema.json" "$3" >check.out 2>&1; then pass "$1"; else
        fail "$1: $(head -3 check.out)"; fi
}

BROKER_PID=""
trap '[ -n "$BROKER_PID" ] && { kill -INT "$BROKER_PID"; wait "$BROKER_PID"; }; rm -rf "$TEST_WORK"' EXIT
"$ORDERCTL" broker -o json --partitions 3 >broker.json 2>broker.err &
BROKER_PID=$!
# jq takes an empty file as a success: the document is there once it has the address.
broker_up() { jq -r .bootstrap_servers broker.json 2>/dev/null | grep -q '^127\.0\.0\.1:'; }
wait_until 30 broker_up
conforms "broker -o json" broker broker.json
B=$(jq -r .bootstrap_servers broker.json)
run oc broker -o json --brokers 0
expect_status "broker: a bad flag is still exit 2" 2

# --- one table decides which -o each command takes -------------------------------------------
run oc consume -b "$B" -o json --until end
expect_status "plain consume -o json is refused" 2
expect_in "... naming the mode it takes" "$ERR" "'consume' takes -o jsonl"
run oc consume -b "$B" -o table --until end
expect_status "plain consume -o table is refused" 2
run oc produce -b "$B" -o jsonl "$ORDERS"
expect_status "produce -o jsonl is refused" 2
expect_in "... naming the modes it takes" "$ERR" "'produce' takes -o table, json, yaml"
run oc produce -b "$B" -o json --report - "$ORDERS"
expect_status "produce -o json with --report - is refused" 2
expect_in "... saying why" "$ERR" "would both write to stdout"

# --- produce: its summary document, and the lines it did not deliver named on stderr ---------
head -n 3 "$ORDERS" >bad.jsonl
printf '{"not": "an order"}\n' >>bad.jsonl
sed -n 4p "$ORDERS" >>bad.jsonl
printf 'not json\n' >>bad.jsonl
run oc produce -b "$B" --on-invalid skip -o json bad.jsonl
expect_status "produce of 2 invalid lines in 6: partial" 4
conforms "produce -o json" produce "$OUT"
expect_eq "produce -o json: counts" "$(jq -c '[.lines, .delivered, .rejected, .interrupted]' "$OUT")" \
    "[6,4,2,false]"
expect_in "produce -o json: the error in the document" "$OUT" "were not delivered"
expect_in "without --report, stderr names line 4" "$ERR" "bad.jsonl:4: rejected"
expect_in "without --report, stderr names line 6" "$ERR" "bad.jsonl:6: rejected"
expect_in "... and says where they are" "$ERR" "2 of 6 line(s) were not delivered; each is named above"
run oc produce -b "$B" --on-invalid skip -o yaml bad.jsonl
expect_in "produce -o yaml: the same document" "$OUT" "rejected: 2"
run oc produce -b "$B" --on-invalid skip --report report.jsonl bad.jsonl
expect_not_in "with --report, stderr names no line" "$ERR" "bad.jsonl:4"
expect_in "... and points to the report" "$ERR" "each is reported in report.jsonl"
# An input that breaks mid-run (a directory after a file): the document still comes, with the
# error in it, and the lines not delivered are still named.
mkdir -p not-a-file
run oc produce -b "$B" --on-invalid skip -o json bad.jsonl not-a-file
expect_status "produce whose second input cannot be read: exit 1" 1
conforms "produce -o json after a read error" produce "$OUT"
expect_eq "... its counts and its error" "$(jq -c '[.lines, .rejected, (.error | test("cannot read not-a-file"))]' "$OUT")" \
    "[6,2,true]"
expect_in "... and the rejected lines named on stderr" "$ERR" "bad.jsonl:4: rejected"
for i in $(seq 25); do echo "bad line $i"; done >many.jsonl
run oc produce -b "$B" --on-invalid skip many.jsonl
expect_eq "25 rejected lines: the first 20 named" "$(grep -c 'many.jsonl:[0-9]*: rejected' "$ERR")" 20
expect_in "... then how many more" "$ERR" "and 5 more: use --report FILE"

# --- the role service: outcomes in jsonl, its summary in json, yaml, table ---------------------
run oc produce -b "$B" "$ORDERS"
expect_status "produce the example orders" 0
IN_TOPIC=$(oc topics describe orders -b "$B" -o json | jq '[.partitions[].log_end_offset] | add')
run oc consume -b "$B" --role payment --until end -o json
expect_status "consume --role payment -o json" 0
conforms "consume --role -o json" consume-role "$OUT"
expect_eq "role -o json: every record of the topic processed" "$(jq .processed "$OUT")" "$IN_TOPIC"
run oc consume -b "$B" --role inventory --until end -o yaml
expect_in "consume --role -o yaml: the summary" "$OUT" "role: inventory"
run oc consume -b "$B" --role fulfillment --until end -o table
expect_eq "consume --role -o table: outcome rows" "$(head -n 1 "$OUT" | tr -s ' ')" "ROLE GROUP OUTCOME COUNT"
expect_in "... the dead letters last" "$OUT" "dead-lettered"
run oc consume -b "$B" --role payment --group other --until end
expect_eq "consume --role without -o: nothing on stdout" "$(wc -c <"$OUT")" 0

# --- the other commands' documents -----------------------------------------------------------
run oc topics list -b "$B" -o json
conforms "topics list -o json" topics-list "$OUT"
run oc topics describe orders -b "$B" -o json
conforms "topics describe -o json" topics-describe "$OUT"
run oc offsets -b "$B" --role payment -o json
conforms "offsets -o json" offsets "$OUT"
run oc profile show -b "$B" -o json
conforms "profile show -o json" profile-show "$OUT"
printf 'profiles:\n  local:\n    bootstrap-servers: %s\n' "$B" >orderctl.yaml
run oc profile list -o json
conforms "profile list -o json" profile-list "$OUT"
rm orderctl.yaml
run oc smoke -b "$B" -o json
conforms "smoke -o json" smoke "$OUT"
run oc demo -o json
expect_status "demo -o json exits 0" 0
conforms "demo -o json" demo "$OUT"
expect_eq "... order 12345, delivered, an outcome from each role" \
    "$(jq -c '[.order.order_id, .order.status, [.order.outcomes[] | .role]]' "$OUT")" \
    '["12345","delivered",["inventory","payment","fulfillment"]]'
# eventhubs-setup --dry-run writes nothing and needs no cluster: its profile part. The Endpoint
# must be a Service Bus name (the harness's emulator's); -b keeps the address on loopback.
export EH_JSON_TEST='Endpoint=sb://orderctl-emulator.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=json-test-secret'
run oc --config eventhubs.yaml -b 127.0.0.1:9093 eventhubs-setup --connection-string-env EH_JSON_TEST \
    --dry-run -o json
expect_status "eventhubs-setup --dry-run -o json exits 0" 0
conforms "eventhubs-setup --dry-run -o json" eventhubs-setup "$OUT"
expect_eq "... the profile it would write, the secret by reference" \
    "$(jq -c '[.profile.action, .profile.password]' "$OUT")" '["would be created","{env: EH_JSON_TEST}"]'
expect_not_in "... and never the secret" "$OUT" "json-test-secret"
expect_eq "... and wrote no file" "$(ls eventhubs.yaml 2>/dev/null)" ""

# --- an interrupted run says so, and what stayed unknown ---------------------------------------
mkfifo input.fifo
"$ORDERCTL" produce -b "$B" -o json --report interrupted.report <input.fifo >interrupted.json 2>interrupted.err &
PRODUCE_PID=$!
exec 3>input.fifo
cat "$ORDERS" >&3
wait_until 30 nonempty interrupted.report
kill -TERM "$PRODUCE_PID"
STATUS=0; reap "$PRODUCE_PID" 30 || STATUS=$?
exec 3>&-
expect_status "an interrupted produce exits 130" 130
expect_in "... and its summary says it was interrupted" interrupted.err "interrupted: stopped reading at a signal"
expect_eq "... in its document too" "$(jq .interrupted interrupted.json)" true

"$ORDERCTL" consume -b "$B" --role payment --group interrupted-payment -o json >role.json 2>role.err &
ROLE_PID=$!
committed() { [ "$(oc offsets -b "$B" --group interrupted-payment -o json 2>/dev/null | jq '[.[].partitions[].committed // 0] | add // 0')" -gt 0 ]; }
POLL=0.5 wait_until 60 committed
kill -TERM "$ROLE_PID"
STATUS=0; reap "$ROLE_PID" 60 || STATUS=$?
expect_status "an interrupted role service exits 130" 130
expect_in "... and its summary says it was interrupted" role.err "interrupted: stopped at a signal"
expect_eq "... in its document too" "$(jq .interrupted role.json)" true

# --- envelopes naming a partition the topic lacks: the error names --repartition ---------------
head -n 1 "$ORDERS" | jq -c '{topic: "x", partition: 7, offset: 0, key: .order_id, value: .}' >envelopes.jsonl
run oc produce -b "$B" -t orders --envelope envelopes.jsonl
expect_status "an envelope for partition 7 of 3: not delivered" 1
expect_in "... the error names --repartition" "$ERR" "--repartition"

finish
