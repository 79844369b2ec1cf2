#!/usr/bin/env bash
# `orderctl consume` (the plain consumer) against a real Kafka 4.1 KRaft node; kcat and Kafka's
# ConsumerGroupCommand are the witnesses.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
export ORDERCTL_BOOTSTRAP_SERVERS="$BOOTSTRAP"
echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"
ORDERS="$SOURCE_DIR/examples/orders.jsonl"

# kcat's view of a topic: key, partition, offset, timestamp, headers, payload; sorted.
kcat_view() { kcat -C -b "$BOOTSTRAP" -t "$1" -e -q -J 2>/dev/null |
    jq -c '{key, partition, offset, ts, headers, payload}' | sort; }

topic=$(new_topic orders)
oc produce "$ORDERS" --topic "$topic" -q

# --- envelopes out -----------------------------------------------------------------------------
run oc consume --topic "$topic" --until end
expect_status "consume --until end exits 0" 0
expect_eq "it prints one envelope per record" "$(wc -l <"$OUT")" 120
expect_in "the summary goes to stderr" "$ERR" "consumed 120 record(s)"
expect_eq "values are the orders themselves, keys are strings" \
    "$(jq -c 'select(.key=="12345") | [.value.order_id, .value.total, .partition, .offset]' "$OUT")" \
    "$(kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -f '%k %p %o %s\n' 2>/dev/null | awk '$1=="12345"' |
        python3 -c 'import json,sys; k,p,o,v=sys.stdin.read().split(" ",3); d=json.loads(v); print(json.dumps([d["order_id"],d["total"],int(p),int(o)],separators=(",",":")))')"
expect_eq "headers are kept" "$(jq -c 'select(.key=="12345") | .headers' "$OUT")" \
    '[["content-type","application/json"],["order-schema-version","1"]]'

# --- consume | produce --envelope is a lossless copy ------------------------------------------
copy=$(new_topic copy)
oc consume --topic "$topic" --until end -q | oc produce --envelope --topic "$copy" -q
run true
expect_eq "the copy holds the same keys, bytes, headers, partitions, offsets and timestamps" \
    "$(diff <(kcat_view "$topic" | jq -c 'del(.topic)') <(kcat_view "$copy" | jq -c 'del(.topic)') >/dev/null && echo same)" same
odd=$(new_topic odd 1)
printf '%s\n' '{"key":null,"value":"line one\nline two"}' '{"key":"b","value":"//79","value_encoding":"base64"}' \
    '{"key":"","value":null}' '{"key":"s","value":"\"a JSON string\"","value_encoding":"json"}' \
    '{"key":"w","value":" {\"padded\": true} "}' | oc produce --envelope --topic "$odd" -q
oddcopy=$(new_topic oddcopy 1)
oc consume --topic "$odd" --until end -q | oc produce --envelope --topic "$oddcopy" -q
expect_eq "nulls, binary, newlines, JSON strings and padded JSON survive a round trip" \
    "$(diff <(kcat_view "$odd" | jq -c 'del(.ts)') <(kcat_view "$oddcopy" | jq -c 'del(.ts)') >/dev/null && echo same)" same

# --- selection: --max, --partition/--from, --filter, time ------------------------------------
run oc consume --topic "$topic" --max 3
expect_eq "--max 3 prints 3" "$(wc -l <"$OUT")" 3
run oc consume --topic "$topic" --partition 2 --from 10 --max 2
expect_eq "--partition 2 --from 10 starts at offset 10" "$(jq -c '[.partition,.offset]' "$OUT" | tr -d '\n')" "[2,10][2,11]"
run oc consume --topic "$topic" --until end --filter key=12345
expect_eq "--filter key= selects one order" "$(jq -r .key "$OUT")" 12345
run oc consume --topic "$topic" --until end --filter 'key=WEB-*'
expect_eq "--filter globs" "$(jq -r .key "$OUT" | sort | tr '\n' ' ')" "WEB-7781 WEB-7782 WEB-7794 "
run oc consume --topic "$topic" --until end --filter 'header:order-schema-version=2'
expect_eq "--filter on a header" "$(wc -l <"$OUT")" 0
run oc consume --topic "$topic" --until end --from @-1h
expect_eq "--from @-1h includes what was just produced" "$(wc -l <"$OUT")" 120
run oc consume --topic "$topic" --until end --from "@$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)"
expect_status "--from a future time exits 0" 0
expect_eq "--from a future time prints nothing" "$(wc -l <"$OUT")" 0
run oc consume --topic "$topic" --from yesterday
expect_status "a bad --from is a usage error" 2
run oc consume --topic "$topic" --idle-timeout 1 --from latest
expect_status "--idle-timeout stops a consumer with nothing to read" 0

# --- groups: commit what was written, resume there --------------------------------------------
group=$(unique group)
run oc consume --topic "$topic" --group "$group" --until end
expect_eq "a new group reads everything" "$(wc -l <"$OUT")" 120
kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
    --describe --group "$group" 2>/dev/null >describe.txt
expect_eq "Kafka's ConsumerGroupCommand shows lag 0 on every partition" \
    "$(awk -v t="$topic" '$2==t {print $6}' describe.txt | sort -u | tr -d '\n')" 0
expect_eq "committed offsets equal the log-end offsets" \
    "$(awk -v t="$topic" '$2==t && $4!=$5' describe.txt | wc -l)" 0
run oc consume --topic "$topic" --group "$group" --until end
expect_eq "the group resumes at its commits: nothing new" "$(wc -l <"$OUT")" 0
head -5 "$ORDERS" | sed 's/"order_id":"\([^"]*\)"/"order_id":"R\1"/' >more.jsonl
oc produce more.jsonl --topic "$topic" -q --on-invalid skip
run oc consume --topic "$topic" --group "$group" --until end
expect_eq "then exactly the new records" "$(jq -r .key "$OUT" | sort | tr '\n' ' ')" "R12300 R12301 R12302 R12303 R12304 "
run oc consume --topic "$topic" --group "$group" --partition 1
expect_status "--group with --partition is a usage error" 2

# A reader that goes away early (| head) commits only what it wrote.
group2=$(unique early)
oc consume --topic "$topic" --group "$group2" --until end 2>/dev/null | head -3 >/dev/null
kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
    --describe --group "$group2" 2>/dev/null >describe2.txt
committed=$(awk -v t="$topic" '$2==t && $4 ~ /^[0-9]+$/ {s += $4} END {print s+0}' describe2.txt)
[ "$committed" -le 125 ] && pass "a closed pipe stops the consumer (committed $committed of 125)" ||
    fail "committed $committed after the reader went away"

# --- a group in a pipe commits what the reader took, not what sat unread in the pipe ----------
# Committed offsets summed over the partitions of $2 for group $1, by orderctl and by Kafka's
# ConsumerGroupCommand (a partition without a commit adds nothing). On a fresh topic each
# partition starts at 0, so the sum is the number of records committed.
committed_sum() { oc offsets --group "$1" --topic "$2" -o json 2>/dev/null |
    jq '[.[0].partitions[] | .committed // 0] | add // 0'; }
witness_sum() {
    kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --group "$1" 2>/dev/null | awk -v t="$2" '$2==t && $4 ~ /^[0-9]+$/ {s += $4} END {print s+0}'
}
piped=$(new_topic piped)
oc produce "$ORDERS" --topic "$piped" -q
taker=$(unique taker)
# bash's read takes a pipe one byte at a time: the reader takes exactly 3 records, then closes.
oc consume --topic "$piped" --group "$taker" --until end -o jsonl 2>taker.err |
    { read -r a; read -r b; read -r c; printf '%s\n%s\n%s\n' "$a" "$b" "$c" >got; }
expect_eq "the reader got 3 records" "$(jq -r '"\(.partition) \(.offset)"' got | wc -l)" 3
expect_eq "3 offsets are committed in all, not the records that sat unread in the pipe (orderctl offsets)" \
    "$(committed_sum "$taker" "$piped")" 3
expect_eq "and ConsumerGroupCommand agrees: 3" "$(witness_sum "$taker" "$piped")" 3
expect_in "the summary says what the reader took" taker.err "the reader took 3"
run oc consume --topic "$piped" --group "$taker" --until end
expect_eq "the next run of the group gets the other 117" "$(wc -l <"$OUT")" 117
jq -r '"\(.partition) \(.offset)"' got | sort >first.txt
jq -r '"\(.partition) \(.offset)"' "$OUT" | sort >second.txt
expect_eq "none of the first 3 again, and together all 120, each once" \
    "$(sort first.txt second.txt | uniq -d | wc -l) $(sort -u first.txt second.txt | wc -l)" "0 120"
expect_eq "then all 120 are committed" "$(committed_sum "$taker" "$piped")" 120

# The same when everything fits in the pipe (20 records, some 15 KB): every write succeeds at
# once, and what was written is still not what was taken.
fits=$(unique fits)
oc consume --topic "$piped" --group "$fits" --max 20 2>/dev/null |
    { read -r a; read -r b; read -r c; printf '%s\n%s\n%s\n' "$a" "$b" "$c" >got; }
expect_eq "20 written to the pipe, 3 taken: 3 committed" "$(committed_sum "$fits" "$piped")" 3
expect_eq "ConsumerGroupCommand agrees: 3" "$(witness_sum "$fits" "$piped")" 3
run oc consume --topic "$piped" --group "$fits" --until end
expect_eq "the next run gets the other 117, none of the 3" \
    "$(wc -l <"$OUT") $(jq -r '"\(.partition) \(.offset)"' got "$OUT" | sort | uniq -d | wc -l)" "117 0"

# A filter: what is left out is committed once what was written before it was taken.
filtered=$(unique filtered)
oc consume --topic "$piped" --group "$filtered" --until end --filter 'key=WEB-*' 2>/dev/null |
    { read -r a; }
expect_eq "a filtered run whose reader took 1 of 3 commits less than everything" \
    "$([ "$(committed_sum "$filtered" "$piped")" -lt 120 ] && echo less)" less
run oc consume --topic "$piped" --group "$filtered" --until end --filter 'key=WEB-*'
expect_eq "and the next run prints the 2 the reader did not take" "$(wc -l <"$OUT")" 2

# A reader that takes everything, and a regular file: all committed.
drainer=$(unique drainer)
oc consume --topic "$piped" --group "$drainer" --until end 2>/dev/null | cat >drained.jsonl
expect_eq "| cat takes all 120" "$(wc -l <drained.jsonl)" 120
expect_eq "and all 120 are committed" "$(committed_sum "$drainer" "$piped")" 120
expect_eq "ConsumerGroupCommand agrees: 120" "$(witness_sum "$drainer" "$piped")" 120
filer=$(unique filer)
oc consume --topic "$piped" --group "$filer" --until end >tofile.jsonl 2>/dev/null
expect_eq "output to a regular file: 120 written" "$(wc -l <tofile.jsonl)" 120
expect_eq "and all 120 committed" "$(committed_sum "$filer" "$piped")" 120

# A reader that stalls: consume waits while nothing is taken for --timeout, then commits what was.
# (20 records fit in the pipe; all 120 would not, and the write itself would wait for the reader.)
staller=$(unique staller)
oc consume --topic "$piped" --group "$staller" --max 20 --timeout 2 2>staller.err |
    { sleep 6; cat >/dev/null; }
expect_eq "a reader that took nothing: nothing committed" "$(committed_sum "$staller" "$piped")" 0
expect_in "and it says why" staller.err "the reader took nothing for 2 s"

# --- bounded fetch-ahead: memory stays flat, and a full queue does not stall the fetcher ------
# 200,000 orders (about 90 MiB): the consumer fetches at most 8 MiB ahead of what it processed,
# so its peak RSS stays far below the topic's size (it held all of it before: 160+ MB).
big=$(new_topic bounded)
oc produce --generate 200000 --seed 3 --topic "$big" -q
expect_eq "the topic holds the 200,000 orders" "$(kcat -C -b "$BOOTSTRAP" -t "$big" -e -q -f '.\n' 2>/dev/null | wc -l)" 200000
/usr/bin/time -f %M -o rss.kb "$ORDERCTL" consume --topic "$big" --group "$big-g" --until end -q >big.out 2>"$ERR"
STATUS=$?
expect_status "a group consumer reads 200,000 orders to the end" 0
expect_eq "and prints every one" "$(wc -l <big.out)" 200000
rm -f big.out
rss_kb=$(tail -1 rss.kb 2>/dev/null | tr -cd 0-9)
rss_mb=$((${rss_kb:-0} / 1024))
[ "$rss_mb" -gt 0 ] && [ "$rss_mb" -lt 100 ] && pass "its peak RSS is $rss_mb MB: under 100 MB for 90 MiB of orders" ||
    fail "peak RSS ${rss_mb} MB reading 200,000 orders: the fetch-ahead is not bounded (or not measured)"
# A bound of 1 MiB fills the queue after every ~2,000 orders. librdkafka 2.0.2 then sleeps up to
# a second before fetching again unless woken: 150,000 orders took ~40 s so (0.3 s woken).
small=$(new_topic wake)
oc produce --generate 150000 --seed 4 --topic "$small" -q
"$ORDERCTL" -X queued.max.messages.kbytes=1024 consume --topic "$small" --until end -q >small.out 2>"$ERR" &
reader=$!
wait_until 20 ended "$reader" && pass "with a 1 MiB fetch-ahead, 150,000 orders are read within 20 s" ||
    { fail "a 1 MiB fetch-ahead stalls the fetcher: 150,000 orders not read within 20 s"; kill "$reader"; }
wait "$reader"
STATUS=$?
expect_status "it exits 0" 0
expect_eq "and every one of them is printed" "$(wc -l <small.out)" 150000
rm -f small.out

# --- --until end across aborted transactions ---------------------------------------------------
tx=$(new_topic tx 2)
{ head -2 "$ORDERS"; echo '{"order_id":"BAD"}'; } >abort.jsonl
oc produce abort.jsonl --topic "$tx" --transactional -q 2>/dev/null
sed -n 10,12p "$ORDERS" | oc produce --topic "$tx" --transactional -q
# transaction markers follow the commit: until kcat, read_committed, sees the 3 (bounded)
committed_3() { [ "$(kcat -C -b "$BOOTSTRAP" -t "$tx" -e -q -X isolation.level=read_committed -f '%o\n' 2>/dev/null | wc -l)" -ge 3 ]; }
POLL=0.2 wait_until 10 committed_3
SECONDS=0
run timeout 60 "$ORDERCTL" consume --topic "$tx" --until end -X isolation.level=read_committed
expect_status "--until end ends on a topic with an aborted transaction" 0
expect_eq "read_committed prints only the committed 3" "$(wc -l <"$OUT")" 3
run timeout 60 "$ORDERCTL" consume --topic "$tx" --until end -X isolation.level=read_uncommitted
expect_eq "read_uncommitted also shows the 2 aborted records" "$(wc -l <"$OUT")" 5

# --- --until end on a compacted topic (offsets with no record left) --------------------------
cmp=$(new_topic compact 1 --config cleanup.policy=compact --config segment.ms=100 \
    --config min.cleanable.dirty.ratio=0.001 --config min.compaction.lag.ms=0 --config delete.retention.ms=0)
for round in 1 2 3 4 5; do seq 1 200 | sed "s/.*/k&|v$round-&/"; done | kcat -P -b "$BOOTSTRAP" -t "$cmp" -K '|' 2>/dev/null
# Not a wait for something: segment.ms (100 ms) passes, so that a later append rolls the
# segment and the cleaner may take the older ones.
sleep 1
echo 'tail|last' | kcat -P -b "$BOOTSTRAP" -t "$cmp" -K '|' 2>/dev/null
# bounded: the log cleaner runs within its backoff (15 s by default)
compacted() { left=$(kcat -C -b "$BOOTSTRAP" -t "$cmp" -e -q -f '%o\n' 2>/dev/null | wc -l); [ "$left" -lt 1001 ]; }
POLL=1 wait_until 90 compacted
[ "$left" -lt 1001 ] && pass "the cleaner compacted the topic ($left of 1001 records left)" || fail "no compaction within 90 s"
kcat -C -b "$BOOTSTRAP" -t "$cmp" -e -q -f '%o %k %s\n' 2>/dev/null >kcat.cmp
run timeout 60 "$ORDERCTL" consume --topic "$cmp" --until end
expect_status "--until end ends on a compacted topic" 0
expect_eq "it prints exactly the records that are left, in offset order (kcat)" \
    "$(jq -r '"\(.offset) \(.key) \(.value)"' "$OUT")" "$(cat kcat.cmp)"
expect_in "the newest value of each key survives" "$OUT" '"key":"k200","headers":[],"value":"v5-200"'
run timeout 60 "$ORDERCTL" consume --topic "$cmp" --until end --from 5
expect_status "starting inside a compaction gap still reaches the end" 0
expect_eq "and prints what is left from there" "$(wc -l <"$OUT")" "$(awk '$1>=5' kcat.cmp | wc -l)"

# --- errors --------------------------------------------------------------------------------------
missing=$(unique missing)
run oc consume --topic "$missing"
expect_status "a missing topic exits 1" 1
run oc topics list -o json
expect_not_in "a consumer never creates the topic it was asked for" "$OUT" "\"$missing\""
run oc consume --topic x -b 127.0.0.1:1 --timeout 5
expect_status "an unreachable cluster exits 5" 5

finish
