#!/usr/bin/env bash
# The role services (consume --role) against a real Kafka 4.1 KRaft node: outcomes checked by
# content, commits checked with Kafka's ConsumerGroupCommand, poison records dead-lettered,
# and at-least-once across kill -9.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"
ORDERS="$SOURCE_DIR/examples/orders.jsonl"
id=$(unique r)

# A profile with this run's own topics and groups.
role_setup "$id" 3 inventory payment fulfillment
oc produce "$ORDERS" -q
printf 'garbage\n{"order_id":"POISON-1"}\n' | kcat -P -b "$BOOTSTRAP" -t "$id.orders" -p 0 -K '|' 2>/dev/null

outcomes() { kcat -C -b "$BOOTSTRAP" -t "$1" -e -q -f '%k\t%s\n' 2>/dev/null; }
lag_rows() {  # partitions whose committed offset differs from the log end
    kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --group "$1" 2>/dev/null | awk -v t="$id.orders" '$2==t && $4!=$5' | wc -l
}

# --- payment ---------------------------------------------------------------------------------
run oc consume --role payment --until end -o jsonl
expect_status "the payment service exits 0 at the end" 0
expect_in "its summary counts outcomes and dead letters" "$ERR" "122 processed (115 authorized, 5 declined), 2 dead-lettered"
outcomes "$id.payments" >payments.tsv
expect_eq "one outcome per order" "$(wc -l <payments.tsv)" 120
expect_eq "outcomes are keyed by order id" "$(awk -F'\t' '{split($2,a,"\"order_id\":\""); split(a[2],b,"\""); if (b[1]!=$1) bad++} END {print bad+0}' payments.tsv)" 0
expected_declines=$(python3 -c '
import json,sys
print(" ".join(sorted(o["order_id"] for o in map(json.loads, open(sys.argv[1])) if o["payment"].get("token","").startswith("tok_decline"))))' "$ORDERS")
expect_eq "exactly the declining tokens are declined" \
    "$(cut -f2 payments.tsv | jq -r 'select(.status=="declined") | .order_id' | sort | tr '\n' ' ' | sed 's/ $//')" "$expected_declines"
expect_eq "every amount equals the order's total, exactly" "$(python3 -c '
import json,sys
from decimal import Decimal
totals = {o["order_id"]: Decimal(o["total"]) for o in map(json.loads, open(sys.argv[1]))}
bad = [l for l in open(sys.argv[2]) if Decimal(json.loads(l.split("\t",1)[1])["amount"]) != totals[l.split("\t")[0]]]
print(len(bad))' "$ORDERS" payments.tsv)" 0
expect_eq "-o jsonl printed the same outcomes" "$(wc -l <"$OUT")" 120
expect_eq "committed offsets equal the log end (ConsumerGroupCommand)" "$(lag_rows "$id-payment")" 0
kcat -C -b "$BOOTSTRAP" -t "$id.orders.dlq" -e -q -f '%s|%h\n' 2>/dev/null >dlq.txt
expect_in "poison records are dead-lettered" dlq.txt "garbage|orderctl-rejection-reason=not valid JSON"
expect_in "with the source offset in a header" dlq.txt "orderctl-source-partition=0"
run oc consume --role payment --until end
expect_in "a restart resumes at the commits: nothing to redo" "$ERR" "0 processed"

run oc consume --role payment --until end --group "$id-limit" --limit 100
expect_in "--limit declines large orders" "$ERR" "declined"
expect_eq "orders over the limit are declined for it" \
    "$(outcomes "$id.payments" | cut -f2 | jq -r 'select(.reason // "" | startswith("over the limit")) | .amount' | python3 -c 'import sys; from decimal import Decimal; print(all(Decimal(x) > 100 for x in sys.stdin.read().split()))')" True

# --- inventory, with a catalog that lacks one SKU ------------------------------------------------
grep -o '"sku":"[^"]*"' "$ORDERS" | cut -d'"' -f4 | sort -u | grep -v '^SKU-3001$' >catalog.txt
run oc consume --role inventory --until end --catalog catalog.txt
expect_status "the inventory service exits 0" 0
outcomes "$id.inventory" >inventory.tsv
expect_eq "orders with the unknown SKU are rejected, no others" \
    "$(cut -f2 inventory.tsv | jq -r 'select(.status=="rejected") | .order_id' | sort | tr '\n' ' ')" \
    "$(grep '"SKU-3001"' "$ORDERS" | jq -r .order_id | sort | tr '\n' ' ')"
expect_eq "one reservation per line item" \
    "$(cut -f2 inventory.tsv | jq -r 'select(.status=="reserved") | .reservations | length' | paste -sd+ | bc)" \
    "$(grep -v '"SKU-3001"' "$ORDERS" | jq '.items | length' | paste -sd+ | bc)"

# --- fulfillment --------------------------------------------------------------------------------
run oc consume --role fulfillment --until end
outcomes "$id.fulfillment" >fulfillment.tsv
expect_eq "order 12345 ships from the German warehouse" \
    "$(cut -f2 fulfillment.tsv | jq -r 'select(.order_id=="12345") | .warehouse')" FRA-1
expect_eq "US orders ship from NJ-1" \
    "$(cut -f2 fulfillment.tsv | jq -r 'select(.country=="US") | .warehouse' | sort -u)" NJ-1

# --- where the three role groups stand: orderctl offsets against ConsumerGroupCommand ----------
run oc offsets -o json
expect_status "offsets shows the three role groups (the default) and exits 0" 0
expect_eq "offsets lists the profile's role groups" "$(jq -r '.[].group' "$OUT" | sort | tr '\n' ' ')" \
    "$id-fulfillment $id-inventory $id-payment "
for role in inventory payment fulfillment; do
    group="$id-$role"
    theirs=$(kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --group "$group" 2>/dev/null | awk -v t="$id.orders" '$2==t {print $3, $4, $5, $6}' | sort -n)
    ours=$(jq -r --arg g "$group" '.[] | select(.group == $g) | .partitions[] |
        "\(.partition) \(.committed) \(.log_end) \(.lag)"' "$OUT" | sort -n)
    [ -n "$theirs" ] && pass "$role: ConsumerGroupCommand lists the group's partitions" || fail "$role: no witness rows"
    expect_eq "$role: committed, log end and lag equal ConsumerGroupCommand's, partition by partition" \
        "$ours" "$theirs"
done
run oc offsets --max-lag 0
expect_status "--max-lag 0 passes: every role group is at the log end" 0

# --- a caught-up service sends an outcome at once, not after linger.ms ---------------------------
# linger.ms far beyond the wait: were a lone order's outcome held for a batch, it would come a
# minute late. The group is at the log end (above), so the service waits for the next order.
# (Last of the checks on this profile: the order would count in the ones above.)
head -1 "$ORDERS" | sed 's/"order_id":"[^"]*"/"order_id":"LONE-1"/' >lone.jsonl
"$ORDERCTL" -X linger.ms=60000 consume --role payment >lone.out 2>lone.err &
lone=$!
oc produce lone.jsonl -q
lone_outcome() { outcomes "$id.payments" | grep -q '^LONE-1'; }
POLL=0.2 wait_until 20 lone_outcome && pass "the outcome of a lone order is sent at once (linger.ms=60000)" ||
    fail "no outcome for the lone order within 20 s: held for linger.ms?"
kill -TERM "$lone"
reap "$lone" 20
expect_in "the lone-order service processed exactly that order" lone.err "): 1 processed ("

# --- at-least-once across kill -9 ------------------------------------------------------------------
# crash_profile NAME TOPIC N SEED: a profile NAME whose payment role reads TOPIC (group
# TOPIC-payment, outcomes in TOPIC.payments), its topics, and N generated orders in TOPIC.
crash_profile() {
    cat >>orderctl.yaml <<YAML
  $1:
    bootstrap-servers: $BOOTSTRAP
    topics: {orders: $2}
    roles:
      payment: {group: $2-payment, output-topic: $2.payments}
YAML
    for t in "$2" "$2.dlq" "$2.payments"; do oc -p "$1" topics create "$t" --partitions 3 >/dev/null 2>&1; done
    oc -p "$1" produce --generate "$3" --seed "$4" -q
}
# kill_mid_run NAME TOPIC AHEAD ARGS...: three times, `orderctl -p NAME ARGS...` runs and is
# killed (-9) in the middle of its work: once it has published AHEAD more outcomes (bounded
# wait). Only a kill of a running service counts ($kills); one that already finished proves nothing.
kill_mid_run() {
    local profile=$1 topic=$2.payments ahead=$3 before pid
    shift 3
    kills=0
    published() { oc -p "$profile" topics describe "$topic" -o json 2>/dev/null | jq '[.partitions[].log_end_offset] | add'; }
    beyond() { [ "$(published)" -gt "$1" ]; }
    for _ in 1 2 3; do
        before=$(published)
        "$ORDERCTL" -p "$profile" "$@" >/dev/null 2>&1 &
        pid=$!
        POLL=0.05 wait_until 10 beyond $((before + ahead))
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" && kills=$((kills + 1))
        wait "$pid" 2>/dev/null
    done
}
big=$(unique big)
# Large enough that a kill lands mid-run: the service handles about 150,000 orders a second.
ALO_ORDERS=500000
EOS_ORDERS=500000
crash_profile crash "$big" $ALO_ORDERS 7
kill_mid_run crash "$big" 5000 consume --role payment --until end
run oc -p crash consume --role payment --until end
expect_status "after $kills kill -9s the service finishes" 0
read -r total distinct < <(outcomes "$big.payments" | cut -f1 | awk '{n++; s[$1]=1} END {print n, length(s)}')
[ "$kills" -ge 2 ] && pass "the service was killed mid-run $kills times" || fail "only $kills kills landed"
expect_eq "every order has at least one outcome (at-least-once)" "$distinct" $ALO_ORDERS
echo "at-least-once: $kills kills, $total outcomes for $ALO_ORDERS orders ($((total - ALO_ORDERS)) redone)"

# --- exactly once across kill -9: one outcome per order in a read_committed view ----------------
eos=$(unique eos)
crash_profile eos "$eos" $EOS_ORDERS 11
# A transaction timeout far beyond the test: what a killed instance left open must be
# aborted by its successor taking over its transactional.id, not by the timeout.
kill_mid_run eos "$eos" 3000 -X transaction.timeout.ms=600000 consume --role payment --exactly-once --until end
run oc -p eos -X transaction.timeout.ms=600000 consume --role payment --exactly-once --until end
expect_status "after $kills kill -9s the exactly-once service finishes" 0
[ "$kills" -ge 2 ] && pass "the exactly-once service was killed mid-run $kills times" || fail "only $kills kills landed"
read -r total distinct < <(committed_keys "$eos.payments" $EOS_ORDERS eos-outcomes.txt)
expect_eq "read_committed: every order has an outcome" "$distinct" $EOS_ORDERS
expect_eq "read_committed: exactly one outcome per order" "$total" $EOS_ORDERS
echo "exactly-once: $kills kills, $total committed outcomes for $EOS_ORDERS orders"

finish
