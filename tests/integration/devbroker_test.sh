#!/usr/bin/env bash
# The embedded dev broker, found by itself: `orderctl broker` runs in the background; then, with
# no profiles file, no -b and no ORDERCTL_BOOTSTRAP_SERVERS (HOME and the XDG dirs point into
# the test's own directory), produce, consume --role, offsets and smoke reach it, checked by
# content and with kcat as an independent witness. Also: -b and the environment still win, a
# profiles file wins, a dead broker's file is ignored, the file goes when the broker stops, and
# `orderctl demo` prints its walkthrough. Needs no JVM.
. "$(dirname "$0")/lib.sh"

export XDG_RUNTIME_DIR="$TEST_WORK/run" XDG_CACHE_HOME="$TEST_WORK/cache"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
ANNOUNCEMENT="$XDG_RUNTIME_DIR/orderctl/dev-broker"
ORDERS="$SOURCE_DIR/examples/orders.jsonl"

BROKER_PID=""
stop_broker() {
    if [ -n "$BROKER_PID" ]; then
        kill -INT "$BROKER_PID" 2>/dev/null
        wait "$BROKER_PID" 2>/dev/null
        BROKER_STATUS=$?
        BROKER_PID=""
    fi
}
trap 'stop_broker; rm -rf "$TEST_WORK"' EXIT

# --- before any broker: the built-in default ---------------------------------------------------
run oc profile show -o json
expect_status "profile show without a broker" 0
expect_eq "without a broker, bootstrap-servers is the default" \
    "$(jq -r '.settings[] | select(.key == "bootstrap-servers") | "\(.value) \(.origin)"' "$OUT")" \
    "localhost:9092 default"

# --- the broker announces itself ----------------------------------------------------------------
"$ORDERCTL" broker --partitions 3 >broker.out 2>broker.err &
BROKER_PID=$!
wait_until 30 nonempty broker.out "$ANNOUNCEMENT"
BOOTSTRAP=$(head -n 1 broker.out)
if [ -n "$BOOTSTRAP" ]; then pass "the broker printed its bootstrap ($BOOTSTRAP)"; else
    cat broker.err
    fail "the broker printed its bootstrap"
    finish
    exit 1
fi
expect_eq "the announcement holds the bootstrap and the pid" "$(cat "$ANNOUNCEMENT" 2>/dev/null)" \
    "$(printf 'bootstrap=%s\npid=%s' "$BOOTSTRAP" "$BROKER_PID")"
expect_eq "the announcement is private (0600)" "$(stat -c %a "$ANNOUNCEMENT" 2>/dev/null)" 600
expect_in "the broker says where it announced itself" broker.err "$ANNOUNCEMENT"

run oc profile show -o json
expect_eq "profile show: bootstrap-servers comes from the dev broker" \
    "$(jq -r '.settings[] | select(.key == "bootstrap-servers") | "\(.value) \(.origin)"' "$OUT")" \
    "$BOOTSTRAP dev-broker"
run oc -v topics list
expect_status "topics list finds the dev broker" 0
expect_in "-v says which dev broker is used" "$ERR" "using the dev broker at $BOOTSTRAP"
expect_in "topics list shows the pipeline's topics" "$OUT" "payments.events"
run oc topics list
expect_not_in "without -v, nothing is said about the dev broker" "$ERR" "using the dev broker"

# --- the flow, with no profile and no -b ---------------------------------------------------------
started_ms=$(now_ms)
run oc produce "$ORDERS" --report report.jsonl
ended_ms=$(now_ms)
expect_status "produce to the dev broker with no profile and no -b" 0
# The mock cluster answers LogAppendTime 1234 for every record; the report shows the record's
# CreateTime instead, the one consumers (kcat here) read.
expect_eq "produce: every report timestamp lies within the run" \
    "$(jq -s --argjson a "$started_ms" --argjson b "$ended_ms" \
        '[.[] | select(.timestamp < $a or .timestamp > $b)] | length' report.jsonl)" 0
kcat -b "$BOOTSTRAP" -C -t orders -e -q -f '%p %o %T\n' 2>/dev/null | sort >kcat-times.txt
expect_eq "produce: each report timestamp is the one kcat reads at its partition and offset" \
    "$(jq -r '"\(.partition) \(.offset) \(.timestamp)"' report.jsonl | sort | diff - kcat-times.txt >/dev/null && echo same)" same
expect_eq "produce: every example order delivered" \
    "$(jq -r 'select(.status == "delivered") | .key' report.jsonl | sort -u | wc -l)" \
    "$(wc -l <"$ORDERS")"
expect_eq "kcat (witness) reads every order on the dev broker" \
    "$(kcat -b "$BOOTSTRAP" -C -t orders -e -q -f '%k\n' 2>/dev/null | sort | tr '\n' ' ')" \
    "$(jq -r .order_id "$ORDERS" | sort | tr '\n' ' ')"

run oc consume --role payment --until end -o jsonl
expect_status "consume --role payment --until end" 0
expect_eq "payment authorized order 12345" \
    "$(jq -r 'select(.order_id == "12345") | .status' "$OUT")" authorized
expect_eq "payment decided on every order" "$(wc -l <"$OUT")" "$(wc -l <"$ORDERS")"
expect_in "payment's summary" "$ERR" "115 authorized, 5 declined"
expect_eq "kcat (witness): payment's outcome of 12345 on payments.events" \
    "$(kcat -b "$BOOTSTRAP" -C -t payments.events -e -q -f '%k %s\n' 2>/dev/null |
        awk '$1 == "12345" { print $2 }' | jq -r .status)" authorized

run oc offsets --role payment -o json
expect_status "offsets --role payment" 0
expect_eq "offsets: payment's committed offsets cover every order" \
    "$(jq '[.[] | select(.group == "orderctl-payment") | .partitions[] | .committed // 0] | add' "$OUT")" \
    "$(wc -l <"$ORDERS")"
expect_eq "offsets: payment's lag is zero" \
    "$(jq '.[] | select(.group == "orderctl-payment") | .total_lag' "$OUT")" 0

run oc smoke -o json
expect_status "smoke against the dev broker" 0
expect_eq "smoke: ok, every step" "$(jq -r '[.ok] + [.steps[].ok] | all' "$OUT")" true
expect_eq "smoke: a latency" "$(jq -r '.latency_ms | type' "$OUT")" number

# --- what wins over the dev broker ------------------------------------------------------------
run oc -b 127.0.0.1:1 --timeout 2 topics list
expect_status "-b wins over the dev broker (unreachable: exit 5)" 5
run env ORDERCTL_BOOTSTRAP_SERVERS=127.0.0.1:1 "$ORDERCTL" profile show -o json
expect_eq "ORDERCTL_BOOTSTRAP_SERVERS wins over the dev broker" \
    "$(jq -r '.settings[] | select(.key == "bootstrap-servers") | .origin' "$OUT")" \
    "env ORDERCTL_BOOTSTRAP_SERVERS"
mkdir -p project && printf 'profiles:\n  local: {bootstrap-servers: 127.0.0.1:9092}\n' >project/orderctl.yaml
run bash -c "cd project && '$ORDERCTL' profile show -o json"
expect_eq "a profiles file wins over the dev broker" \
    "$(jq -r '.settings[] | select(.key == "bootstrap-servers") | .value' "$OUT")" 127.0.0.1:9092

# --- unsupported admin calls say so --------------------------------------------------------------
run oc --timeout 5 topics describe orders
expect_in "topics describe on the dev broker shows the partitions" "$OUT" "orders"
if grep -qiE "unsupported|not support|cannot show configs|no admin" "$ERR" "$OUT"; then
    pass "topics describe says what the dev broker does not support"
else fail "topics describe says what the dev broker does not support"; fi

# --- the broker stops: the announcement goes ---------------------------------------------------
stop_broker
expect_eq "the broker exits 130 on Ctrl-C" "$BROKER_STATUS" 130
if [ -e "$ANNOUNCEMENT" ]; then fail "the announcement is removed when the broker stops"; else
    pass "the announcement is removed when the broker stops"
fi
run oc profile show -o json
expect_eq "after the broker stopped, the default again" \
    "$(jq -r '.settings[] | select(.key == "bootstrap-servers") | .origin' "$OUT")" default

# A broker killed with SIGKILL leaves its file: a dead pid must not be used.
sleep 0 &
DEAD_PID=$!
wait "$DEAD_PID"
mkdir -p "$(dirname "$ANNOUNCEMENT")"
printf 'bootstrap=127.0.0.1:1\npid=%s\n' "$DEAD_PID" >"$ANNOUNCEMENT"
run oc profile show -o json
expect_eq "a dead broker's announcement is ignored" \
    "$(jq -r '.settings[] | select(.key == "bootstrap-servers") | .value' "$OUT")" localhost:9092
rm -f "$ANNOUNCEMENT"

# --- orderctl demo: one command, no broker ----------------------------------------------------
run oc demo
expect_status "orderctl demo" 0
expect_in "demo: where order 12345 went" "$OUT" "Order 12345: topic orders, partition"
for outcome in "inventory +orderctl-inventory +reserved" "payment +orderctl-payment +authorized" \
    "fulfillment +orderctl-fulfillment +shipment-requested"; do
    if grep -Eq "^$outcome " "$OUT"; then pass "demo: $outcome"; else fail "demo: $outcome"; fi
done
for group in inventory payment fulfillment; do
    expect_in "demo: $group caught up" "$OUT" "total lag of orderctl-$group: 0"
done
expect_in "demo: the services' summaries on stderr" "$ERR" "115 authorized, 5 declined"
run oc demo -q -o json
expect_status "orderctl demo -o json" 0
expect_eq "demo json: the three outcomes of 12345" \
    "$(jq -r '[.order.outcomes[] | "\(.role)=\(.status)"] | join(" ")' "$OUT")" \
    "inventory=reserved payment=authorized fulfillment=shipment-requested"
expect_eq "demo json: every partition committed, lag zero" \
    "$(jq '[.groups[].partitions[] | select(.log_end > 0) | .lag] | unique' -c "$OUT")" "[0]"
expect_eq "demo json: committed offsets cover every order, per group" \
    "$(jq -c '[.groups[] | [.partitions[].committed // 0] | add] | unique' "$OUT")" "[120]"
expect_eq "demo json: 12345 has a partition and an offset" \
    "$(jq -r '.order | [(.partition | type), (.offset | type)] | join(" ")' "$OUT")" "number number"
expect_eq "demo -q: nothing on stderr" "$(wc -c <"$ERR")" 0
run oc demo --order 99999 -o json
expect_eq "demo --order for an order not in the input: no placement" \
    "$(jq -r '.order.partition' "$OUT")" null
expect_in "demo --order: says the order is not in the input" "$ERR" "order 99999 is not in"

# --- --brokers: a cluster of three, with the partitions' leaders spread over them ---------------
"$ORDERCTL" broker --brokers 3 --partitions 6 >broker3.out 2>broker3.err &
BROKER_PID=$!
wait_until 30 nonempty broker3.out
B3=$(head -n 1 broker3.out)
expect_eq "--brokers 3 prints three bootstrap addresses" "$(tr ',' '\n' <<<"$B3" | grep -c .)" 3
run oc -b "$B3" topics describe orders -o json
expect_eq "--brokers 3 --partitions 6: six partitions" "$(jq '.partitions | length' "$OUT")" 6
expect_eq "--brokers 3: the leaders go round the three brokers, partition by partition" \
    "$(jq -c '[.partitions | sort_by(.partition)[] | .leader]' "$OUT")" "[1,2,3,1,2,3]"
run oc -b "$B3" produce "$ORDERS" -q
expect_status "--brokers 3: produce to the three-broker cluster" 0
stop_broker
expect_eq "the three-broker cluster stops on Ctrl-C with exit 130" "$BROKER_STATUS" 130

finish
