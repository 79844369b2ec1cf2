# Helpers of the fault tests on the 3-node quorum (faults_*_test.sh), sourced after lib.sh.
# Every wait here is bounded; times are measured with a monotonic-enough wall clock in ms.

NODE_SH="$SOURCE_DIR/scripts/kafka/node.sh"

now_ms() { date +%s%3N; }

# seconds_since MS: elapsed seconds since MS, one decimal.
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

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

# wait_for SECONDS CMD...: polls CMD every 0.3 s until it succeeds (0) or SECONDS pass (1).
wait_for() {
    local limit=$1 start
    shift
    start=$(now_ms)
    while :; do
        "$@" && return 0
        [ $(($(now_ms) - start)) -ge $((limit * 1000)) ] && return 1
        sleep 0.3
    done
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

# wait_quorum_whole SECONDS: all nodes up and every broker listed by metadata.
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
