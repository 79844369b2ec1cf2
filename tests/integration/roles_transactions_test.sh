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
role_setup "$id" 6 payment fulfillment

log_end() { oc topics describe "$1" -o json 2>/dev/null | jq '[.partitions[].log_end_offset] | add'; }
beyond() { [ "$(log_end "$1")" -gt "$2" ]; }
# wait_log_end TOPIC N [S]: until more than N records are in TOPIC (bounded: S, 30 s)
wait_log_end() { wait_until "${3:-30}" beyond "$1" "$2"; }
lag_rows() {  # partitions of the orders topic whose committed offset is not the log end
    kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --group "$1" 2>/dev/null | awk -v t="$id.orders" '$2==t && $4!=$5' | wc -l
}
members() {  # partition counts of GROUP's members, e.g. "3 3 "
    kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --group "$1" --members 2>/dev/null | awk -v g="$1" '$1==g {print $NF}' | sort -n | tr '\n' ' '
}
# spread_is SPREAD: the payment group's members hold SPREAD (kept in $spread); each try is a JVM start
spread_is() { spread=$(members "$id-payment"); [ "$spread" = "$1" ]; }
# ends_with PID FILE STATUS NAME: the instance PID ends within 60 s (else SIGKILLed) with exit
# STATUS; FILE, its stderr, is shown when not.
ends_with() {
    reap "$1" 60
    STATUS=$?
    cp "$2" "$ERR"
    expect_status "$4" "$3"
}
# Waits (bounded, $2 s) until ROLE's group has committed everything: lag 0 on every partition.
caught_up() { POLL=0.5 wait_until "$2" oc offsets --role "$1" --max-lag 0 >/dev/null 2>&1; }

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
ends_with "$old" old.err 1 "the fenced (older) instance exits 1"
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
    POLL=0.5 wait_until 120 spread_is "6 "
    [ "$spread" = "6 " ] && wait_log_end "$id.payments" $((before + 1000)) 15
    echo "A frozen: the members' partitions '$spread', outcomes out $before, then $(log_end "$id.payments")"
    kill -CONT "$a"
    wait_until 10 grep -q "transaction aborted (" a.err
}
"$ORDERCTL" "${session[@]}" consume --role payment --exactly-once >/dev/null 2>a.err &
a=$!
wait_log_end "$id.payments" 1000 || fail "A published nothing"
"$ORDERCTL" "${session[@]}" consume --role payment --exactly-once >/dev/null 2>b.err &
b=$!
POLL=0.5 wait_until 120 spread_is "3 3 "
expect_eq "A and B share the six partitions" "$spread" "3 3 "
rounds=0 aborted=no
while [ $rounds -lt 3 ] && [ $aborted = no ] && kill -0 "$producer" 2>/dev/null; do
    rounds=$((rounds + 1))
    if freeze_a; then aborted=yes; else
        echo "round $rounds: A woke without an abort (frozen in its commit, say); once more"
        POLL=0.5 wait_until 120 spread_is "3 3 "
    fi
done
[ $aborted = yes ] && pass "A, frozen past its session while B took its partitions, aborted on waking (round $rounds)" ||
    fail "A never aborted after a freeze ($rounds rounds)"

wait "$producer"
expect_eq "the producer delivered every order" "$?" 0
caught_up fulfillment 120 || fail "the fulfillment group did not commit every order within 120 s"
kill -TERM "$new"
ends_with "$new" new.err 130 "the newer fulfillment instance did the rest of the work (and shut down cleanly: 130)"
read -r total distinct < <(committed_keys "$id.fulfillment" $orders fulfillment-outcomes.txt)
expect_eq "fenced: read_committed, every order has a fulfillment outcome" "$distinct" $orders
expect_eq "fenced: read_committed, exactly one outcome per order across both" "$total" $orders
expect_eq "fenced: committed offsets equal the log end (ConsumerGroupCommand)" "$(lag_rows "$id-fulfillment")" 0

caught_up payment 120 || fail "the payment group did not commit every order within 120 s"
kill -TERM "$a" "$b"
ends_with "$a" a.err 130 "the zombie (A) went on after its aborted transaction (and shut down cleanly: 130)"
expect_in "A aborted its transaction when it woke" a.err "transaction aborted ("
aborted=$(grep -o '[0-9]* transaction(s) aborted and redone' a.err | cut -d' ' -f1)
[ "${aborted:-0}" -ge 1 ] && pass "A's summary counts $aborted aborted and redone" || fail "A's summary counts no abort"
ends_with "$b" b.err 130 "B shut down cleanly (130)"
read -r total distinct < <(committed_keys "$id.payments" $orders payment-outcomes.txt)
expect_eq "zombie: read_committed, every order has a payment outcome" "$distinct" $orders
expect_eq "zombie: read_committed, exactly one outcome per order" "$total" $orders
expect_eq "zombie: committed offsets equal the log end (ConsumerGroupCommand)" "$(lag_rows "$id-payment")" 0
echo "zombie: A $(grep -oE '[0-9]+ processed' a.err | tail -1), B $(grep -oE '[0-9]+ processed' b.err | tail -1); A aborted $aborted"

finish
