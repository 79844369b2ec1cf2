#!/usr/bin/env bash
# `offsets --recommend-instances` on a real Kafka 4.1 node: a role group's instances by KEDA's
# Kafka scaler's rules, on offsets placed partition by partition with `offsets reset`, the lag
# witnessed by Kafka's ConsumerGroupCommand; the shapes: no commit (earliest, latest,
# scaleToZeroOnInvalidOffset), lag on every partition, the integer-division edge where KEDA runs
# one instance too many, lag on one partition (limitToPartitionsWithLag), activation, and
# excludePersistentLag over --watch refreshes (KEDA's polls); and the
# flags' usage errors.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"

id=$(unique scaling)
role_setup "$id" 3 payment
group="$id-payment"
oc produce "$SOURCE_DIR/examples/orders.jsonl" -q
# the JSON of the payment group's recommendation, with any more flags
recommend() { run oc offsets --role payment --recommend-instances -o json "$@"; }
field() { jq -c ".[0] | $1" "$OUT"; }

# --- no commit yet ------------------------------------------------------------------------------
recommend
expect_status "--recommend-instances exits 0" 0
expect_eq "it reads the role's orders topic, every partition, though nothing is committed" \
    "$(field '[.group, (.partitions | map(.topic) | unique), .scaling.partitions]')" \
    "[\"$group\",[\"$id.orders\"],3]"
expect_eq "earliest (the role services' start): all 120 records are lag; 12 thresholds, capped at 3" \
    "$(field '[.scaling.lag, .scaling.active, .scaling.keda_instances, .recommended_instances]')" \
    '[120,true,3,3]'
recommend --offset-reset-policy latest
expect_eq "latest: KEDA counts 1 per partition without a commit, so one instance starts" \
    "$(field '[.scaling.lag, .recommended_instances]')" '[3,1]'
recommend --offset-reset-policy latest --scale-to-zero-on-invalid-offset
expect_eq "scaleToZeroOnInvalidOffset: no lag, inactive, zero instances" \
    "$(field '[.scaling.lag, .scaling.active, .recommended_instances]')" '[0,false,0]'

# --- 13 records behind on each partition: lag 39 over 3 partitions --------------------------------
for p in 0 1 2; do
    end=$(jq -r ".[0].partitions[] | select(.partition == $p) | .log_end" "$OUT")
    oc offsets reset --group "$group" --topic "$id.orders:$p" --to-offset $((end - 13)) --execute -q \
        >/dev/null 2>&1 || fail "reset partition $p"
done
witness=$(kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server \
    "$BOOTSTRAP" --describe --group "$group" 2>/dev/null | awk -v t="$id.orders" '$2==t {s+=$6} END {print s}')
expect_eq "ConsumerGroupCommand sees a lag of 39" "$witness" 39
recommend
expect_eq "lag 39, threshold 10: KEDA's cap (39 / 10 = 3, not > 3) lets 4 through; we say 3" \
    "$(field '[.scaling.lag, .scaling.metric, .scaling.keda_instances, .recommended_instances]')" \
    '[39,39,4,3]'
expect_in "a note says KEDA would run one more" "$ERR" "KEDA's scaler would run 4 instance(s) for 3 partition(s)"
recommend --lag-threshold 13
expect_eq "threshold 13: exactly 3" "$(field '.recommended_instances')" 3
recommend --lag-threshold 20
expect_eq "threshold 20: ceil(39 / 20) = 2, KEDA agrees" "$(field '[.scaling.keda_instances, .recommended_instances]')" '[2,2]'
run oc offsets --role payment --recommend-instances
expect_eq "the table's total row has the instances" \
    "$(awk '$2 == "(total)" {print $NF}' "$OUT")" 3
expect_in "the table has an INSTANCES column" "$OUT" "INSTANCES"

# --- lag on one partition only ------------------------------------------------------------------------
for p in 0 1; do
    oc offsets reset --group "$group" --topic "$id.orders:$p" --to-latest --execute -q >/dev/null 2>&1
done
recommend
expect_eq "lag 13 on one partition: 2 by the threshold" "$(field '[.scaling.lag, .scaling.partitions_with_lag, .recommended_instances]')" '[13,1,2]'
recommend --limit-to-partitions-with-lag
expect_eq "limitToPartitionsWithLag: one partition has lag, one instance" "$(field '.recommended_instances')" 1
recommend --activation-lag-threshold 13
expect_eq "activation threshold 13: lag 13 does not activate, zero instances" \
    "$(field '[.scaling.active, .recommended_instances]')" '[false,0]'
recommend --allow-idle-consumers --lag-threshold 1
expect_eq "allowIdleConsumers: no cap, 13 instances for 13 records" "$(field '.recommended_instances')" 13

# --- excludePersistentLag: each --watch refresh is one poll; a partition that did not move counts 0 -------
# watch_polls N FLAGS...: N snapshots of the watch (JSON Lines) into polls.jsonl.
watch_polls() {
    local n=$1
    shift
    "$ORDERCTL" offsets --role payment --recommend-instances --watch 0.3 -o json "$@" >polls.jsonl 2>polls.err &
    local watcher=$!
    polled() { [ "$(wc -l <polls.jsonl)" -ge "$1" ]; }
    wait_until 30 polled "$n"
    kill -INT "$watcher"
    wait "$watcher" 2>/dev/null
}
poll() { sed -n "${1}p" polls.jsonl | jq -c ".groups[0] | $2"; }
watch_polls 2 --exclude-persistent-lag
expect_eq "first poll: no previous offsets, the 13 records count (2 instances)" \
    "$(poll 1 '[.scaling.lag, .scaling.lag_with_persistent, .recommended_instances]')" '[13,13,2]'
expect_eq "second poll, nothing moved: the lag counts for activation only, one instance stays" \
    "$(poll 2 '[.scaling.lag, .scaling.lag_with_persistent, .scaling.active, .recommended_instances, .scaling.exclude_persistent_lag]')" \
    '[0,13,true,1,true]'
watch_polls 2
expect_eq "without the flag, the same stuck lag keeps counting" \
    "$(poll 2 '[.scaling.lag, .recommended_instances, .scaling.exclude_persistent_lag]')" '[13,2,false]'

# --- usage errors ------------------------------------------------------------------------------------
run oc offsets --role payment --recommend-instances --lag-threshold 0
expect_status "--lag-threshold 0 is a usage error" 2
expect_in "it says what a threshold must be" "$ERR" "--lag-threshold must be a whole number of 1 or more"
run oc offsets --role payment --lag-threshold 5
expect_status "--lag-threshold without --recommend-instances is a usage error" 2
run oc offsets --role payment --recommend-instances --exclude-persistent-lag
expect_status "--exclude-persistent-lag without --watch is a usage error (no previous poll)" 2
expect_in "it says it needs --watch" "$ERR" "--watch"
run oc offsets --role payment --exclude-persistent-lag --watch 1
expect_status "--exclude-persistent-lag without --recommend-instances is a usage error" 2
run oc offsets --role payment --metrics 127.0.0.1:0
expect_status "offsets --metrics without --watch is a usage error" 2
run timeout 20 "$ORDERCTL" -b 127.0.0.1:1 offsets --role payment --watch 1 --metrics not-an-address
expect_status "offsets --watch --metrics with a malformed address: usage error, before any cluster is asked" 2
expect_in "it names the address it wants" "$ERR" "--metrics wants HOST:PORT or :PORT"
"$ORDERCTL" offsets --role payment --watch 5 --metrics 127.0.0.1:0 -o json >/dev/null 2>first.err &
first=$!
announced() { grep -q "metrics at http://" first.err; }
wait_until 20 announced
busy=$(sed -n 's|.*metrics at http://127.0.0.1:\([0-9]*\)/metrics.*|\1|p' first.err)
run timeout 20 "$ORDERCTL" offsets --role payment --watch 1 --metrics "127.0.0.1:${busy:-0}"
expect_status "a second exporter on the first one's port (${busy:-none}) fails (exit 1)" 1
kill -INT "$first"
wait "$first" 2>/dev/null
run oc offsets --role payment --recommend-instances --allow-idle-consumers --limit-to-partitions-with-lag
expect_status "allowIdleConsumers with limitToPartitionsWithLag is refused, as KEDA refuses it" 2
run oc offsets --role payment --recommend-instances --max-lag 5
expect_status "--recommend-instances with --max-lag is a usage error" 2
run oc offsets --role payment --recommend-instances --offset-reset-policy newest
expect_status "an unknown --offset-reset-policy is a usage error" 2

finish
