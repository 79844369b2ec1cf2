#!/usr/bin/env bash
# `orderctl topics` on a real 3-node KRaft quorum: replicas and ISR across brokers, and what
# describe shows while a node is down and after it is back.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
export ORDERCTL_BOOTSTRAP_SERVERS="$BOOTSTRAP"
echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"
topic=$(unique replicated)

run oc topics create "$topic" --partitions 3 --replication-factor 3 --config min.insync.replicas=2
expect_status "create RF=3 on the quorum exits 0" 0

run oc topics describe "$topic" -o json
expect_eq "every partition has 3 replicas" "$(jq '[.partitions[] | .replicas | length] | unique' -c "$OUT")" "[3]"
expect_eq "every partition has 3 in sync" "$(jq '[.partitions[] | .isr | length] | unique' -c "$OUT")" "[3]"
expect_eq "the replicas span all three brokers" "$(jq '[.partitions[].replicas[]] | unique' -c "$OUT")" "[1,2,3]"
expect_eq "min.insync.replicas is shown" "$(jq -r '.configs["min.insync.replicas"]' "$OUT")" 2

# Take down the leader of partition 0 and wait (bounded) for Kafka to move leadership.
leader=$(jq '.partitions[0].leader' "$OUT")
"$SOURCE_DIR/scripts/kafka/node.sh" "$KAFKA_STATE" kill "$leader" >/dev/null
# While the dead node still leads, describe must stay bounded and say which offsets it lacks.
SECONDS=0
run oc topics describe "$topic" -o json --timeout 3
if [ "$SECONDS" -le 20 ]; then pass "describe with a dead leader returns within its timeouts (${SECONDS}s)"; else
    fail "describe with a dead leader took ${SECONDS}s"; fi
moved=""
leader_moved() {
    run oc topics describe "$topic" -o json --timeout 3 && [ "$(jq '.partitions[0].leader' "$OUT")" != "$leader" ] &&
        [ "$(jq '.partitions[0].isr | length' "$OUT")" = 2 ]
}
POLL=1 wait_until 90 leader_moved && moved=yes
expect_eq "with the leader killed, describe shows a new leader and a shrunken ISR" "$moved" yes
expect_eq "offsets of the new leader are known again" "$(jq '.partitions[0].log_end_offset' "$OUT")" 0
expect_not_in "the dead broker is not in any ISR" <(jq -c '[.partitions[].isr[]] | unique' "$OUT") "$leader"

"$SOURCE_DIR/scripts/kafka/node.sh" "$KAFKA_STATE" start "$leader" >/dev/null
healed=""
isr_whole() { run oc topics describe "$topic" -o json --timeout 3 && [ "$(jq '[.partitions[] | .isr | length] | unique' -c "$OUT")" = "[3]" ]; }
POLL=1 wait_until 120 isr_whole && healed=yes
expect_eq "after the restart every partition is back to 3 in sync" "$healed" yes

run oc topics delete "$topic" --yes
expect_status "delete on the quorum exits 0" 0
finish
