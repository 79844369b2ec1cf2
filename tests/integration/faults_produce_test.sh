#!/usr/bin/env bash
# Faults while producing, on the real 3-node KRaft quorum (RF=3, min.insync.replicas=2), after
# Kafka's own replication tests: while `orderctl produce` sends 1,000,000 generated orders, SIGKILL
# the leader of a partition and restart it, SIGKILL another partition's leader and restart it,
# SIGKILL the active KRaft controller and restart it. Then the whole topic, read read_committed by
# kcat (an independent witness), is compared with orderctl's delivery report, order by order: no
# delivered order lost, none stored twice, each where the report says, failures named.
. "$(dirname "$0")/faults_lib.sh"

ORDERS=${FAULTS_ORDERS:-1000000}
# Paced so that the three faults (each about 10 s to a new leader, 10 s to restart, then ISR
# catch-up) all land while orders are still being sent.
RATE=${FAULTS_RATE:-3000}
start_producer faults 8

kills=0 landed=0
recoveries=()
# fault NAME NODE: SIGKILL NODE, wait for leaders elsewhere, restart it, wait for a full ISR.
fault() {
    local name=$1 node=$2 t0 to_leader to_isr
    producing && landed=$((landed + 1))
    t0=$(now_ms)
    node_kill "$node" || fail "$name: node.sh kill $node failed"
    kills=$((kills + 1))
    if wait_for 90 led_without "$topic" "$node"; then to_leader=$(seconds_since "$t0"); else
        to_leader=never; fail "$name: partitions of node $node found no new leader in 90 s"; fi
    if [ "$name" = controller ]; then
        local elected=""
        new_controller() { elected=$(controller_id); [ -n "$elected" ] && [ "$elected" != "$node" ]; }
        if wait_for 60 new_controller; then pass "$name: node $elected is the new active controller"; else
            fail "$name: no new active controller within 60 s"; fi
    fi
    node_start "$node" || fail "$name: node $node did not come back: $(tail -3 "$TEST_WORK/node-start.log")"
    if wait_for 180 isr_full "$topic" 3; then to_isr=$(seconds_since "$t0"); else
        to_isr=never; fail "$name: ISR not full again within 180 s of the restart"; fi
    echo "fault $name: SIGKILL node $node; leaders elsewhere after ${to_leader}s, ISR full after ${to_isr}s"
    recoveries+=("$name:node$node:leader=${to_leader}s:isr=${to_isr}s")
}

first=$(live_leader "$topic" 0)
fault "leader of partition 0" "$first"
second=""
for partition in 1 2 3 4 5 0; do
    second=$(partition_leader "$topic" "$partition")
    [ -n "$second" ] && [ "$second" != -1 ] && [ "$second" != "$first" ] && break
done
fault "leader of partition $partition" "$second"
fault controller "$(controller_id)"
expect_eq "all three kills landed while orders were being sent" "$landed/$kills" "3/3"

# The producer must finish on its own, bounded: a hang is a failure.
# Then the witness: kcat reads the whole topic read_committed.
producer_outcome $((ORDERS / RATE + 180)) "the faults" stored.txt

python3 - "$ORDERS" report.jsonl stored.txt >compare.txt <<'PY'
import json, sys
from collections import Counter
orders = int(sys.argv[1])
statuses, delivered, named, report_keys = Counter(), {}, [], Counter()
for line in open(sys.argv[2]):
    r = json.loads(line)
    statuses[r["status"]] += 1
    report_keys[r["key"]] += 1
    if r["status"] == "delivered":
        delivered[r["key"]] = (r["partition"], r["offset"])
    else:
        named.append(f'{r["key"]}={r["status"]}:{r["error"]}')
stored, where = Counter(), {}
for line in open(sys.argv[3]):
    key, partition, offset = line.split()
    stored[key] += 1
    where[key] = (int(partition), int(offset))
expected = {f"G8-{i}" for i in range(1, orders + 1)}
print("report_lines", sum(statuses.values()))
print("report_covers_every_order", int(set(report_keys) == expected and max(report_keys.values()) == 1))
print("delivered", len(delivered))
print("failed", len(named))
print("lost", sum(1 for k in delivered if stored[k] == 0))
print("duplicated", sum(1 for k, n in stored.items() if n > 1))
print("misplaced", sum(1 for k, at in delivered.items() if stored[k] == 1 and where[k] != at))
print("stored_not_delivered", sum(1 for k in stored if k not in delivered))
print("stored_records", sum(stored.values()))
print("named", " ".join(named[:20]) or "-")
PY
value() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' compare.txt; }
expect_eq "the report has one line per order" "$(value report_lines)" "$ORDERS"
expect_eq "the report names every generated order once" "$(value report_covers_every_order)" 1
expect_eq "no delivered order is missing from the topic (lost)" "$(value lost)" 0
expect_eq "no order is stored twice (duplicated)" "$(value duplicated)" 0
expect_eq "each delivered order is at the partition and offset the report gives" "$(value misplaced)" 0
expect_eq "nothing is stored that the report does not call delivered" "$(value stored_not_delivered)" 0
expect_eq "no order failed (idempotence retries through leader changes)" "$(value failed)" 0
[ "$(value failed)" = 0 ] || echo "orders reported failed: $(value named)"

echo "faults summary: orders=$ORDERS kills=$kills lost=$(value lost) duplicated=$(value duplicated)" \
    "failed=$(value failed) stored=$(value stored_records) produce=${produce_seconds}s" \
    "recovery: ${recoveries[*]}"
run oc -b "$BOOTSTRAP" topics delete "$topic" --yes
finish
