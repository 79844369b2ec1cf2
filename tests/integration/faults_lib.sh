# Helpers of the fault tests on the 3-node quorum (faults_*_test.sh): each test sources this
# instead of lib.sh (it sources lib.sh), and is then on the quorum of $KAFKA_STATE, with $BOOTSTRAP.
# Every wait here is bounded; times are measured with a monotonic-enough wall clock in ms.
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"
[ "$KAFKA_MODE" = quorum ] || { echo "needs the 3-node quorum"; exit 1; }

NODE_SH="$SOURCE_DIR/scripts/kafka/node.sh"

# Whatever happens (a failure, Ctrl-C, a kill), the test's own clean-up runs first (the function
# fault_cleanup, when the test defines one: its rules removed, its processes thawed and
# stopped), then every node that is down is started again, so that the quorum is left whole for
# the next test. FAULTS_KEEP=DIR keeps the test's files there, for a post-mortem.
faults_exit() {
    declare -F fault_cleanup >/dev/null && fault_cleanup
    restart_missing_nodes
    wait_for 120 quorum_whole || echo "quorum not whole" >&2
    [ -n "${FAULTS_KEEP:-}" ] && cp -r "$TEST_WORK" "$FAULTS_KEEP"
    rm -rf "$TEST_WORK"
}
trap faults_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# topic_json TOPIC: `topics describe -o json` into $TEST_WORK/describe.json; fails when it cannot.
topic_json() {
    "$ORDERCTL" -b "$BOOTSTRAP" topics describe "$1" -o json --timeout 10 >"$TEST_WORK/describe.json" 2>/dev/null
}

# partition_leader TOPIC PARTITION: the leader's node id (-1 or empty when none).
partition_leader() {
    topic_json "$1" && jq -r ".partitions[] | select(.partition == $2) | .leader // -1" "$TEST_WORK/describe.json"
}

# live_leader TOPIC PARTITION: the partition's leader, asked until one is known (60 s at most).
live_leader() {
    LEADER=""
    leader_known() { LEADER=$(partition_leader "$1" "$2") && [ -n "$LEADER" ] && [ "$LEADER" != -1 ]; }
    wait_for 60 leader_known "$1" "$2" && echo "$LEADER"
}

# has_leader_other_than TOPIC PARTITION NODE: the partition is led by a live node other than NODE.
has_leader_other_than() {
    local leader
    leader=$(partition_leader "$1" "$2") || return 1
    [ -n "$leader" ] && [ "$leader" != -1 ] && [ "$leader" != "$3" ]
}

# isr_full TOPIC REPLICAS: every partition has REPLICAS replicas in sync and a leader.
isr_full() {
    topic_json "$1" &&
        [ "$(jq -c "[.partitions[] | (.isr | length) == $2 and (.leader // -1) >= 0] | unique" "$TEST_WORK/describe.json")" = "[true]" ]
}

# controller_id: the active KRaft controller, from Kafka's MetadataQuorumCommand.
controller_id() {
    kafka_tool org.apache.kafka.tools.MetadataQuorumCommand --bootstrap-server "$BOOTSTRAP" \
        describe --status 2>/dev/null | awk '$1 == "LeaderId:" { print $2 }'
}

# wait_for SECONDS CMD...: lib.sh's wait_until, polling every 0.3 s (most checks here ask the
# cluster).
wait_for() { POLL=0.3 wait_until "$@"; }

# led_without TOPIC NODE: every partition has a leader and none is NODE.
led_without() {
    topic_json "$1" &&
        [ "$(jq -c "[.partitions[] | (.leader // -1) >= 0 and .leader != $2] | unique" "$TEST_WORK/describe.json")" = "[true]" ]
}

node_pid() { (. "$KAFKA_STATE/env" && eval "echo \${KAFKA_NODE_$1_PID:-}"); }
node_kill() { "$NODE_SH" "$KAFKA_STATE" kill "$1" >/dev/null 2>&1; }
node_stop() { "$NODE_SH" "$KAFKA_STATE" stop "$1" >/dev/null 2>&1; }
# A JVM starting on a busy 2-core machine can take minutes: more than node.sh's default 90 s.
node_start() { KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-300} "$NODE_SH" "$KAFKA_STATE" start "$1" >"$TEST_WORK/node-start.log" 2>&1; }

# Every node that is down is started again (a test must leave the quorum whole).
restart_missing_nodes() {
    local id
    for id in ${KAFKA_NODE_IDS//,/ }; do
        [ -n "$(node_pid "$id")" ] || node_start "$id" || echo "could not restart node $id" >&2
    done
}

# quorum_whole: all nodes up and every broker listed by metadata.
quorum_whole() {
    local id
    for id in ${KAFKA_NODE_IDS//,/ }; do [ -n "$(node_pid "$id")" ] || return 1; done
    [ "$(kcat -L -b "$BOOTSTRAP" -m 3 2>/dev/null | grep -cE '^ +broker [0-9]+ at ')" -eq 3 ]
}

# ---------------------------------------------------------------- network faults (iptables)
# Partitions are iptables DROP rules on loopback. Every rule carries the comment $FAULT_TAG, and
# net_heal removes exactly the rules with that comment (this test's), never another rule.
# All nodes share 127.0.0.1, so a node is told apart by its ports and, for what it sends on
# connections it opens itself (ephemeral source ports), by its process:
# - connections *to* the node: dropped by destination port (INPUT, --dports);
# - connections the node opens from now on: its JVM is moved into a cgroup v2 group of this test
#   and OUTPUT drops by `-m cgroup --path` (a socket belongs to the group it was created in);
# - connections it opened before the move (a socket keeps its group): each one dropped by its
#   exact 4-tuple, read from `ss -tanp` right after the move (nothing is missed in between).
# ss -K would be simpler for the last ones, but needs CONFIG_INET_DIAG_DESTROY, absent here.
FAULT_TAG=orderctl-test-$$
CGROUP2=${CGROUP2:-/sys/fs/cgroup/unified}

node_port() { (. "$KAFKA_STATE/env" && eval "echo \${KAFKA_NODE_$1_PORT:-}"); }
node_controller_port() { (. "$KAFKA_STATE/env" && eval "echo \${KAFKA_NODE_$1_CONTROLLER_PORT:-}"); }

# bootstrap_without NODE: the brokers' addresses without NODE's.
bootstrap_without() {
    local id list=""
    for id in ${KAFKA_NODE_IDS//,/ }; do
        [ "$id" = "$1" ] || list+="${list:+,}127.0.0.1:$(node_port "$id")"
    done
    echo "$list"
}

# net_ready: iptables with the comment and cgroup matches, and a writable cgroup v2; else says why.
net_ready() {
    [ "$(id -u)" -eq 0 ] || { echo "network faults need root (iptables)"; return 1; }
    command -v iptables >/dev/null && command -v ss >/dev/null ||
        { echo "iptables or ss missing: run scripts/install-deps.sh"; return 1; }
    [ -w "$CGROUP2/cgroup.procs" ] || { echo "no writable cgroup v2 at $CGROUP2 (set CGROUP2)"; return 1; }
    iptables -w -I OUTPUT -p tcp --dport 1 -m cgroup --path / -m comment --comment "$FAULT_TAG" -j DROP 2>/dev/null ||
        { echo "iptables cannot match by cgroup and comment here"; return 1; }
    net_rules_clear
}

# net_drop CHAIN MATCH...: one tagged DROP rule, first in CHAIN.
net_drop() {
    local chain=$1
    shift
    iptables -w -I "$chain" "$@" -m comment --comment "$FAULT_TAG" -j DROP
}

# net_rules_clear: deletes every rule that carries this test's comment (and only those), by
# number, the highest first so that the numbers of the others do not move.
net_rules_clear() {
    local table chain number
    for table in filter:INPUT filter:OUTPUT nat:OUTPUT; do
        chain=${table#*:}
        table=${table%:*}
        for number in $(iptables -w -t "$table" -L "$chain" -n --line-numbers 2>/dev/null |
            awk -v tag="/* $FAULT_TAG */" 'index($0, tag) { print $1 }' | sort -rn); do
            iptables -w -t "$table" -D "$chain" "$number"
        done
    done
}

# net_rules_count: how many rules of this test are in place.
net_rules_count() { { iptables -w -S; iptables -w -t nat -S; } 2>/dev/null | grep -cE -- "--comment $FAULT_TAG( |$)"; }

# net_cut_inbound NODE PORT...: nothing reaches NODE's listeners on PORTs; what NODE sends on the
# connections it opens itself (to the controller, to the leaders it follows) still flows.
net_cut_inbound() {
    local node=$1 ports
    shift
    ports=$(IFS=,; echo "$*")
    net_drop INPUT -p tcp -m multiport --dports "$ports"
}

# net_isolate NODE: nothing in or out of NODE (its broker and controller ports, and every
# connection its JVM opened or will open).
net_isolate() {
    local node=$1 pid port cport group local_port peer_port
    pid=$(node_pid "$node")
    port=$(node_port "$node")
    cport=$(node_controller_port "$node")
    [ -n "$pid" ] && [ -n "$port" ] && [ -n "$cport" ] || { echo "node $node: no pid or ports" >&2; return 1; }
    group=$FAULT_TAG-node$node
    mkdir -p "$CGROUP2/$group" || return 1
    # where it was, to put it back (cgroup v2 line "0::/path")
    awk -F: '$1 == 0 { print $3 }' "/proc/$pid/cgroup" >"$TEST_WORK/cgroup-of-$node"
    echo "$pid" >"$CGROUP2/$group/cgroup.procs" || return 1
    net_drop OUTPUT -m cgroup --path "/$group" || return 1
    net_drop INPUT -p tcp -m multiport --ports "$port,$cport" || return 1
    # the connections the JVM opened before it moved: both directions, by exact 4-tuple
    while read -r local_port peer_port; do
        net_drop INPUT -p tcp --sport "$local_port" --dport "$peer_port" || return 1
        net_drop INPUT -p tcp --sport "$peer_port" --dport "$local_port" || return 1
    done < <(ss -tanpH 2>/dev/null | awk -v pid="pid=$pid," -v p="$port" -v c="$cport" '
        index($0, pid) && $1 != "LISTEN" {
            n = split($4, l, ":"); m = split($5, r, ":")
            if (l[n] != p && l[n] != c) print l[n], r[m]
        }' | sort -u)
}

# net_heal: every rule of this test removed, every JVM put back in its own cgroup.
net_heal() {
    local file node pid back
    net_rules_clear
    for file in "$TEST_WORK"/cgroup-of-*; do
        [ -f "$file" ] || continue
        node=${file##*-of-}
        pid=$(node_pid "$node")
        back=$(cat "$file")
        [ -n "$pid" ] && echo "$pid" >"$CGROUP2${back%/}/cgroup.procs" 2>/dev/null
        rmdir "$CGROUP2/$FAULT_TAG-node$node" 2>/dev/null
        rm -f "$file"
    done
}


# ---------------------------------------------------------------- latency (a delaying proxy)
# The kernel here has no netem (nor prio) qdisc, so tc cannot delay one port: a proxy does, and
# iptables sends it the connections to the slow node's broker port (nat OUTPUT, REDIRECT), except
# its own, told apart by its cgroup. New connections only: what was connected before (the
# followers' fetchers) stays direct.

# net_redirect_port PORT TO_PORT GROUP: new connections to 127.0.0.1:PORT from anything outside
# the cgroup v2 group GROUP go to 127.0.0.1:TO_PORT instead.
net_redirect_port() {
    iptables -w -t nat -I OUTPUT -p tcp -d 127.0.0.1 --dport "$1" -m cgroup ! --path "/$3" \
        -m comment --comment "$FAULT_TAG" -j REDIRECT --to-ports "$2"
}

# ---------------------------------------------------------------- a producer under faults
# start_producer NAME SEED FLAGS...: a fresh topic named after NAME ($topic: 6 partitions, RF=3,
# min.insync.replicas=2) with every replica in sync, then `orderctl produce --generate $ORDERS
# --seed SEED --rate $RATE FLAGS...` into it in the background ($producer, started at $started),
# its delivery report in report.jsonl, its stderr in produce.err; returns once more than 20,000
# deliveries are reported (60 s at most).
start_producer() {
    local seed=$2
    topic=$(unique "$1")
    run oc -b "$BOOTSTRAP" topics create "$topic" --partitions 6 --replication-factor 3 --config min.insync.replicas=2
    expect_status "create the RF=3, min.insync.replicas=2 topic" 0
    wait_for 60 isr_full "$topic" 3 || fail "the new topic never had 3 replicas in sync"
    started=$(now_ms)
    "$ORDERCTL" -b "$BOOTSTRAP" produce -t "$topic" --generate "$ORDERS" --seed "$seed" --rate "$RATE" \
        "${@:3}" --report report.jsonl >/dev/null 2>produce.err &
    producer=$!
    wait_for 60 report_lines 20000 || fail "no deliveries reported within 60 s"
}
producing() { kill -0 "$producer" 2>/dev/null; }
reported() { [ -s report.jsonl ] && wc -l <report.jsonl || echo 0; }
report_lines() { [ "$(reported)" -gt "$1" ]; }

# producer_outcome SECONDS WHAT STORED: the producer ends by itself within SECONDS (a hang is a
# failure: stopped, STATUS 124) with exit 0, every order delivered; produce_seconds is how long
# it ran. Then the witness, kcat, reads the whole topic read_committed into STORED ("key
# partition offset" lines).
producer_outcome() {
    await_exit "$1" "$producer" TERM
    producer=""
    cp produce.err "$ERR"
    expect_status "produce exits 0 through $2 (idempotent, acks=all)" 0
    expect_in "its summary counts every order delivered" "$ERR" "$ORDERS delivered, 0 rejected, 0 failed, 0 not sent"
    produce_seconds=$(seconds_since "$started")
    if timeout 300 kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -X isolation.level=read_committed \
        -f '%k %p %o\n' >"$3" 2>kcat.err; then pass "kcat read the whole topic"; else
        fail "kcat failed: $(head -3 kcat.err)"; fi
}

# await_exit SECONDS PID SIGNAL: PID must end by itself within SECONDS (a hang is a failure):
# its exit status in STATUS, or 124 when it had not ended (it is then sent SIGNAL, and waited for).
await_exit() {
    if wait_for "$1" ended "$2"; then
        wait "$2"
        STATUS=$?
    else
        kill -"$3" "$2"
        wait "$2"
        STATUS=124
    fi
}

# ---------------------------------------------------------------- the payment service, twice
# payment_profiles ID ALO EOS: ./orderctl.yaml with two profiles, alo (the current one, for the
# helpers, which pass only -b) and eos, each with a payment role (group ID-MODE, outcomes in
# ID.MODE.payments) that reads the orders topic ID.ALO or ID.EOS (the same one or not). Creates
# the topics (6 partitions, RF=3, min.insync.replicas=2): the orders, their .dlq, the outcomes.
payment_profiles() {
    local id=$1 t
    cat >orderctl.yaml <<YAML
current-profile: alo  # for the helpers, which pass only -b
profiles:
  alo:
    bootstrap-servers: $BOOTSTRAP
    topics: {orders: $id.$2}
    roles: {payment: {group: $id-alo, output-topic: $id.alo.payments}}
  eos:
    bootstrap-servers: $BOOTSTRAP
    topics: {orders: $id.$3}
    roles: {payment: {group: $id-eos, output-topic: $id.eos.payments}}
YAML
    for t in $(printf '%s\n' "$2" "$2.dlq" "$3" "$3.dlq" alo.payments eos.payments | awk '!seen[$0]++'); do
        oc -p alo topics create "$id.$t" --partitions 6 --replication-factor 3 --config min.insync.replicas=2 >/dev/null 2>&1 ||
            fail "cannot create $id.$t"
    done
}
