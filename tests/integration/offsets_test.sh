#!/usr/bin/env bash
# `orderctl offsets` against a real Kafka 4.1 KRaft node, checked against Kafka's own
# ConsumerGroupCommand --describe, partition by partition.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
export ORDERCTL_BOOTSTRAP_SERVERS="$BOOTSTRAP"
echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"

topic=$(unique offsets)
group=$(unique group)
oc topics create "$topic" --partitions 3 >/dev/null 2>&1
oc produce "$SOURCE_DIR/examples/orders.jsonl" --topic "$topic" -q
oc consume --topic "$topic" --group "$group" --max 50 -q >/dev/null

run oc offsets --group "$group" -o json
expect_status "offsets exits 0" 0
cp "$OUT" ours.json
kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
    --describe --group "$group" 2>/dev/null | awk -v t="$topic" '$2==t {print $3, $4, $5, $6}' | sort >theirs.txt
jq -r '.[0].partitions[] | select(.committed != null) | "\(.partition) \(.committed) \(.log_end) \(.lag)"' ours.json | sort >ours.txt
expect_eq "committed, log end and lag equal ConsumerGroupCommand's, partition by partition" \
    "$(diff ours.txt theirs.txt >/dev/null && echo same || echo different)" same
[ -s theirs.txt ] && pass "ConsumerGroupCommand listed the group's partitions" || fail "no witness rows"
expect_eq "the log ends add up to what was produced" "$(jq '[.[0].partitions[].log_end] | add' ours.json)" 120
expect_eq "a partition without a commit shows null, not 0" \
    "$(jq '[.[0].partitions[] | select(.committed == null) | .lag] | unique' -c ours.json)" \
    "$( [ "$(jq '[.[0].partitions[] | select(.committed == null)] | length' ours.json)" -gt 0 ] && echo '[null]' || echo '[]')"

run oc offsets --group "$group" --max-lag 1000
expect_status "--max-lag above the lag exits 0" 0
run oc offsets --group "$group" --max-lag 0
expect_status "--max-lag below the lag exits 4" 4
expect_in "--max-lag says which lag" "$ERR" "more than --max-lag 0"

# A running member: state Stable, and it owns partitions.
"$ORDERCTL" consume --topic "$topic" --group "$group" -q >/dev/null 2>&1 &
pid=$!
stable=""
for _ in $(seq 60); do
    run oc offsets --group "$group" -o json
    if [ "$(jq -r '.[0].state' "$OUT")" = Stable ] && [ "$(jq '[.[0].partitions[] | select(.owner != null)] | length' "$OUT")" = 3 ] \
        && [ "$(jq '.[0].total_lag' "$OUT")" = 0 ]; then stable=yes; break; fi
    sleep 0.5
done
kill -INT "$pid"; wait "$pid" 2>/dev/null
expect_eq "with a live member: state Stable, every partition owned, lag 0" "$stable" yes
run oc offsets --group "$group" -o json
expect_eq "after it left, the group is Empty" "$(jq -r '.[0].state' "$OUT")" Empty

run oc offsets
expect_status "offsets with no group shows the role groups" 0
expect_in "the role groups are listed" "$OUT" "orderctl-payment"

finish
