#!/usr/bin/env bash
# Network partitions on the real 3-node KRaft quorum (RF=3, min.insync.replicas=2), with iptables
# on loopback instead of kills: while `orderctl produce --generate` sends orders (idempotent,
# acks=all), three rounds, each healed before the next:
#   1. a partition leader cut off completely (nothing in or out: its broker and controller
#      ports, and every connection it opened itself);
#   2. the active KRaft controller cut off completely;
#   3. a partition leader that keeps its controller link but loses its followers (and clients):
#      only connections *to* its broker port are dropped, the asymmetric cut. The controller
#      still hears from it, so it stays leader, shrinks its ISR to itself and must refuse acks=all
#      writes until the cut heals.
# Then the topic is read back by orderctl consume and by kcat (the independent witness), and both
# are compared with the delivery report order by order: nothing lost, nothing stored twice,
# everything reported delivered stored where the report says.
# faults_lib.sh says how a node is cut off; every rule is tagged and removed on exit.
. "$(dirname "$0")/faults_lib.sh"
why=$(net_ready) || { echo "cannot cut the network here: $why"; exit 1; }
producer=""
# Whatever happens, the rules go (and the producer stops) before faults_lib.sh brings the nodes back.
fault_cleanup() {
    net_heal
    if [ -n "$producer" ]; then
        # SIGTERM: it flushes what it can and reports the rest; bounded, then SIGKILL
        kill -TERM "$producer" 2>/dev/null
        wait_for 20 ended "$producer" || kill -KILL "$producer" 2>/dev/null
    fi
}

# 1,000,000 orders paced at 5,000 a second: about 200 s of producing, so that the three rounds
# (each 20-60 s: a new leader or ISR shrink, then the heal and the ISR full again) all land
# while orders are being sent. In round 3 the partitions of the cut leader take nothing for
# 30-40 s, so the producer's queue fills and waits: --flush-timeout 120 lets it ride that out
# (with the default 30 s it stops, exit 5, and reports the rest not sent; see FAULTS.md).
ORDERS=${FAULTS_ORDERS:-1000000}
RATE=${FAULTS_RATE:-5000}
start_producer partition 13 --flush-timeout 120

# brokers_listed BOOTSTRAP: the broker ids the cluster's metadata lists (fenced brokers are not).
brokers_listed() {
    kcat -L -b "$1" -m 5 2>/dev/null | awk '$1 == "broker" { print $2 }' | sort -n | tr '\n' ' '
}
# a leader of some partition of the topic that is not NODE (the controller)
leader_not() {
    local p l
    for p in 0 1 2 3 4 5; do
        l=$(partition_leader "$topic" "$p")
        [ -n "$l" ] && [ "$l" != -1 ] && [ "$l" != "$1" ] && { echo "$l"; return 0; }
    done
    return 1
}

rounds=0 landed=0
recoveries=()
# While a node is cut off, the test's own admin calls (describe, the controller) go to the others
# only, so that they do not wait for the cut node; the producer keeps the full bootstrap list.
# heal_and_wait NAME: removes the rules, waits for every replica back in sync; sets to_isr.
heal_and_wait() {
    local name=$1 t_heal
    t_heal=$(now_ms)
    net_heal
    BOOTSTRAP=$KAFKA_BOOTSTRAP
    expect_eq "$name: every rule of this test removed at the heal" "$(net_rules_count)" 0
    if wait_for 180 isr_full "$topic" 3; then to_isr=$(seconds_since "$t_heal"); else
        to_isr=never; fail "$name: ISR not full again within 180 s of the heal"; fi
}

# isolate NAME NODE: round NAME, NODE cut off completely (others: the brokers but NODE, from t0);
# waits for its partitions to have new leaders (to_leader: how long it took, or never).
isolate() {
    producing && landed=$((landed + 1))
    rounds=$((rounds + 1))
    others=$(bootstrap_without "$2")
    t0=$(now_ms)
    net_isolate "$2" || fail "$1: cannot isolate node $2"
    BOOTSTRAP=$others
    if wait_for 90 led_without "$topic" "$2"; then to_leader=$(seconds_since "$t0"); else
        to_leader=never; fail "$1: partitions of node $2 found no new leader in 90 s"; fi
}

# --- round 1: a partition leader isolated -----------------------------------------------------
controller=$(controller_id)
node=$(leader_not "$controller") || fail "no leader other than the controller ($controller)"
name="isolated leader"
before=$(reported)
isolate "$name" "$node"
# The controller no longer hears from it: fenced, out of the metadata the others serve.
fenced() { ! brokers_listed "$others" | grep -qw "$node"; }
if wait_for 30 fenced; then pass "$name: node $node is fenced (the others list only $(brokers_listed "$others"))"; else
    fail "$name: node $node still listed as a broker while cut off"; fi
kill -0 "$(node_pid "$node")" 2>/dev/null && pass "$name: node $node still runs (cut off, not dead)" ||
    fail "$name: node $node died"
# Orders keep flowing to the other leaders meanwhile.
grown() { [ "$(reported)" -gt $((before + RATE)) ]; }
wait_for 30 grown && pass "$name: deliveries go on during the cut" || fail "$name: deliveries stalled during the cut"
heal_and_wait "$name"
echo "fault $name: node $node cut off; leaders elsewhere after ${to_leader}s; ISR full ${to_isr}s after the heal"
recoveries+=("isolated-leader:node$node:leader=${to_leader}s:isr=${to_isr}s")

# --- round 2: the active controller isolated --------------------------------------------------
node=$(controller_id)
name="isolated controller"
[ -n "$node" ] || fail "$name: no active controller known"
isolate "$name" "$node"
# (MetadataQuorumCommand is a JVM start per call, 5-40 s on a busy machine: asked second, and
# the time it gives is when the tool first said so, an upper bound on the election)
elected=""
new_controller() { elected=$(controller_id); [ -n "$elected" ] && [ "$elected" != "$node" ]; }
if wait_for 120 new_controller; then to_controller=$(seconds_since "$t0"); pass "$name: node $elected is the new active controller"; else
    to_controller=never; fail "$name: no new active controller known within 120 s"; fi
if wait_for 30 fenced; then pass "$name: node $node is fenced by the new controller"; else
    fail "$name: node $node still listed as a broker while cut off"; fi
heal_and_wait "$name"
echo "fault $name: node $node cut off; leaders elsewhere after ${to_leader}s, new controller known after ${to_controller}s; ISR full ${to_isr}s after the heal"
recoveries+=("isolated-controller:node$node:controller=${to_controller}s:leader=${to_leader}s:isr=${to_isr}s")

# --- round 3: a leader that keeps its controller link but loses its followers -----------------
# Rounds 1 and 2 moved the leaders off the nodes they cut. Kafka moves them back to their
# preferred replicas only at its periodic rebalance (every 300 s), which could then fall inside
# this round and take the chosen node's leadership away mid-cut; or the controller was left
# leading every partition, and there was no node to choose. A preferred-leader election first
# (not a witness: it exits non-zero when some partition needs none) spreads them again.
"$SOURCE_DIR/scripts/kafka/tool.sh" org.apache.kafka.tools.LeaderElectionCommand \
    --bootstrap-server "$BOOTSTRAP" --election-type preferred --all-topic-partitions \
    >"$TEST_WORK/election.log" 2>&1 || true
controller=$(controller_id)
spread() { leader_not "$controller" >/dev/null; }
wait_for 60 spread || true
node=$(leader_not "$controller") ||
    fail "no leader other than the controller ($controller): $(tail -3 "$TEST_WORK/election.log")"
name="leader cut from its followers"
led=$(jq -c "[.partitions[] | select(.leader == $node) | .partition]" "$TEST_WORK/describe.json")
producing && landed=$((landed + 1))
rounds=$((rounds + 1))
others=$(bootstrap_without "$node")
t0=$(now_ms)
net_cut_inbound "$node" "$(node_port "$node")" || fail "$name: cannot cut node $node's broker port"
BOOTSTRAP=$others
# Its followers stop fetching. A follower that was behind when the cut came is dropped from the
# ISR after replica.lag.time.max.ms (30 s), which the leader can do only through its controller
# link; one that had everything stays in the ISR (nothing new reaches the leader). Either way
# the node must stay leader well past the broker session timeout (9 s), unfenced: a full
# isolation would have moved its partitions within about 10-15 s (round 1).
shrunk_any() {
    topic_json "$topic" &&
        [ "$(jq -c "[.partitions[] | select(.leader == $node and .isr == [$node])] | length" "$TEST_WORK/describe.json")" -gt 0 ]
}
if wait_for 40 shrunk_any; then to_shrink=$(seconds_since "$t0"); else to_shrink=">40"; fi
[ "$(seconds_since "$t0" | cut -d. -f1)" -ge 15 ] || fail "$name: the cut lasted less than 15 s"
topic_json "$topic" || fail "$name: cannot describe the topic through the other nodes"
still=$(jq -c "[.partitions[] | select(.leader == $node) | .partition]" "$TEST_WORK/describe.json")
shrunk=$(jq -c "[.partitions[] | select(.leader == $node and .isr == [$node]) | .partition]" "$TEST_WORK/describe.json")
expect_eq "$name: after $(seconds_since "$t0")s node $node still leads the partitions it led" "$still" "$led"
echo "$name: ISR shrunk to node $node for $shrunk (first after ${to_shrink}s); the others kept followers that had everything"
brokers_listed "$others" | grep -qw "$node" && pass "$name: node $node is not fenced (its heartbeats reach the controller)" ||
    fail "$name: node $node was fenced, so its controller link was cut too"
heal_and_wait "$name"
echo "fault $name: node $node's broker port cut inbound; it kept leading $led; ISR of $shrunk shrunk to it after ${to_shrink}s; ISR full ${to_isr}s after the heal"
recoveries+=("leader-without-followers:node$node:leads=$led:shrunk=$shrunk:after=${to_shrink}s:isr=${to_isr}s")
expect_eq "all three cuts landed while orders were being sent" "$landed/$rounds" "3/3"

# The producer must finish on its own, bounded: a hang is a failure.
# Two readers of the whole topic, read_committed: kcat (the witness) and orderctl consume.
producer_outcome $((ORDERS / RATE + 240)) "the partitions" stored.kcat
timeout 300 "$ORDERCTL" -b "$BOOTSTRAP" consume -t "$topic" --until end -X isolation.level=read_committed 2>consume.err |
    python3 -c '
import re, sys
# the envelope starts {"topic":..,"partition":P,"offset":O,"timestamp":..,["timestamp_type":..,]"key":"K"
head = re.compile(r"\{\"topic\":\"[^\"]*\",\"partition\":(\d+),\"offset\":(\d+),\"timestamp\":[^,]*,(?:\"timestamp_type\":\"[^\"]*\",)?\"key\":\"([^\"]*)\"")
out = sys.stdout
for line in sys.stdin:
    m = head.match(line)
    out.write(f"{m.group(3)} {m.group(1)} {m.group(2)}\n" if m else "unparsed - -\n")
' >stored.orderctl
[ "${PIPESTATUS[0]}" -eq 0 ] && pass "orderctl consume read the whole topic" || fail "orderctl consume failed: $(head -3 consume.err)"

python3 - "$ORDERS" report.jsonl stored.kcat stored.orderctl >compare.txt <<'PY'
import json, sys
from collections import Counter
orders = int(sys.argv[1])
statuses, delivered, maybe, named, report_keys = Counter(), {}, set(), [], Counter()
statuses_of = {}
for line in open(sys.argv[2]):
    r = json.loads(line)
    statuses[r["status"]] += 1
    report_keys[r["key"]] += 1
    if r["status"] == "delivered":
        delivered[r["key"]] = (r["partition"], r["offset"])
    else:
        named.append(f'{r["key"]}={r["status"]}:{r["error"]}')
        # sent, never acknowledged: the broker may have stored it
        if r["status"] in ("not-sent", "unknown"):
            maybe.add(r["key"])
            statuses_of[r["key"]] = r["status"] + ":" + (r["error"] or "")[:40].replace(" ", "_")
def read(path):
    stored, where = Counter(), {}
    for line in open(path):
        key, partition, offset = line.split()
        stored[key] += 1
        where[key] = (partition, offset)
    return stored, where
expected = {f"G13-{i}" for i in range(1, orders + 1)}
print("report_lines", sum(statuses.values()))
print("report_covers_every_order", int(set(report_keys) == expected and max(report_keys.values()) == 1))
print("delivered", len(delivered))
print("failed", len(named))
print("statuses", " ".join(f"{k}={v}" for k, v in sorted(statuses.items())))
views = {}
for name, path in (("kcat", sys.argv[3]), ("orderctl", sys.argv[4])):
    stored, where = read(path)
    views[name] = where
    print(f"{name}_records", sum(stored.values()))
    print(f"{name}_lost", sum(1 for k in delivered if stored[k] == 0))
    print(f"{name}_duplicated", sum(1 for k, n in stored.items() if n > 1))
    print(f"{name}_misplaced", sum(1 for k, at in delivered.items()
                                   if stored[k] == 1 and where[k] != (str(at[0]), str(at[1]))))
    print(f"{name}_stored_not_delivered", sum(1 for k in stored if k not in delivered and k not in maybe))
    print(f"{name}_stored_maybe", sum(1 for k in stored if k in maybe))
    by = Counter(statuses_of[k] for k in maybe if stored[k])
    print(f"{name}_maybe_stored_by_status", " ".join(f"{s}={n}" for s, n in sorted(by.items())) or "-")
print("witnesses_agree", int(views["kcat"] == views["orderctl"]))
print("named", " ".join(named[:20]) or "-")
PY
value() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' compare.txt; }
expect_eq "the report has one line per order" "$(value report_lines)" "$ORDERS"
expect_eq "the report names every generated order once" "$(value report_covers_every_order)" 1
for reader in kcat orderctl; do
    expect_eq "$reader: no delivered order is missing from the topic (lost)" "$(value ${reader}_lost)" 0
    expect_eq "$reader: no order is stored twice (duplicated)" "$(value ${reader}_duplicated)" 0
    expect_eq "$reader: each delivered order is at the partition and offset the report gives" "$(value ${reader}_misplaced)" 0
    expect_eq "$reader: nothing is stored that the report calls failed or rejected" "$(value ${reader}_stored_not_delivered)" 0
done
expect_eq "orderctl consume and kcat read the same records at the same places" "$(value witnesses_agree)" 1
expect_eq "no order failed (idempotence retries through the partitions)" "$(value failed)" 0
[ "$(value failed)" = 0 ] || echo "orders not delivered: $(value statuses); stored of them: $(value kcat_maybe_stored_by_status); $(value named)"

echo "faults partition summary: orders=$ORDERS rounds=$rounds lost=$(value kcat_lost) duplicated=$(value kcat_duplicated)" \
    "misplaced=$(value kcat_misplaced) failed=$(value failed) stored=$(value kcat_records) produce=${produce_seconds}s" \
    "recovery: ${recoveries[*]}"
run oc -b "$BOOTSTRAP" topics delete "$topic" --yes
finish
