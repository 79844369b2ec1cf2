#!/usr/bin/env bash
# The whole cluster unreachable: producers and consumers wait within their --timeout, say so, and
# exit 5; a group consumer commits nothing it did not process; once the cluster is back, work
# resumes where it stopped. Two kinds of "unreachable":
#   - a port with nothing listening (connections refused at once);
#   - the real 3-node quorum frozen with SIGSTOP (connections accepted by the kernel, then
#     silence: the slow, hard case). node.sh cannot bring back a quorum stopped entirely (a lone
#     node never becomes ready), so the freeze stands in for a full outage; SIGCONT in a trap.
. "$(dirname "$0")/faults_lib.sh"

frozen=()
thaw() {
    local pid
    for pid in "${frozen[@]}"; do kill -CONT "$pid" 2>/dev/null; done
    frozen=()
}
# Whatever happens, every node runs again (faults_lib.sh then waits for the quorum whole).
fault_cleanup() { thaw; }

TIMEOUT=5
# timed NAME CMD...: runs CMD (bounded by `timeout 120`) like `run`, and prints how long it took.
timed() {
    local name=$1 t0
    shift
    t0=$(now_ms)
    [ "$1" = oc ] && set -- "$ORDERCTL" "${@:2}"  # `timeout` runs programs, not shell functions
    run timeout 120 "$@"
    echo "$name: exit $STATUS after $(seconds_since "$t0")s"
}
expect_unreachable() {  # NAME: the last run exited 5 with an error and a hint
    expect_status "$1 exits 5" 5
    expect_in "$1 says why" "$ERR" "orderctl: error:"
    expect_in "$1 gives a hint" "$ERR" "hint:"
}

# --- nothing listening ---------------------------------------------------------------------------
dead=127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
timed "refused: produce" oc -b "$dead" --timeout $TIMEOUT produce --generate 10
expect_unreachable "refused: produce"
expect_eq "refused: produce sent nothing to stdout" "$(wc -c <"$OUT")" 0
timed "refused: consume" oc -b "$dead" --timeout $TIMEOUT consume -t orders --until end
expect_unreachable "refused: consume"
timed "refused: group consume" oc -b "$dead" --timeout $TIMEOUT consume -t orders -g g1 --until end
expect_unreachable "refused: group consume"
timed "refused: payment service" oc -b "$dead" --timeout $TIMEOUT consume --role payment --until end
expect_unreachable "refused: payment service"
timed "refused: offsets" oc -b "$dead" --timeout $TIMEOUT offsets -g g1
expect_unreachable "refused: offsets"

# --- the quorum frozen --------------------------------------------------------------------------
id=$(unique fu)
cat >orderctl.yaml <<YAML
current-profile: q  # for the helpers, which pass only -b
profiles:
  q:
    bootstrap-servers: $BOOTSTRAP
    topics: {orders: $id.orders}
    roles: {payment: {group: $id-payment, output-topic: $id.payments}}
YAML
for t in orders orders.dlq payments; do
    oc -p q topics create "$id.$t" --partitions 3 --replication-factor 3 --config min.insync.replicas=2 >/dev/null 2>&1 ||
        fail "cannot create $id.$t"
done
oc -p q produce --generate 2000 --seed 31 -q || fail "first 2000 orders not produced"
run oc -p q consume --role payment --until end
expect_in "before the outage the service processes the first 2000" "$ERR" "2000 processed"
oc -p q produce --generate 1000 --seed 32 -q || fail "next 1000 orders not produced"

group_offsets() {  # the group's committed offsets on the orders topic, "p=offset" sorted
    kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --group "$1" 2>/dev/null | awk -v t="$id.orders" '$2 == t { print $3 "=" $4 }' | sort | tr '\n' ' '
}
before=$(group_offsets "$id-payment")
outcomes() { timeout 180 kcat -C -b "$BOOTSTRAP" -t "$id.payments" -e -q -f '%k\n' 2>/dev/null; }

# A producer that is mid-run when the cluster goes: lines before the outage are delivered, the
# rest wait --flush-timeout and are reported not sent, each one.
mkfifo feed
"$ORDERCTL" -p q --timeout $TIMEOUT produce --flush-timeout $TIMEOUT --report report.jsonl <feed >/dev/null 2>midrun.err &
producer=$!
exec 7>feed
jq -c --arg p "M-" '.order_id = $p + .order_id' "$SOURCE_DIR/examples/orders.jsonl" | head -60 >&7
# (the report is written as deliveries come back but flushed at the end: watch the log instead)
delivered_60() { topic_json "$id.orders" && [ "$(jq '[.partitions[].log_end_offset] | add' "$TEST_WORK/describe.json")" -ge 3060 ]; }
wait_for 60 delivered_60 || fail "the mid-run producer did not deliver its first 60 orders"

for node in ${KAFKA_NODE_IDS//,/ }; do
    pid=$(node_pid "$node")
    [ -n "$pid" ] && kill -STOP "$pid" && frozen+=("$pid")
done
expect_eq "all three nodes are frozen" "${#frozen[@]}" 3
outage=$(now_ms)

jq -c --arg p "M-" '.order_id = $p + .order_id' "$SOURCE_DIR/examples/orders.jsonl" | tail -60 >&7
exec 7>&-
producer_done() { ! kill -0 "$producer" 2>/dev/null; }
if wait_for 120 producer_done; then wait "$producer"; STATUS=$?; else kill -INT "$producer"; wait "$producer"; STATUS=124; fi
cp midrun.err "$ERR"
echo "mid-run producer: exit $STATUS after $(seconds_since "$outage")s of outage"
expect_status "the mid-run producer ends within its flush timeout with 'partial' (4)" 4
expect_eq "its report has one line per input line" "$(wc -l <report.jsonl)" 120
expect_eq "the 60 lines before the outage are delivered" \
    "$(head -60 report.jsonl | jq -r .status | sort | uniq -c | awk '{print $1, $2}')" "60 delivered"
expect_eq "the 60 lines during the outage are not delivered, each reported" \
    "$(tail -60 report.jsonl | jq -r .status | grep -vc delivered)" 60
tail -60 report.jsonl | jq -r '"\(.status): \(.error)"' | sort | uniq -c | sed 's/^/  mid-run report: /'
# Sent but unacknowledged records may still be stored once the broker runs again: the report says
# so for exactly those (status "unknown", "may have stored it"); queued ones were never sent.
expect_eq "the lines not delivered are 'unknown' (in flight) or 'not-sent' (queued), nothing else" \
    "$(tail -60 report.jsonl | jq -r .status | grep -vcE '^(unknown|not-sent)$')" 0
expect_eq "every 'unknown' line says the broker may have stored it, no 'not-sent' one does" \
    "$(jq -r 'select((.status == "unknown") != (.error // "" | contains("may have stored")) and .status != "delivered") | .line' report.jsonl | wc -l)" 0
jq -r 'select(.status == "delivered" or (.error // "" | contains("may have stored"))) | .key' report.jsonl | sort >may_be_stored.txt
jq -r 'select(.status == "delivered") | .key' report.jsonl | sort >delivered.txt

timed "frozen: produce" oc -p q --timeout $TIMEOUT produce --generate 100 --seed 33
expect_unreachable "frozen: produce"
timed "frozen: payment service" oc -p q --timeout $TIMEOUT consume --role payment --until end
expect_unreachable "frozen: payment service"
timed "frozen: group consume" oc -p q --timeout $TIMEOUT consume -t "$id.orders" -g "$id-plain" --until end
expect_unreachable "frozen: group consume"
expect_eq "frozen: nothing reached stdout" "$(wc -c <"$OUT")" 0

thaw
if wait_for 120 isr_full "$id.orders" 3; then
    pass "after the outage the quorum serves again ($(seconds_since "$outage")s from the freeze)"
else fail "the quorum did not recover within 120 s"; fi
recovered=$(seconds_since "$outage")

expect_eq "nothing was committed during the outage (ConsumerGroupCommand)" "$(group_offsets "$id-payment")" "$before"
expect_eq "and no outcome was published for orders not processed" "$(outcomes | wc -l)" 2000

run oc -p q consume --role payment --until end
expect_status "after the outage the service resumes" 0
outcomes | sort -u >outcomes.txt
grep '^M-' outcomes.txt >stored_midrun.txt
expect_eq "every delivered mid-run order was processed" "$(comm -23 delivered.txt stored_midrun.txt | wc -l)" 0
expect_eq "no mid-run order is stored that the report called never sent" "$(comm -13 may_be_stored.txt stored_midrun.txt | wc -l)" 0
expect_eq "every generated order of the 3000 has its outcome" "$(grep -vc '^M-' outcomes.txt)" 3000
expect_in "it processed the waiting orders" "$ERR" "$((1000 + $(wc -l <stored_midrun.txt))) processed"
run oc -p q produce --generate 100 --seed 33
expect_status "a producer delivers again" 0
not_sent=$(jq -c 'select(.status != "delivered")' report.jsonl | wc -l)

echo "faults unreachable summary: refused and frozen runs exit 5 within --timeout $TIMEOUT;" \
    "mid-run producer: 60 delivered, $not_sent reported not delivered ($(($(wc -l <stored_midrun.txt) - 60)) of them stored after all, as reported possible); committed during outage: none;" \
    "recovered ${recovered}s after the freeze"
for t in orders orders.dlq payments; do oc -p q topics delete "$id.$t" --yes >/dev/null 2>&1; done
finish
