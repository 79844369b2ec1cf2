#!/usr/bin/env bash
# The dev broker tells the truth (issue 15): what librdkafka's mock cluster cannot do fails at
# once with exit 1 and "not supported by the dev broker"; consumers never create topics and
# produce creates one only when allow.auto.create.topics is on, saying so; a consume whose reader
# goes away (`| head`) ends with exit 0 in every mode; consume --format writes what kcat -f does.
# Needs no JVM.
. "$(dirname "$0")/lib.sh"

export XDG_RUNTIME_DIR="$TEST_WORK/run" XDG_CACHE_HOME="$TEST_WORK/cache"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
ORDERS="$SOURCE_DIR/examples/orders.jsonl"

"$ORDERCTL" broker --partitions 3 >broker.out 2>broker.err &
BROKER_PID=$!
trap 'kill -INT "$BROKER_PID" 2>/dev/null; wait "$BROKER_PID" 2>/dev/null; rm -rf "$TEST_WORK"' EXIT
if ! wait_until 30 nonempty broker.out "$XDG_RUNTIME_DIR/orderctl/dev-broker"; then
    cat broker.err
    fail "the dev broker started"
    finish
    exit 1
fi

topic_listed() { oc topics list -o json | jq -e --arg t "$1" 'any(.[]; .name == $t)' >/dev/null; }

# --- what the mock cluster lacks fails at once, exit 1 -------------------------------------------
# --timeout 30: before, each of these waited out the timeout (or found nothing); a refusal that
# comes from the check, not from a timeout, says "not supported by the dev broker".
expect_unsupported() {
    local name=$1
    shift
    run oc --timeout 30 "$@"
    expect_status "$name: exit 1" 1
    expect_in "$name: not supported by the dev broker" "$ERR" "not supported by the dev broker (use a real Kafka"
    expect_not_in "$name: not blamed on the network" "$ERR" "timed out"
}
expect_unsupported "topics create" topics create brandnew-topic --partitions 2
expect_unsupported "topics delete" topics delete orders.dlq --yes
expect_unsupported "topics alter --partitions" topics alter orders --partitions 6
expect_unsupported "consume --from @-1h" consume --from @-1h --until end
expect_unsupported "offsets reset --to-datetime" \
    offsets reset --group g1 --topic orders --to-datetime 2026-01-01T00:00:00Z

oc produce -q "$ORDERS"
oc consume --role payment --until end -q >/dev/null
run oc offsets --group orderctl-payment -o json
expect_eq "offsets lists payment's committed offsets" \
    "$(jq '[.[] | .partitions[] | .committed // 0] | add' "$OUT")" "$(wc -l <"$ORDERS")"
expect_unsupported "offsets delete" offsets delete --group orderctl-payment --yes
expect_not_in "offsets delete does not claim there are no offsets" "$ERR" "no committed offsets"
expect_unsupported "offsets delete --topic" offsets delete --group orderctl-payment --topic orders --yes

# --- topics: consumers never create one; produce only when allowed --------------------------------
run oc consume --topic brandnew-xyz --until end
expect_status "consume of a missing topic: exit 1 (as the man page says)" 1
expect_in "consume names the missing topic" "$ERR" "topic 'brandnew-xyz' does not exist"
run oc consume --role inventory --topic brandnew-role --until end
expect_status "a role service on a missing topic: exit 1" 1
run oc produce --topic ordrs "$ORDERS"
expect_status "produce to a mistyped topic: exit 1" 1
expect_in "produce names it and how to allow creation" "$ERR" "allow.auto.create.topics=true"
for name in brandnew-xyz brandnew-role ordrs; do
    if topic_listed "$name"; then fail "topic $name was not created"; else pass "topic $name was not created"; fi
done
run oc produce --topic made-by-produce -X allow.auto.create.topics=true "$ORDERS"
expect_status "produce with allow.auto.create.topics=true creates the topic: exit 0" 0
expect_in "and says so" "$ERR" "topic 'made-by-produce' does not exist: the cluster creates it"
if topic_listed made-by-produce; then pass "the allowed topic exists"; else fail "the allowed topic exists"; fi

# --- consume --format: kcat's -f tokens, beside the envelope ---------------------------------------
BOOTSTRAP=$(head -n 1 broker.out)
run oc consume -t made-by-produce --until end --format '%k %p %o\n'
expect_status "consume --format: exit 0" 0
expect_eq "consume --format '%k %p %o\n' prints what kcat -f prints (witness)" \
    "$(sort "$OUT")" \
    "$(kcat -b "$BOOTSTRAP" -C -t made-by-produce -e -q -f '%k %p %o\n' 2>/dev/null | sort)"
run oc consume -t made-by-produce --max 1 --partition 0 --format '%t\t%K\n'
expect_eq "consume --format: %t, a tab, %K (kcat as witness)" "$(cat "$OUT")" \
    "$(kcat -b "$BOOTSTRAP" -C -t made-by-produce -p 0 -o beginning -c 1 -e -q -f '%t\t%K\n' 2>/dev/null)"
run oc consume -t made-by-produce --max 1 --format '%x'
expect_status "consume --format with an unknown token: exit 2" 2
expect_in "the unknown token is named" "$ERR" "unknown token '%x'"
run oc consume --role payment --format '%k'
expect_status "consume --format with --role: exit 2" 2

# --- a reader that goes away: exit 0, the same in every mode --------------------------------------
for copy in 1 2 3 4 5 6 7 8; do oc produce -q "$ORDERS"; done
for mode in "" "-o jsonl"; do
    "$ORDERCTL" consume --until end $mode 2>"$ERR" | head -n 1 >/dev/null
    STATUS=${PIPESTATUS[0]}
    expect_status "consume $mode | head: exit 0" 0
done
for mode in "-o jsonl" "-o json" "-o table"; do
    group=$(unique head)
    "$ORDERCTL" consume --role inventory --group "$group" --until end $mode 2>"$ERR" | head -n 1 >/dev/null
    STATUS=${PIPESTATUS[0]}
    expect_status "consume --role inventory $mode | head: exit 0" 0
    expect_in "consume --role inventory $mode | head: its summary" "$ERR" "inventory (group $group)"
done
group=$(unique head)
"$ORDERCTL" consume --role inventory --group "$group" --until end -o jsonl 2>"$ERR" | head -n 1 >/dev/null
expect_in "a role service whose reader went away says so" "$ERR" "the reader of standard output went away"

finish
