#!/usr/bin/env bash
# The exactly-once role service's failed transactions against a real Kafka 4.1 KRaft node, one
# class of failure each (librdkafka's rules):
#   fatal:     a second instance with the same transactional.id fences the first, which stops
#              with exit 1 and says so;
#   abortable: a zombie (SIGSTOPped past its session timeout while the group moves its
#              partitions away) finds its generation fenced when it wakes: it aborts, rewinds to
#              the group's committed offsets and goes on with what it still owns.
# In both, a read_committed witness (kcat) sees exactly one outcome per order.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"
id=$(unique tx)
cat >orderctl.yaml <<YAML
profiles:
  test:
    bootstrap-servers: $BOOTSTRAP
    topics: {orders: $id.orders}
    roles:
      payment:     {group: $id-payment,     output-topic: $id.payments}
      fulfillment: {group: $id-fulfillment, output-topic: $id.fulfillment}
YAML
oc topics create "$id.orders" --partitions 6 >/dev/null 2>&1
for t in orders.dlq payments fulfillment; do oc topics create "$id.$t" --partitions 3 >/dev/null 2>&1; done

log_end() { oc topics describe "$1" -o json 2>/dev/null | jq '[.partitions[].log_end_offset] | add'; }
wait_log_end() {  # TOPIC N [S]: until more than N records are in TOPIC (bounded: S, 30 s)
    for _ in $(seq $((${3:-30} * 10))); do [ "$(log_end "$1")" -gt "$2" ] && return 0; sleep 0.1; done
    return 1
}
# total and distinct keys of the committed outcomes in TOPIC (transaction markers settle first)
committed_outcomes() {
    sleep 1
    kcat -C -b "$BOOTSTRAP" -t "$1" -e -q -X isolation.level=read_committed -f '%k\n' 2>/dev/null |
        awk '{n++; s[$1]=1} END {print n+0, length(s)}'
}
lag_rows() {  # partitions of the orders topic whose committed offset is not the log end
    kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --group "$1" 2>/dev/null | awk -v t="$id.orders" '$2==t && $4!=$5' | wc -l
}
members() {  # partition counts of GROUP's members, e.g. "3 3 "
    kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --group "$1" --members 2>/dev/null | awk -v g="$1" '$1==g {print $NF}' | sort -n | tr '\n' ' '
}
# Waits (bounded, $2 s) until ROLE's group has committed everything: lag 0 on every partition.
caught_up() {
    for _ in $(seq $(($2 * 2))); do oc offsets --role "$1" --max-lag 0 >/dev/null 2>&1 && return 0; sleep 0.5; done
    return 1
}
# Waits (bounded, $2 s) for process $1 to end and gives its status; kills it when it does not.
wait_for() {
    for _ in $(seq $(($2 * 5))); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$1" 2>/dev/null && { kill -9 "$1"; echo "process $1 did not end within $2 s" >&2; }
    wait "$1"
}

# Orders arrive steadily (about 40 s), so that each change lands in the middle of the work.
orders=160000
oc produce --generate $orders --seed 21 --rate 4000 -q 2>producer.err &
producer=$!

# --- fatal: fenced by a newer instance with the same transactional.id -------------------------
# One group, one transactional.id for both: the second start fences the first. The services
# run until stopped (SIGTERM, once their group has committed every order), so that a slow
# group join on a busy machine, or a long freeze, is never taken for the end of the input.
same="$id-same-txn-id"
"$ORDERCTL" -X transactional.id="$same" consume --role fulfillment --exactly-once \
    >/dev/null 2>old.err &
old=$!
wait_log_end "$id.fulfillment" 2000 || fail "the first instance published nothing"
"$ORDERCTL" -X transactional.id="$same" consume --role fulfillment --exactly-once \
    >/dev/null 2>new.err &
new=$!
wait_for "$old" 60
STATUS=$?
cp old.err "$ERR"
expect_status "the fenced (older) instance exits 1" 1
expect_in "it says it was fenced, and by whom" old.err \
    "orderctl: error: this fulfillment service was fenced: another producer with transactional.id '$same' took over"
expect_in "and what to do" old.err "hint: run one instance per transactional.id"
expect_not_in "it does not try to go on" old.err "(retrying)"

# --- abortable: a zombie wakes up to a fenced generation ----------------------------------------
# Two instances of one role share six partitions (3 + 3); A is frozen past its 6 s session, so
# the group gives all six to B, then thawed while it holds an open transaction. Frozen between
# adding its offsets and committing (likely on a busy machine, where commits are slow), A holds
# B back instead (the group's offsets for A's partitions are not stable until A's transaction
# ends) and on waking commits that one: correct, but the abort may not come, so the freeze is
# tried again until A reports one.
session=(-X session.timeout.ms=6000 -X heartbeat.interval.ms=1000 -X transaction.timeout.ms=120000)
# Freezes A until B owns all six; true when A, woken, aborted a transaction.
freeze_a() {
    local before spread
    before=$(log_end "$id.payments")
    kill -STOP "$a"
    for _ in $(seq 40); do spread=$(members "$id-payment"); [ "$spread" = "6 " ] && break; sleep 0.5; done
    [ "$spread" = "6 " ] && wait_log_end "$id.payments" $((before + 1000)) 15
    echo "A frozen: the members' partitions '$spread', outcomes out $before, then $(log_end "$id.payments")"
    kill -CONT "$a"
    for _ in $(seq 50); do grep -q "transaction aborted (" a.err && return 0; sleep 0.2; done
    return 1
}
"$ORDERCTL" "${session[@]}" consume --role payment --exactly-once >/dev/null 2>a.err &
a=$!
wait_log_end "$id.payments" 1000 || fail "A published nothing"
"$ORDERCTL" "${session[@]}" consume --role payment --exactly-once >/dev/null 2>b.err &
b=$!
for _ in $(seq 40); do spread=$(members "$id-payment"); [ "$spread" = "3 3 " ] && break; sleep 0.5; done
expect_eq "A and B share the six partitions" "$spread" "3 3 "
rounds=0 aborted=no
while [ $rounds -lt 3 ] && [ $aborted = no ] && kill -0 "$producer" 2>/dev/null; do
    rounds=$((rounds + 1))
    if freeze_a; then aborted=yes; else
        echo "round $rounds: A woke without an abort (frozen in its commit, say); once more"
        for _ in $(seq 40); do [ "$(members "$id-payment")" = "3 3 " ] && break; sleep 0.5; done
    fi
done
[ $aborted = yes ] && pass "A, frozen past its session while B took its partitions, aborted on waking (round $rounds)" ||
    fail "A never aborted after a freeze ($rounds rounds)"

wait "$producer"
expect_eq "the producer delivered every order" "$?" 0
caught_up fulfillment 120 || fail "the fulfillment group did not commit every order within 120 s"
kill -TERM "$new"
wait_for "$new" 60
STATUS=$?
cp new.err "$ERR"
expect_status "the newer fulfillment instance did the rest of the work (and shut down cleanly: 130)" 130
read -r total distinct < <(committed_outcomes "$id.fulfillment")
expect_eq "fenced: read_committed, every order has a fulfillment outcome" "$distinct" $orders
expect_eq "fenced: read_committed, exactly one outcome per order across both" "$total" $orders
expect_eq "fenced: committed offsets equal the log end (ConsumerGroupCommand)" "$(lag_rows "$id-fulfillment")" 0

caught_up payment 120 || fail "the payment group did not commit every order within 120 s"
kill -TERM "$a" "$b"
wait_for "$a" 60
STATUS=$?
cp a.err "$ERR"
expect_status "the zombie (A) went on after its aborted transaction (and shut down cleanly: 130)" 130
expect_in "A aborted its transaction when it woke" a.err "transaction aborted ("
aborted=$(grep -o '[0-9]* transaction(s) aborted and redone' a.err | cut -d' ' -f1)
[ "${aborted:-0}" -ge 1 ] && pass "A's summary counts $aborted aborted and redone" || fail "A's summary counts no abort"
wait_for "$b" 60
STATUS=$?
cp b.err "$ERR"
expect_status "B shut down cleanly (130)" 130
read -r total distinct < <(committed_outcomes "$id.payments")
expect_eq "zombie: read_committed, every order has a payment outcome" "$distinct" $orders
expect_eq "zombie: read_committed, exactly one outcome per order" "$total" $orders
expect_eq "zombie: committed offsets equal the log end (ConsumerGroupCommand)" "$(lag_rows "$id-payment")" 0
echo "zombie: A $(grep -oE '[0-9]+ processed' a.err | tail -1), B $(grep -oE '[0-9]+ processed' b.err | tail -1); A aborted $aborted"

finish
