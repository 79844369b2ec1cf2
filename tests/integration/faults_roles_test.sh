#!/usr/bin/env bash
# The payment service (consume --role payment) on the real 3-node quorum while a broker is
# SIGKILLed and restarted under it: at-least-once, every order gets an outcome; with
# --exactly-once, exactly one outcome per order in a read_committed view (kcat as the witness).
. "$(dirname "$0")/faults_lib.sh"

# Large enough that the broker is killed while the service runs (it handles 100k+ a second).
ORDERS=${FAULTS_ROLE_ORDERS:-600000}
id=$(unique fr)
payment_profiles "$id" orders orders  # one orders topic for both
run oc -p alo produce --generate "$ORDERS" --seed 21 -q
expect_status "$ORDERS orders produced" 0

outcomes() { timeout 180 kcat -C -b "$BOOTSTRAP" -t "$1" -e -q "${@:2}" -f '%k\n' 2>/dev/null; }
published() { oc -p alo topics describe "$1" -o json --timeout 3 2>/dev/null | jq '[.partitions[].log_end_offset // 0] | add'; }

summary=()
# under_fault MODE FLAGS...: runs the payment service of profile MODE; once it has published some
# outcomes, SIGKILLs the leader of its output topic's partition 0, restarts it, and waits for the
# service to end by itself (bounded). Sets STATUS and the run's stderr in $ERR.
under_fault() {
    local mode=$1 out=$id.$1.payments node t0 to_leader to_isr landed=no
    shift
    "$ORDERCTL" -p "$mode" consume --role payment --until end "$@" >/dev/null 2>"$TEST_WORK/$mode.err" &
    local service=$!
    progressed() { [ "$(published "$out")" -gt $((ORDERS / 10)) ] 2>/dev/null; }
    wait_for 120 progressed || fail "$mode: the service published nothing within 120 s"
    node=$(live_leader "$out" 0)
    kill -0 "$service" 2>/dev/null && landed=yes
    t0=$(now_ms)
    node_kill "$node" || fail "$mode: cannot kill node $node"
    if wait_for 90 led_without "$out" "$node"; then to_leader=$(seconds_since "$t0"); else to_leader=never; fi
    node_start "$node" || fail "$mode: node $node did not come back"
    if wait_for 120 isr_full "$out" 3; then to_isr=$(seconds_since "$t0"); else to_isr=never; fi
    expect_eq "$mode: the SIGKILL of node $node landed while the service ran" "$landed" yes
    [ "$to_leader" != never ] && pass "$mode: new leaders after ${to_leader}s" || fail "$mode: no new leader"
    [ "$to_isr" != never ] && pass "$mode: ISR full again after ${to_isr}s" || fail "$mode: ISR not full again"
    await_exit 300 "$service" INT
    cp "$TEST_WORK/$mode.err" "$ERR"
    summary+=("$mode:node$node:leader=${to_leader}s:isr=${to_isr}s")
}

# --- at-least-once ----------------------------------------------------------------------------
under_fault alo
expect_status "at-least-once: the service finishes by itself through the fault" 0
expect_in "at-least-once: it processed to the end" "$ERR" "processed"
read -r alo_total alo_distinct < <(outcomes "$id.alo.payments" | awk '{n++; s[$1]=1} END {print n+0, length(s)}')
expect_eq "at-least-once: every order has an outcome" "$alo_distinct" "$ORDERS"
missing=$(comm -23 <(seq 1 "$ORDERS" | sed 's/^/G21-/' | sort) <(outcomes "$id.alo.payments" | sort -u) | head -5 | tr '\n' ' ')
expect_eq "at-least-once: no order id is missing" "$missing" ""
committed() {
    kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --group "$1" 2>/dev/null | awk -v t="$id.orders" '$2 == t && $4 == $5 { n++ } END { print n+0 }'
}
expect_eq "at-least-once: the group committed the log end of all 6 partitions" "$(committed "$id-alo")" 6

# --- exactly-once -----------------------------------------------------------------------------
under_fault eos --exactly-once
expect_status "exactly-once: the service finishes by itself through the fault" 0
read -r eos_total eos_distinct < <(committed_keys "$id.eos.payments" "$ORDERS" eos-outcomes.txt)
expect_eq "exactly-once: read_committed, every order has an outcome" "$eos_distinct" "$ORDERS"
expect_eq "exactly-once: read_committed, exactly one outcome per order" "$eos_total" "$ORDERS"
expect_eq "exactly-once: the group committed the log end of all 6 partitions" "$(committed "$id-eos")" 6

echo "faults roles summary: orders=$ORDERS kills=2" \
    "alo: outcomes=$alo_total distinct=$alo_distinct lost=$((ORDERS - alo_distinct)) redone=$((alo_total - alo_distinct))" \
    "eos: committed outcomes=$eos_total distinct=$eos_distinct lost=$((ORDERS - eos_distinct)) duplicated=$((eos_total - eos_distinct))" \
    "recovery: ${summary[*]}"
for t in orders orders.dlq alo.payments eos.payments; do oc -p alo topics delete "$id.$t" --yes >/dev/null 2>&1; done
finish
