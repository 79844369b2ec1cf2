#!/usr/bin/env bash
# Scale-out of a role service against a real Kafka 4.1 KRaft node: two instances of one role
# share the partitions of the orders topic; one joins and one leaves in the middle of the work
# (two rebalances), and nothing is lost or redone. ConsumerGroupCommand is the witness.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"
id=$(unique s)
orders=100000
role_setup "$id" 6 payment fulfillment
# Orders arrive steadily for about 25 s, so both changes of membership land mid-stream
# however fast this machine processes them.
"$ORDERCTL" produce --generate "$orders" --seed 5 --rate 4000 -q 2>producer.err &
producer=$!
published() { oc topics describe "$id.payments" -o json 2>/dev/null | jq '[.partitions[].log_end_offset] | add'; }
beyond() { [ "$(published)" -gt "$1" ]; }
wait_published() { wait_until 30 beyond "$1"; }  # until more than $1 outcomes are out (30 s at most)
spread() {  # the members' partition counts, e.g. "3 3 " (one JVM start: the tool is slow)
    kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --group "$id-payment" --members 2>/dev/null | awk -v g="$id-payment" '$1==g {print $5}' |
        sort -n | tr '\n' ' '
}

# A starts alone with all six partitions.
"$ORDERCTL" consume --role payment --idle-timeout 10 >/dev/null 2>a.err &
a=$!
wait_published 10000 || fail "the first instance published nothing"
# B joins: the group now spreads the partitions over both.
"$ORDERCTL" consume --role payment --idle-timeout 10 >/dev/null 2>b.err &
b=$!
shared() { members=$(spread); [ "$members" = "3 3 " ]; }
POLL=0.3 wait_until 90 shared  # each try is a JVM start: tens of seconds on a busy machine
expect_eq "two members of the role's group share the six partitions" "$members" "3 3 "
# A leaves in the middle (SIGTERM: finish in flight, commit, leave): B takes everything over.
wait_published $(($(published) + 5000)) || fail "no progress with two instances"
before=$(published)
[ "$before" -lt "$orders" ] && pass "A leaves mid-run ($before of $orders outcomes out)" || fail "the work was over before A left"
kill -TERM "$a"
wait "$a"
expect_eq "A shuts down cleanly (exit 130)" "$?" 130
wait "$producer"
expect_eq "the producer delivered every order" "$?" 0
wait_until 120 ended "$b"
kill -0 "$b" 2>/dev/null && { kill -9 "$b"; fail "B did not finish within 120 s"; }
wait "$b"
expect_eq "B finishes once the orders stop coming (exit 0)" "$?" 0
a_done=$(grep -o '[0-9]* processed' a.err | cut -d' ' -f1)
b_done=$(grep -o '[0-9]* processed' b.err | cut -d' ' -f1)
echo "A processed ${a_done:-?}, B processed ${b_done:-?}"
[ "${a_done:-0}" -gt 0 ] && [ "${b_done:-0}" -gt 0 ] && pass "both instances did part of the work" || fail "one instance did nothing"
expect_in "B saw its rebalances" b.err "rebalance(s)"
[ "$(grep -o '[0-9]* rebalance(s)' b.err | cut -d' ' -f1)" -ge 2 ] && pass "B went through at least two rebalances" \
    || fail "B saw fewer than two rebalances: $(cat b.err)"
read -r total distinct < <(kcat -C -b "$BOOTSTRAP" -t "$id.payments" -e -q -f '%k\n' 2>/dev/null | awk '{n++; s[$1]=1} END {print n, length(s)}')
expect_eq "every order has an outcome (nothing lost across the rebalances)" "$distinct" "$orders"
expect_eq "and only one: revoked partitions were committed first (nothing redone)" "$total" "$orders"
expect_eq "the two instances together processed each order once" "$((a_done + b_done))" "$orders"
expect_eq "committed offsets equal the log end (ConsumerGroupCommand)" "$(kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
    --bootstrap-server "$BOOTSTRAP" --describe --group "$id-payment" 2>/dev/null | awk -v t="$id.orders" '$2==t && $4!=$5' | wc -l)" 0

# --until end with two instances: each stops once the whole group reached the end offsets,
# including the partitions the other instance owns.
"$ORDERCTL" consume --role fulfillment --until end >/dev/null 2>f1.err & f1=$!
"$ORDERCTL" consume --role fulfillment --until end >/dev/null 2>f2.err & f2=$!
wait_until 120 ended "$f1" "$f2"
kill -9 "$f1" "$f2" 2>/dev/null && fail "two role instances with --until end did not stop within 120 s"
wait "$f1"; s1=$?; wait "$f2"; s2=$?
expect_eq "both role instances exit 0 at the end" "$s1 $s2" "0 0"
read -r total distinct < <(kcat -C -b "$BOOTSTRAP" -t "$id.fulfillment" -e -q -f '%k\n' 2>/dev/null | awk '{n++; s[$1]=1} END {print n, length(s)}')
expect_eq "together they processed every order" "$distinct" "$orders"
echo "two instances, --until end: $total outcomes for $orders orders"

# The same for two plain group consumers.
run_pair() {
    "$ORDERCTL" consume -g "$id-plain" --until end >c1.out 2>/dev/null & c1=$!
    "$ORDERCTL" consume -g "$id-plain" --until end >c2.out 2>/dev/null & c2=$!
    wait_until 120 ended "$c1" "$c2"
    kill -9 "$c1" "$c2" 2>/dev/null && fail "plain group consumers did not stop within 120 s"
    wait "$c1"; s1=$?; wait "$c2"; s2=$?
}
run_pair
expect_eq "both plain group consumers exit 0 at the end" "$s1 $s2" "0 0"
expect_eq "together they wrote every record" "$(cat c1.out c2.out | jq -r .key | sort -u | wc -l)" "$orders"

finish
