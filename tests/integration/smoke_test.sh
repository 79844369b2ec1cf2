#!/usr/bin/env bash
# orderctl smoke on a real Kafka node: the canary round trip with and without --create, its
# marker seen by kcat (an independent witness), a second run reading back only its own records,
# and a broker that is down (exit 5, the failed step named, in the table and in JSON).
. "$(dirname "$0")/lib.sh"
: "${KAFKA_STATE:?set KAFKA_STATE to a running harness directory (scripts/kafka/start.sh)}"
use_kafka "$KAFKA_STATE"
oc() { "$ORDERCTL" -b "$BOOTSTRAP" "$@"; }

TOPIC=$(unique smoke)

run oc smoke -t "$TOPIC"
expect_status "smoke on a missing topic without --create fails" 1
expect_in "it names the failed step" "$ERR" "step 'topic' failed"
expect_in "and hints at --create" "$ERR" "--create"
expect_in "the table shows the failed step" "$OUT" "FAILED"

run oc smoke -t "$TOPIC" --create -o json
expect_status "smoke --create" 0
expect_eq "smoke --create: the steps, each ok" \
    "$(jq -r '[.steps[] | "\(.step)=\(.ok)"] | join(" ")' "$OUT")" \
    "connect=true topic=true produce=true consume=true"
expect_in "smoke --create: the topic step created it" "$OUT" "created, 1 partition"
expect_eq "smoke --create: ok, with a latency" "$(jq -r '"\(.ok) \(.latency_ms | type)"' "$OUT")" \
    "true number"
expect_eq "smoke --create: partition 0, offset 0" "$(jq -c '[.partition, .offsets]' "$OUT")" '[0,[0]]'
ID=$(jq -r .id "$OUT")
expect_eq "kcat (witness) sees the marked record: key and header" \
    "$(kcat -b "$BOOTSTRAP" -C -t "$TOPIC" -e -q -f '%k %h\n' 2>/dev/null)" \
    "orderctl-smoke-$ID orderctl-smoke-id=$ID"

run oc smoke -t "$TOPIC" --count 3 -o json
expect_status "smoke --count 3 on the existing topic" 0
expect_eq "smoke --count 3: its own three offsets, after the first run's" \
    "$(jq -c .offsets "$OUT")" '[1,2,3]'
expect_in "smoke: the topic step found it" "$OUT" "exists, 1 partition"
expect_eq "smoke --count 3: a new marker" "$([ "$(jq -r .id "$OUT")" != "$ID" ] && echo new)" new

run oc smoke -t "$TOPIC"
expect_status "smoke as a table" 0
expect_in "the table has the round trip" "$OUT" "round trip"
expect_in "the table has the consume step" "$OUT" "consume"

# A broker that is down: nothing listens on the port of a closed socket.
DOWN=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
run "$ORDERCTL" -b "127.0.0.1:$DOWN" --timeout 5 smoke -o json
expect_status "smoke with the broker down exits 5" 5
expect_in "it names the failed step" "$ERR" "step 'connect' failed"
expect_eq "JSON: the failed step is the last, not ok" \
    "$(jq -r '"\(.ok) \(.steps[-1].step) \(.steps[-1].ok)"' "$OUT")" "false connect false"

finish
