#!/usr/bin/env bash
# offsets on a cluster that has never seen a consumer group (its own CTest fixture, kafka_fresh,
# which no other test uses): the first group calls create __consumer_offsets, and while its
# coordinator loads, OffsetFetch answers NOT_COORDINATOR or COORDINATOR_NOT_AVAILABLE.
# librdkafka 2.0.2 sends the coordinator lookup such an answer calls for to the handle's own
# consumer group, which an admin handle does not have: `offsets` died with SIGSEGV (exit 139),
# the group-lag exporter (`offsets --watch --metrics`) with it. orderctl asks on a handle with a
# group of its own and asks again while the coordinator moves.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
export ORDERCTL_BOOTSTRAP_SERVERS="$BOOTSTRAP"
echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"

# The exporter first: the very first group call this cluster gets.
"$ORDERCTL" offsets --role payment --watch 0.5 -o json >watch.jsonl 2>watch.err &
watcher=$!
trap 'kill -TERM "$watcher" 2>/dev/null; rm -rf "$TEST_WORK"' EXIT
three_snapshots() { [ "$(wc -l <watch.jsonl)" -ge 3 ] || ! kill -0 "$watcher" 2>/dev/null; }
wait_until 60 three_snapshots
kill -TERM "$watcher" 2>/dev/null
reap "$watcher" 20
STATUS=$?
trap 'rm -rf "$TEST_WORK"' EXIT
expect_status "offsets --watch on a new cluster runs until SIGTERM (exit 130; 139 was the crash)" 130
expect_eq "... and writes its snapshots, the payment group in each" \
    "$(jq -r '.groups[0].group' watch.jsonl 2>/dev/null | sort -u)" "orderctl-payment"
[ "$(wc -l <watch.jsonl)" -ge 3 ] && pass "at least three snapshots" ||
    fail "only $(wc -l <watch.jsonl) snapshots: $(head -3 watch.err)"

# A one-shot read, and a group this cluster's coordinator has not seen.
run oc offsets --group "$(unique fresh)" -o json
expect_status "offsets of a group never seen: exit 0" 0
expect_eq "... with no committed partition" "$(jq -r '.[0].totals.committed_partitions' "$OUT")" 0

finish
