#!/usr/bin/env bash
# `orderctl offsets` against a real Kafka 4.1 KRaft node, checked against Kafka's own
# ConsumerGroupCommand --describe, partition by partition: the view, time-behind (checked against
# the timestamps kcat reads at the committed offsets), --all-groups, --watch, every reset mode (then a consumer resumes exactly where the plan said), refusals (active
# member, stale plan, bad plan file), delete, and the embedded dev broker's reduced view.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
export ORDERCTL_BOOTSTRAP_SERVERS="$BOOTSTRAP"
echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"

topic=$(new_topic offsets 3)
group=$(unique group)

# "PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG" of group $1 on topic $2 (default $topic) per
# ConsumerGroupCommand, sorted.
snapshots_of() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }
witness() {
    kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --group "$1" 2>/dev/null | awk -v t="${2:-$topic}" '$2==t {print $3, $4, $5, $6}' | sort -n
}
# "PARTITION NEW" of a plan (JSON on stdout or a plan file), for partitions it moves.
plan_targets() { jq -r '.partitions[] | select(.new != null) | "\(.partition) \(.new)"' "$1" | sort -n; }
# The same, for partitions with records at or after the new offset: where a consumer resumes.
plan_resumes() {
    jq -r '.partitions[] | select(.new != null and .new < .log_end) | "\(.partition) \(.new)"' "$1" | sort -n
}
# Consumes $1's backlog as the group, up to the end offsets at start (then commits); prints the
# first offset it read in each partition, "PARTITION OFFSET", sorted.
resume_firsts() {
    oc consume --topic "$topic" --group "$1" --until end -q --timeout 30 |
        jq -r '"\(.partition) \(.offset)"' | sort -n -k1,1 -k2,2 | awk '!seen[$1]++'
}

# --- the view, checked against ConsumerGroupCommand ----------------------------------------------
oc produce "$SOURCE_DIR/examples/orders.jsonl" --topic "$topic" -q
oc consume --topic "$topic" --group "$group" --max 50 -q >/dev/null

# Live names for the shells: bash completes `-g` with the cluster's groups (asked, at most 2 s).
offered=$(bash -c '. "$1/completions/orderctl.bash"; COMP_WORDS=("$2" -b "$3" offsets -g "${4%-*}")
    COMP_CWORD=5; _orderctl; printf "%s\n" "${COMPREPLY[@]}"' _ "$SOURCE_DIR" "$ORDERCTL" "$BOOTSTRAP" "$group")
if grep -qx -- "$group" <<<"$offered"; then pass "bash completes -g with the group's name"; else
    fail "bash completes -g with the group's name (offered: $offered)"
fi

run oc offsets --group "$group" -o json
expect_status "offsets exits 0" 0
cp "$OUT" ours.json
witness "$group" >theirs.txt
jq -r '.[0].partitions[] | select(.committed != null) | "\(.partition) \(.committed) \(.log_end) \(.lag)"' ours.json | sort -n >ours.txt
expect_eq "committed, log end and lag equal ConsumerGroupCommand's, partition by partition" \
    "$(diff ours.txt theirs.txt >/dev/null && echo same || echo different)" same
[ -s theirs.txt ] && pass "ConsumerGroupCommand listed the group's partitions" || fail "no witness rows"
expect_eq "the log ends add up to what was produced" "$(jq '[.[0].partitions[].log_end] | add' ours.json)" 120
expect_eq "a partition without a commit shows null, not 0" \
    "$(jq '[.[0].partitions[] | select(.committed == null) | .lag] | unique' -c ours.json)" \
    "$( [ "$(jq '[.[0].partitions[] | select(.committed == null)] | length' ours.json)" -gt 0 ] && echo '[null]' || echo '[]')"
expect_eq "totals: the known lag of the committed partitions, their committed and log-end sums" \
    "$(jq -c '.[0].totals | [.known_lag, .committed, .committed_partitions]' ours.json)" \
    "$(awk '{l+=$4; c+=$2; n++} END {printf "[%d,%d,%d]", l, c, n}' theirs.txt)"
expect_eq "the view of a real cluster has every column" "$(jq -c '.[0].unavailable' ours.json)" '[]'
run oc offsets --group "$group"
expect_in "the table has a total row per group with its state" "$OUT" "(total)"
expect_in "the total row says the group is Empty" "$OUT" "Empty, no members"

# --- --max-lag: every partition with records committed, and none lagging more than N ------------
run oc offsets --group "$group" --max-lag 1000
if [ "$(jq '[.[0].partitions[] | select(.committed == null and .log_end > 0)] | length' ours.json)" -gt 0 ]; then
    expect_status "--max-lag: a partition with records and no commit counts as behind" 4
    expect_in "--max-lag names the partition without a commit" "$ERR" "has no committed offset"
else
    expect_status "--max-lag above the lag exits 0" 0
fi
run oc offsets --group "$group" --max-lag 0
expect_status "--max-lag below the lag exits 4" 4
expect_in "--max-lag says which lag" "$ERR" "more than --max-lag 0"
lag_topic=$(new_topic maxlag 3)
caught=$(unique group)
oc produce "$SOURCE_DIR/examples/orders.jsonl" --topic "$lag_topic" -q
oc consume --topic "$lag_topic" --group "$caught" --until end -q >/dev/null
run oc offsets --group "$caught" --max-lag 0
expect_status "--max-lag 0 on a group at the log end of every partition exits 0" 0
oc produce "$SOURCE_DIR/examples/orders.jsonl" --topic "$lag_topic" -q
worst=$(witness "$caught" "$lag_topic" | awk '{print $4}' | sort -n | tail -n 1)
expect_eq "ConsumerGroupCommand sees the new orders as lag" "$([ "${worst:-0}" -gt 0 ] && echo yes)" yes
run oc offsets --group "$caught" --max-lag "$worst"
expect_status "--max-lag equal to the worst lag exits 0" 0
run oc offsets --group "$caught" --max-lag $((worst - 1))
expect_status "--max-lag one below the worst lag exits 4" 4
expect_in "--max-lag names the group, topic, partition and lag" "$ERR" \
    "$caught $lag_topic["
expect_in "--max-lag gives the lag ConsumerGroupCommand shows" "$ERR" \
    "lags $worst records, more than --max-lag $((worst - 1))"
run oc offsets --group "$(unique never-ran)" --max-lag 1000
expect_status "--max-lag on a group that never committed exits 4" 4
expect_in "--max-lag says the group has no committed offsets" "$ERR" "has no committed offsets"

# --- unknown lag is unknown everywhere: a group that never committed, and one partly -------------
never=$(unique never-ran)
run oc offsets --group "$never" -o json
expect_eq "a group that never committed: total_lag null, not 0" \
    "$(jq -c '.[0] | [.total_lag, .totals.lag, .totals.known_lag]' "$OUT")" '[null,null,0]'
run oc offsets --group "$never"
expect_eq "its table total row shows - for the lag" \
    "$(awk '$2 == "(no" {print $5}' "$OUT")" -
run oc offsets --group "$never" --topic "$lag_topic" -o json
expect_eq "on a named topic: every partition's lag null, the unknown ones counted" \
    "$(jq -c '.[0] | [([.partitions[].lag] | unique), .total_lag, .totals.unknown_lag_partitions]' "$OUT")" \
    '[[null],null,3]'
run oc offsets --group "$never" --topic "$lag_topic" --max-lag 1000000
expect_status "--max-lag calls the same lag unknown (exit 4)" 4
expect_in "--max-lag names a partition without a commit" "$ERR" "has no committed offset"
partial=$(unique partial)
oc offsets reset --group "$partial" --topic "$lag_topic:0" --to-offset 1 --execute -q >/dev/null 2>&1
run oc offsets --group "$partial" --topic "$lag_topic" -o json
expect_eq "one partition committed of three: total null, known lag of that partition, 2 unknown" \
    "$(jq -c '.[0] | [.total_lag, .totals.known_lag == ([.partitions[] | select(.lag != null) | .lag] | add), .totals.unknown_lag_partitions]' "$OUT")" \
    '[null,true,2]'
run oc offsets --group "$partial" --topic "$lag_topic"
expect_in "the table says which part of the lag is known" "$OUT" "lag unknown on 2 partition(s)"
run oc offsets --group "$caught" -o json
expect_eq "a group committed everywhere has a known total equal to the sum" \
    "$(jq -c '.[0] | [.total_lag == .totals.known_lag, .totals.unknown_lag_partitions, (.total_lag > 0)]' "$OUT")" \
    '[true,0,true]'

# --- time-behind: the age of the record at the committed offset, witnessed by kcat -----------------
tb_topic=$(new_topic behind 2)
tb_group=$(unique group)
oc produce "$SOURCE_DIR/examples/orders.jsonl" --topic "$tb_topic" -q
oc consume --topic "$tb_topic" --group "$tb_group" --until end -q >/dev/null
run oc offsets --group "$tb_group" -o json
expect_eq "a caught-up group is 0 s behind, on every partition and in total" \
    "$(jq -c '.[0] | [([.partitions[].time_behind_seconds] | unique), .time_behind_seconds]' "$OUT")" '[[0],0]'
before=$(date +%s%3N)
oc produce "$SOURCE_DIR/examples/orders.jsonl" --topic "$tb_topic" -q
after=$(date +%s%3N)
sleep 2
asked=$(date +%s%3N)
run oc offsets --group "$tb_group" -o json
answered=$(date +%s%3N)
cp "$OUT" behind.json
# Each partition: the timestamp kcat reads at the committed offset, and the bounds it sets on
# now - timestamp between the moment offsets was asked and the moment it answered.
checked=0 wrong=""
while read -r partition committed behind; do
    ts=$(kcat -C -b "$BOOTSTRAP" -t "$tb_topic" -p "$partition" -o "$committed" -c 1 -e -q -f '%T\n' 2>/dev/null)
    within=$(awk -v b="$behind" -v lo="$(( (asked - ts) ))" -v hi="$(( (answered - ts) ))" \
        'BEGIN { print (b * 1000 >= lo - 1 && b * 1000 <= hi + 1) ? "yes" : "no" }')
    [ -n "$ts" ] && [ "$within" = yes ] && checked=$((checked + 1)) || wrong="$wrong p$partition=$behind(ts $ts)"
done < <(jq -r '.[0].partitions[] | select(.lag > 0) | "\(.partition) \(.committed) \(.time_behind_seconds)"' behind.json)
expect_eq "time-behind of each lagging partition = now - kcat's timestamp at the committed offset" \
    "$checked${wrong:+ wrong:$wrong}" "$(jq '[.[0].partitions[] | select(.lag > 0)] | length' behind.json)"
expect_eq "the 2 s waited are behind it, and no more than the produce took besides" \
    "$(jq -r --argjson lo 2 --argjson hi "$(( (answered - before) / 1000 + 1 ))" \
        '.[0].time_behind_seconds | . >= $lo and . <= $hi' behind.json)" true
expect_eq "the group's time-behind is that of its partition furthest behind" \
    "$(jq '.[0] | .time_behind_seconds == ([.partitions[].time_behind_seconds] | max)' behind.json)" true
run oc offsets --group "$tb_group"
expect_in "the table has a TIME-BEHIND column" "$OUT" "TIME-BEHIND"
cell=$(awk '$2 == "(total)" {print $4}' "$OUT")
expect_eq "its total row gives the group's time-behind, at least the 2 s waited ($cell)" \
    "$([[ "$cell" =~ ^[0-9]+s$ ]] && [ "${cell%s}" -ge 2 ] && echo yes)" yes
run oc offsets --group "$never" --topic "$tb_topic" -o json
expect_eq "a group without a commit: time-behind unknown (null), not 0" \
    "$(jq -c '.[0] | [([.partitions[].time_behind_seconds] | unique), .time_behind_seconds]' "$OUT")" '[[null],null]'
# Only a transaction marker after the committed offset: lag 1 by the offsets, nothing to read.
txn_topic=$(new_topic behindtxn 1)
txn_group=$(unique group)
oc produce "$SOURCE_DIR/examples/orders.jsonl" --topic "$txn_topic" --transactional -q
oc consume --topic "$txn_topic" --group "$txn_group" --until end -q >/dev/null
run oc offsets --group "$txn_group" -o json
expect_eq "a commit followed only by a transaction marker: lag 1, yet 0 s behind" \
    "$(jq -c '.[0].partitions[0] | [.lag, .time_behind_seconds]' "$OUT")" '[1,0]'
# The record at the committed offset deleted (Kafka's DeleteRecordsCommand): unknown, not another
# record's age.
gone_topic=$(new_topic behindgone 1)
gone_group=$(unique group)
oc produce "$SOURCE_DIR/examples/orders.jsonl" --topic "$gone_topic" -q
oc consume --topic "$gone_topic" --group "$gone_group" --max 10 -q >/dev/null
echo '{"version": 1, "partitions": [{"topic": "'"$gone_topic"'", "partition": 0, "offset": 50}]}' >delete-records.json
kafka_tool org.apache.kafka.tools.DeleteRecordsCommand --bootstrap-server "$BOOTSTRAP" \
    --offset-json-file delete-records.json >/dev/null 2>&1
run oc offsets --group "$gone_group" -o json
expect_eq "a committed offset below the log start: lag known (110), time-behind unknown (null)" \
    "$(jq -c '.[0].partitions[0] | [.committed, .lag, .time_behind_seconds]' "$OUT")" '[10,110,null]'
"$ORDERCTL" offsets --group "$tb_group" --watch 0.5 -o json >behind.jsonl 2>/dev/null &
watcher=$!
wait_until 20 snapshots_of behind.jsonl 1
kill -INT "$watcher"
wait "$watcher" 2>/dev/null
expect_eq "--watch carries the time-behind, still at least the 2 s waited" \
    "$(head -n 1 behind.jsonl | jq '.groups[0].time_behind_seconds >= 2')" true

run oc offsets --all-groups -o json
expect_status "--all-groups exits 0" 0
expect_eq "--all-groups lists the group with the same numbers" \
    "$(jq -c --arg g "$group" '.[] | select(.group == $g) | .totals' "$OUT")" \
    "$(jq -c '.[0].totals' ours.json)"

# --- --watch: one snapshot per interval when stdout is not a terminal; Ctrl-C is exit 130 --------
"$ORDERCTL" offsets --group "$group" --watch 0.5 -o json >watch.jsonl 2>watch.err &
watcher=$!
snapshots() { [ "$(wc -l <watch.jsonl)" -ge "$1" ]; }
wait_until 20 snapshots 3
kill -INT "$watcher"
wait "$watcher"
STATUS=$?
expect_status "--watch ends with exit 130 on Ctrl-C" 130
expect_eq "the first snapshot has no trend yet" "$(head -n 1 watch.jsonl | jq -r '.groups[0].trend.verdict')" unknown
expect_eq "later snapshots have rates: nothing consumes, so 0 records/s" \
    "$(sed -n 3p watch.jsonl | jq -c '.groups[0].trend | [.consume_rate, .produce_rate, .verdict]')" \
    '[0,0,"stalled"]'
expect_eq "each snapshot carries the group's lag" "$(sed -n 2p watch.jsonl | jq '.groups[0].total_lag')" \
    "$(jq '.[0].total_lag' ours.json)"
# A group that commits 30 more records while watched: its consumption rate is the committed
# offsets' advance per second between refreshes, and it is catching up.
# One partition, so that no partition is committed for the first time while watched (its log
# end would then join the sums as if produced).
rate_topic=$(new_topic rate 1)
rate_group=$(unique group)
oc produce "$SOURCE_DIR/examples/orders.jsonl" --topic "$rate_topic" -q
oc consume --topic "$rate_topic" --group "$rate_group" --max 20 -q >/dev/null
"$ORDERCTL" offsets --group "$rate_group" --watch 0.5 -o json >rate.jsonl 2>/dev/null &
watcher=$!
wait_until 20 snapshots_of rate.jsonl 2
oc consume --topic "$rate_topic" --group "$rate_group" --max 30 -q >/dev/null
moved() { [ "$(tail -n 1 rate.jsonl | jq '.groups[0].totals.committed')" = 50 ]; }
wait_until 20 moved
kill -INT "$watcher"
wait "$watcher" 2>/dev/null
expect_eq "the watch saw the committed offsets advance by 30 records" \
    "$(jq -s '(.[-1].groups[0].totals.committed) - (.[0].groups[0].totals.committed)' rate.jsonl)" 30
expect_eq "its consumption rate: 30 records over the seconds between the first and last refresh, catching up" \
    "$(jq -s -r '(.[-1].groups[0].trend) as $t | [($t.consume_rate > 0), $t.verdict] | @tsv' rate.jsonl)" "true	catching-up"

# --- reset: every mode, planned, executed, witnessed, and resumed from -----------------------------
# Two batches a few seconds apart, for --to-datetime: the time between them splits them.
log_end_first=$(jq -r '.[0].partitions[] | "\(.partition) \(.log_end)"' ours.json | sort -n)
sleep 1.5
between=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1.5
oc produce "$SOURCE_DIR/examples/orders.jsonl" --topic "$topic" -q

run oc offsets reset --group "$group" --topic "$topic" --to-earliest -o json
expect_status "a plan without --execute exits 0" 0
expect_eq "the plan says it did not execute" "$(jq .executed "$OUT")" false
expect_eq "the plan starts from the committed offsets" \
    "$(jq -r '.partitions[] | select(.current != null) | "\(.partition) \(.current)"' "$OUT" | sort -n | tr '\n' ' ')" \
    "$(cut -d' ' -f1,2 theirs.txt | tr '\n' ' ')"
expect_eq "a partition without a commit has current null in the plan" \
    "$(jq -r '.partitions[] | select(.current == null) | .partition' "$OUT" | sort -n | tr '\n' ' ')" \
    "$(for p in 0 1 2; do grep -q "^$p " theirs.txt || printf '%s ' "$p"; done)"
expect_eq "without --execute nothing changed" "$(witness "$group" | cut -d' ' -f1,2)" "$(cut -d' ' -f1,2 theirs.txt)"

check_mode() {  # NAME ARGS...: executes the reset, checks the witness and where a consumer resumes
    local name=$1
    shift
    run oc offsets reset --group "$group" --topic "$topic" "$@" --execute -o json
    expect_status "$name --execute exits 0" 0
    cp "$OUT" plan.json
    expect_eq "$name: every moved partition is reset" \
        "$(jq -r '[.partitions[] | select(.new != null) | .status] | unique | join(",")' plan.json)" reset
    expect_eq "$name: ConsumerGroupCommand shows the plan's new offsets" \
        "$(witness "$group" | awk '$2 != "-" {print $1, $2}')" "$(plan_targets plan.json)"
    expect_eq "$name: a consumer resumes exactly where the plan said" \
        "$(resume_firsts "$group")" "$(plan_resumes plan.json)"
}
check_mode "--to-earliest" --to-earliest
expect_eq "--to-earliest means offset 0 on a fresh topic" "$(plan_targets plan.json | awk '{print $2}' | sort -u)" 0
check_mode "--to-offset 5" --to-offset 5
expect_eq "--to-offset 5 is 5 everywhere" "$(plan_targets plan.json | awk '{print $2}' | sort -u)" 5
check_mode "--shift-by -3" --shift-by -3
expect_eq "--shift-by -3 is three before the log end (where the consumer left it)" \
    "$(jq -r '.partitions[] | "\(.partition) \(.current - 3) \(.new)"' plan.json | awk '$2 != $3' | wc -l)" 0
check_mode "--to-datetime" --to-datetime "$between"
expect_eq "--to-datetime lands on the first record of the second batch" "$(plan_targets plan.json)" "$log_end_first"
check_mode "--to-latest" --to-latest
expect_eq "--to-latest leaves nothing to read" "$(witness "$group" | awk '{s+=$4} END {print s}')" 0

run oc offsets reset --group "$group" --topic "$topic:0" --to-earliest -o json
expect_eq "TOPIC:P plans only that partition" "$(jq -c '[.partitions[].partition]' "$OUT")" '[0]'
run oc offsets reset --group "$group" --topic "$topic" --to-offset 100000
expect_status "a clamped plan exits 0" 0
expect_in "clamping is shown in the plan" "$OUT" "clamped to log-end"
expect_in "clamping is noted on stderr" "$ERR" "clamped to log-end"
run oc offsets reset --group "$group" --topic "$topic" --to-offset 100000 -o json
expect_eq "the plan's new offsets are the log ends, marked clamped" \
    "$(jq -r '.partitions[] | select(.new != .log_end or .clamped != "log-end")' "$OUT")" ""

run oc offsets reset --group "$group" --topic "$topic" --to-earliest --to-latest
expect_status "two modes are a usage error" 2
run oc offsets reset --group "$group" --topic "$topic"
expect_status "no mode is a usage error" 2
run oc offsets reset --group "$group" --topic "$topic" --to-datetime yesterday
expect_status "a bad --to-datetime is a usage error" 2

# --- a plan file: export, apply, and a stale one refused ------------------------------------------
run oc offsets reset --group "$group" --topic "$topic" --to-earliest --export plan-file.json
expect_status "--export exits 0" 0
expect_eq "the exported plan is the documented format" \
    "$(jq -c '[.format, .version, .group, .mode]' plan-file.json)" "[\"orderctl-offset-plan\",1,\"$group\",\"to-earliest\"]"
run oc offsets reset --from-file plan-file.json --execute -o json
expect_status "a fresh plan from a file is applied" 0
expect_eq "the file's plan was applied" "$(witness "$group" | awk '{print $1, $2}')" "$(plan_targets plan-file.json)"
run oc offsets reset --group "$group" --topic "$topic" --to-latest --export stale.json
oc offsets reset --group "$group" --topic "$topic:1" --to-offset 7 --execute -q >/dev/null 2>&1
run oc offsets reset --from-file stale.json --execute
expect_status "a stale plan is refused with exit 1" 1
expect_in "the refusal names the partition that moved" "$ERR" "$topic:1 (planned from 0, now 7)"
expect_eq "a refused plan changes nothing" "$(witness "$group" | awk '$1 == 1 {print $2}')" 7
echo '{"version": 1, "group": "g",' >bad-plan.json
run oc offsets reset --from-file bad-plan.json
expect_status "a malformed plan file is exit 3" 3
expect_in "it names the file and the place" "$ERR" "bad-plan.json: parse error at line 2"

# --- refusal while the group has a member ------------------------------------------------------
timeout 120 "$ORDERCTL" consume --topic "$topic" --group "$group" -q >/dev/null 2>&1 &
member=$!
stable=""
all_owned() {
    run oc offsets --group "$group" -o json
    [ "$(jq -r '.[0].state' "$OUT")" = Stable ] && [ "$(jq '[.[0].partitions[] | select(.owner != null)] | length' "$OUT")" = 3 ]
}
POLL=0.5 wait_until 60 all_owned && stable=yes
expect_eq "with a live member: state Stable, every partition owned" "$stable" yes
member_id=$(jq -r '.[0].members[0] | "\(.client_id) (\(.host))"' "$OUT")
run oc offsets reset --group "$group" --topic "$topic" --to-earliest --execute
expect_status "reset --execute with an active member is refused (exit 1)" 1
expect_in "the refusal names the member: client id and host" "$ERR" "$member_id"
run oc offsets delete --group "$group" --yes
expect_status "delete with an active member is refused" 1
kill -INT "$member" 2>/dev/null
wait "$member" 2>/dev/null
run oc offsets --group "$group" -o json
expect_eq "after it left, the group is Empty" "$(jq -r '.[0].state' "$OUT")" Empty

# --- delete ------------------------------------------------------------------------------------------
run oc offsets delete --group "$group" --topic "$topic"
expect_status "delete without --yes exits 1" 1
expect_in "it says how to delete" "$ERR" "pass --yes to delete"
run oc offsets delete --group "$group" --topic "$topic" -o json
expect_eq "without --yes: every committed partition, would-delete" \
    "$(jq -r '.partitions[] | "\(.partition) \(.status)"' "$OUT" | sort -n | tr '\n' ' ')" \
    "0 would-delete 1 would-delete 2 would-delete "
expect_eq "and nothing was deleted" "$(witness "$group" | awk '$2 != "-"' | wc -l)" 3
run oc offsets delete --group "$group" --topic "$topic" --yes -o json
expect_status "delete --topic --yes exits 0" 0
expect_eq "ConsumerGroupCommand shows no committed offset left" "$(witness "$group" | awk '$2 != "-"' | wc -l)" 0
run oc offsets --group "$group" --topic "$topic" -o json
expect_eq "the view shows null committed offsets" "$(jq -c '[.[0].partitions[].committed] | unique' "$OUT")" '[null]'
other=$(unique group)
oc consume --topic "$topic" --group "$other" --max 5 -q >/dev/null
run oc offsets delete --group "$other" --yes
expect_status "delete of a whole group exits 0" 0
run kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" --list
expect_not_in "ConsumerGroupCommand no longer lists the deleted group" "$OUT" "$other"

run oc offsets
expect_status "offsets with no group shows the role groups" 0
expect_in "the role groups are listed" "$OUT" "orderctl-payment"

# --- the embedded dev broker: a reduced view, bounded by --timeout -------------------------------
"$ORDERCTL" broker >broker.out 2>broker.err &
broker=$!
wait_until 30 nonempty broker.out
dev=$(head -n 1 broker.out)
if [ -z "$dev" ]; then fail "the dev broker printed its address"; else
    dev_group=$(unique devgroup)
    head -n 60 "$SOURCE_DIR/examples/orders.jsonl" | oc -b "$dev" produce --topic orders -q
    oc -b "$dev" consume --topic orders --group "$dev_group" --max 25 -q >/dev/null 2>&1
    run timeout 60 "$ORDERCTL" -b "$dev" offsets --group "$dev_group" --topic orders --timeout 5 -o json
    expect_status "the dev broker's view exits 0, without hanging" 0
    expect_eq "it shows the committed offsets: 25 records consumed" "$(jq '.[0].totals.committed' "$OUT")" 25
    expect_eq "and the lag: 60 produced, 25 consumed" \
        "$(jq '[.[0].partitions[] | .lag // (.log_end)] | add' "$OUT")" 35
    expect_eq "it says which columns it cannot fill" "$(jq -c '.[0].unavailable' "$OUT")" '["state","members","owner"]'
    expect_eq "state unknown, owners null" "$(jq -c '[.[0].state, ([.[0].partitions[].owner] | unique)]' "$OUT")" '["unknown",[null]]'
    expect_in "a note on stderr says so" "$ERR" "cannot describe groups"
    run timeout 60 "$ORDERCTL" -b "$dev" offsets --group "$dev_group" --timeout 5
    expect_status "the table view on the dev broker exits 0" 0
    expect_in "the table marks the unknown owner" "$OUT" "state unknown"
    run timeout 60 "$ORDERCTL" -b "$dev" offsets reset --group "$dev_group" --topic orders --to-earliest --execute --timeout 5
    expect_status "reset --execute on the dev broker refuses (members cannot be checked)" 1
fi
kill -INT "$broker" 2>/dev/null
wait "$broker" 2>/dev/null

finish
