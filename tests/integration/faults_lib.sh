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
