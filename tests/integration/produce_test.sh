#!/usr/bin/env bash
# `orderctl produce` against a real Kafka 4.1 KRaft node. kcat and Kafka's own console
# producer are the independent witnesses of what was stored and where keys land.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
export ORDERCTL_BOOTSTRAP_SERVERS="$BOOTSTRAP"
echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"
ORDERS="$SOURCE_DIR/examples/orders.jsonl"

# Everything stored in a topic as "key<TAB>partition<TAB>offset<TAB>value" lines, sorted.
stored() { kcat -C -b "$BOOTSTRAP" -t "$1" -e -q -X isolation.level="${2:-read_uncommitted}" \
    -f '%k\t%p\t%o\t%s\n' 2>/dev/null | sort; }

# Transaction markers are written just after a commit returns: read until the count settles.
committed_count() {
    local count=0
    counted() { count=$(stored "$1" read_committed | wc -l); [ "$count" -ge "${2:-1}" ]; }
    POLL=0.5 wait_until 10 counted "$1" "$2"
    echo "$count"
}

# --- the example orders, byte for byte ---------------------------------------------------------
topic=$(new_topic orders)
started_ms=$(date +%s%3N)
run oc produce "$ORDERS" --topic "$topic" --report "$TEST_WORK/report.jsonl"
ended_ms=$(date +%s%3N)
expect_status "producing the example orders exits 0" 0
expect_in "the summary counts 120 delivered" "$ERR" "120 delivered, 0 rejected, 0 failed, 0 not sent"
expect_in "the summary gives latency percentiles" "$ERR" "p99"
stored "$topic" >"$TEST_WORK/stored.tsv"
expect_eq "kcat reads back 120 records" "$(wc -l <"$TEST_WORK/stored.tsv")" 120
python3 - "$ORDERS" "$TEST_WORK/stored.tsv" "$TEST_WORK/report.jsonl" >"$TEST_WORK/check.txt" <<'PY'
import json, sys
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
stored = {}
for row in open(sys.argv[2], encoding="utf-8"):
    key, partition, offset, value = row.rstrip("\n").split("\t", 3)
    stored[key] = (int(partition), int(offset), value)
report = [json.loads(l) for l in open(sys.argv[3])]
problems = []
for number, line in enumerate(lines, 1):
    key = json.loads(line)["order_id"]
    if key not in stored: problems.append(f"line {number}: key {key} not stored"); continue
    if stored[key][2] != line: problems.append(f"line {number}: value differs")
by_line = {r["line"]: r for r in report}
if sorted(by_line) != list(range(1, len(lines) + 1)): problems.append("report does not cover every line once")
for number, r in by_line.items():
    p, o, _ = stored.get(r["key"], (None, None, None))
    if r["status"] != "delivered" or (r["partition"], r["offset"]) != (p, o):
        problems.append(f"line {number}: report says {r['partition']}/{r['offset']}, stored at {p}/{o}")
print("; ".join(problems[:5]) or "same")
PY
expect_eq "stored keys and values equal the input lines, and the report's partition/offset match" \
    "$(cat "$TEST_WORK/check.txt")" same
# CreateTime: produce reads the clock once per 64 records of a file, so each stored timestamp
# must still fall within the run, and be the one the report gives.
kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -f '%k %T\n' 2>/dev/null >"$TEST_WORK/times.txt"
expect_eq "every record's timestamp lies within the run and matches the report" "$(
    python3 - "$TEST_WORK/times.txt" "$TEST_WORK/report.jsonl" "$started_ms" "$ended_ms" <<'PY'
import json, sys
stored = dict(line.split() for line in open(sys.argv[1]))
report = {r["key"]: r["timestamp"] for r in map(json.loads, open(sys.argv[2]))}
start, end = int(sys.argv[3]), int(sys.argv[4])
bad = [k for k, t in stored.items() if not start <= int(t) <= end or report.get(k) != int(t)]
print(f"{len(bad)} outside [{start}, {end}] or unlike the report: {bad[:3]}" if bad or len(stored) != 120 else "ok")
PY
)" ok
kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -f '%k %h\n' 2>/dev/null | grep '^12345 ' >"$TEST_WORK/h.txt"
expect_in "records carry the content type header" "$TEST_WORK/h.txt" "content-type=application/json"
expect_in "records carry the schema version header" "$TEST_WORK/h.txt" "order-schema-version=1"

# --- a file read in a thread of its own, and in the sending thread: the same records ---------
for mode in on off; do
    mode_topic=$(new_topic "thread-$mode")
    export ORDERCTL_INPUT_THREAD=$mode
    run oc -v produce "$ORDERS" --topic "$mode_topic" --report "report-$mode.jsonl"
    unset ORDERCTL_INPUT_THREAD
    expect_status "ORDERCTL_INPUT_THREAD=$mode: the example orders exit 0" 0
    stored "$mode_topic" | cut -f1,2,4 >"stored-$mode.tsv"
    jq -c '[.line, .key, .status, .partition]' "report-$mode.jsonl" | sort >"lines-$mode.txt"
    cp "$ERR" "err-$mode.txt"
done
expect_in "ORDERCTL_INPUT_THREAD=on validates in a thread of its own (-v)" err-on.txt "thread of its own"
expect_in "ORDERCTL_INPUT_THREAD=off validates in the sending thread (-v)" err-off.txt "the sending thread"
expect_eq "both store the same 120 keys, partitions and values" \
    "$(wc -l <stored-on.tsv) $(cmp -s stored-on.tsv stored-off.tsv && echo same)" "120 same"
expect_eq "both reports give each line the same key, status and partition" \
    "$(wc -l <lines-on.txt) $(cmp -s lines-on.txt lines-off.txt && echo same)" "120 same"
expect_in "produce --help names ORDERCTL_INPUT_THREAD" <(oc produce --help 2>&1) "ORDERCTL_INPUT_THREAD=auto|on|off"
export ORDERCTL_INPUT_THREAD=sometimes
run oc produce "$ORDERS" --topic "$topic"
unset ORDERCTL_INPUT_THREAD
expect_status "a bad ORDERCTL_INPUT_THREAD is a usage error (exit 2)" 2
expect_in "its error names the accepted values" "$ERR" "must be on, off or auto"

# --- keys land where Kafka's Java partitioner puts them ----------------------------------------
java_topic=$(new_topic java)
python3 -c '
import json, sys
for line in open(sys.argv[1]): print(json.loads(line)["order_id"] + "\t" + line.rstrip("\n"))' "$ORDERS" |
    kafka_tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$BOOTSTRAP" --topic "$java_topic" \
        --property parse.key=true --property "key.separator=$(printf '\t')" >/dev/null 2>&1
kcat -C -b "$BOOTSTRAP" -t "$java_topic" -e -q -f '%k %p\n' 2>/dev/null | sort >"$TEST_WORK/java.txt"
kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -f '%k %p\n' 2>/dev/null | sort >"$TEST_WORK/ours.txt"
expect_eq "Kafka's console producer stored 120 records" "$(wc -l <"$TEST_WORK/java.txt")" 120
expect_eq "every key is in the partition Java's murmur2 partitioner chose" \
    "$(diff "$TEST_WORK/java.txt" "$TEST_WORK/ours.txt" >/dev/null && echo same || echo different)" same

# --- --key-field, -H, --partition, --repartition ----------------------------------------------
topic=$(new_topic flags 3)
run oc produce "$ORDERS" --topic "$topic" --key-field customer_id -H origin=test --partition 1
expect_status "--key-field, -H and --partition exit 0" 0
expect_eq "--partition puts every order in that partition" "$(stored "$topic" | cut -f2 | sort -u)" 1
expect_eq "--key-field keys by the chosen field" \
    "$(stored "$topic" | awk -F'\t' '$1 == "C-1042"' | wc -l)" "$(grep -c '"customer_id":"C-1042"' "$ORDERS")"
expect_in "-H adds a header to every record" <(kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -c 1 -f '%h\n' 2>/dev/null) "origin=test"
one=$(new_topic one 1)
echo '{"key":"k","value":1,"partition":2}' >p2.jsonl
run oc produce p2.jsonl --envelope --topic "$one"
expect_status "an envelope's partition that the topic lacks fails (exit 1)" 1
run oc produce p2.jsonl --envelope --topic "$one" --repartition
expect_status "--repartition lets the key choose instead" 0
expect_eq "the record is stored in the one partition" "$(stored "$one" | cut -f2)" 0

# --- invalid lines: fail, skip, dlq ------------------------------------------------------------
head -2 "$ORDERS" >bad.jsonl
echo '{"order_id":"BAD-1","items":[]}' >>bad.jsonl
sed -n 3,5p "$ORDERS" >>bad.jsonl

topic=$(new_topic fail)
run oc produce bad.jsonl --topic "$topic" --report report.jsonl
expect_status "--on-invalid fail exits 1" 1
expect_in "the error names the invalid line" "$ERR" "bad.jsonl:3"
expect_eq "the lines before it were delivered, none after" "$(stored "$topic" | wc -l)" 2
expect_eq "the report has lines 1-3 only" "$(jq -s -c '[.[].line] | sort' report.jsonl)" "[1,2,3]"

topic=$(new_topic skip)
run oc produce bad.jsonl --topic "$topic" --on-invalid skip --report report.jsonl
expect_status "--on-invalid skip with a rejected line exits 4" 4
expect_eq "skip delivers the 5 valid lines" "$(stored "$topic" | wc -l)" 5
expect_eq "skip reports line 3 rejected with its reason" \
    "$(jq -r 'select(.line==3) | .status' report.jsonl)" rejected
expect_in "the rejection reason names the field" report.jsonl "missing required field"

topic=$(new_topic dlq)
oc topics create "$topic.dlq" --partitions 1 >/dev/null 2>&1
run oc produce bad.jsonl --topic "$topic" --on-invalid dlq --report report.jsonl
expect_status "--on-invalid dlq with a rejected line exits 4" 4
expect_eq "dlq delivers the 5 valid lines" "$(stored "$topic" | wc -l)" 5
kcat -C -b "$BOOTSTRAP" -t "$topic.dlq" -e -q -f '%s|%h\n' 2>/dev/null >dlq.txt
expect_in "the dead-letter topic holds the invalid line" dlq.txt '{"order_id":"BAD-1","items":[]}'
expect_in "with the reason in a header" dlq.txt "orderctl-rejection-reason="
expect_eq "the report says it was dead-lettered" "$(jq -r 'select(.line==3) | .dead_lettered' report.jsonl)" true

# --- dry run, missing topic, unreachable cluster -----------------------------------------------
topic=$(new_topic dry)
run oc produce "$ORDERS" --topic "$topic" --dry-run --report -
expect_status "--dry-run exits 0" 0
expect_eq "--dry-run reports every line valid" "$(jq -r .status "$OUT" | sort | uniq -c | awk '{print $1, $2}')" "120 valid"
expect_eq "--dry-run sends nothing" "$(stored "$topic" | wc -l)" 0

run oc produce "$ORDERS" --topic "$(unique nosuchtopic)"
expect_status "a missing topic exits 1" 1
expect_in "a missing topic is named with a hint" "$ERR" "topics create"

start=$(date +%s)
run oc produce "$ORDERS" -b 127.0.0.1:1 --timeout 10
expect_status "an unreachable cluster exits 5" 5
expect_in "the unreachable broker is named" "$ERR" "127.0.0.1:1"
[ $(($(date +%s) - start)) -lt 10 ] && pass "unreachable fails fast" || fail "unreachable took too long"

# --- bad input never crashes it ----------------------------------------------------------------
topic=$(new_topic badinput)
{
    printf '\xef\xbb\xbf%s\r\n' "$(sed -n 1p "$ORDERS")"   # BOM and CRLF
    printf '\n   \n'                                        # empty lines
    printf '{"order_id":"T-1",\n'                           # truncated JSON
    printf '\xff\xfe\xfa binary \x01\x02\n'                 # invalid UTF-8
    printf '{"order_id":"NUL\x00"}\n'                       # a NUL byte
    head -c 3000 /dev/urandom | tr -d '\n'; echo            # garbage
    python3 -c 'print("{\"order_id\":\"BIG\",\"pad\":\"" + "x"*2000 + "\"}")'  # over the line limit
    sed -n 2p "$ORDERS"                                     # a valid line at the end
} >nasty.jsonl
run oc produce nasty.jsonl --topic "$topic" --on-invalid skip --max-line-bytes 1500 --report report.jsonl
expect_status "nasty input with skip exits 4" 4
expect_eq "both valid lines were delivered" "$(stored "$topic" | wc -l)" 2
expect_eq "the BOM and CR are not part of the stored value" \
    "$(stored "$topic" | cut -f4 | grep -c "$(sed -n 1p "$ORDERS" | cut -c1-30)")" 1
expect_eq "five lines rejected, each reported" "$(jq -r 'select(.status=="rejected") | .line' report.jsonl | sort -n | tr '\n' ' ')" "4 5 6 7 8 "
expect_in "empty lines are counted" "$ERR" "2 empty line(s) skipped"
expect_in "the long line is named as too long" report.jsonl "longer than --max-line-bytes"

# A 100 MB line: rejected without holding it in memory.
python3 -c '
import sys
sys.stdout.write("{\"order_id\":\"HUGE\",\"pad\":\"")
chunk = "y" * (1 << 20)
for _ in range(100): sys.stdout.write(chunk)
sys.stdout.write("\"}\n")' >huge.jsonl
sed -n 3p "$ORDERS" >>huge.jsonl
/usr/bin/time -f "%M" -o rss.txt "$ORDERCTL" produce huge.jsonl --topic "$topic" --on-invalid skip >"$OUT" 2>"$ERR"
STATUS=$?
expect_status "a 100 MB line is rejected, the rest delivered (exit 4)" 4
rss_mb=$(($(tail -1 rss.txt) / 1024))
[ "$rss_mb" -lt 200 ] && pass "memory stayed bounded on a 100 MB line (${rss_mb} MB)" ||
    fail "memory grew to ${rss_mb} MB on a 100 MB line"

# --- Ctrl-C in the middle: every line read is accounted for, with and without the input thread --
for mode in off on; do
    topic=$(new_topic "sigint-$mode")
    rm -f sigint.jsonl  # the previous mode's
    ORDERCTL_INPUT_THREAD=$mode "$ORDERCTL" produce --generate 1000000 --rate 20000 \
        --topic "$topic" --report sigint.jsonl >"$OUT" 2>"$ERR" &
    pid=$!
    # in the middle: once some thousands of lines are reported (about 0.25 s at 20000/s)
    reported_beyond() { [ -s sigint.jsonl ] && [ "$(wc -l <sigint.jsonl)" -gt "$1" ]; }
    wait_until 30 reported_beyond 5000
    kill -INT "$pid"
    wait "$pid"
    STATUS=$?
    expect_status "input thread $mode: SIGINT exits 130 after a clean shutdown" 130
    read -r lines first last < <(jq -s -r '[.[].line] | "\(length) \(min) \(max)"' sigint.jsonl)
    expect_eq "input thread $mode: the report covers every line read, once, without gaps" \
        "$lines" "$last"
    [ "$lines" -gt 1000 ] && [ "$lines" -lt 1000000 ] &&
        pass "input thread $mode: it stopped in the middle ($lines lines)" ||
        fail "input thread $mode: did not stop in the middle ($lines lines)"
    expect_eq "input thread $mode: what the report calls delivered is what the topic holds" \
        "$(jq -r 'select(.status=="delivered") | .line' sigint.jsonl | wc -l)" \
        "$(stored "$topic" | wc -l)"
done

# --- an idle pipe: outcomes reported as they come, Ctrl-C without waiting for the next line -----
# Three lines and half a fourth come through a pipe that then stays open and silent.
topic=$(new_topic sigint-pipe)
mkfifo idle.fifo
(head -n 3 "$ORDERS"; sed -n 4p "$ORDERS" | head -c 20; exec sleep 60) >idle.fifo 2>/dev/null &
writer=$!
"$ORDERCTL" produce --topic "$topic" --report pipe.jsonl <idle.fifo >"$OUT" 2>"$ERR" &
pid=$!
three_delivered() { [ "$(jq -r .status pipe.jsonl 2>/dev/null | grep -c delivered)" -ge 3 ]; }
wait_until 10 three_delivered
expect_eq "the three outcomes are in the report while the input is still open" \
    "$(jq -r .status pipe.jsonl 2>/dev/null | grep -c delivered)" 3
kill -INT "$pid"
stopped=""
wait_until 10 ended "$pid" && stopped=1
[ -n "$stopped" ] && pass "Ctrl-C on an idle pipe stops produce within 10 s" ||
    { fail "Ctrl-C on an idle pipe: produce still waits for input"; kill -KILL "$pid"; }
wait "$pid"
STATUS=$?
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null
expect_status "Ctrl-C on an idle pipe exits 130" 130
expect_eq "the three whole lines were delivered, the half line dropped" \
    "$(jq -r '.status' pipe.jsonl | sort | uniq -c | awk '{print $2 "=" $1}')" "delivered=3"
expect_eq "the topic holds the three" "$(stored "$topic" | wc -l)" 3

# --- a pipe fed now and then, and --rate: each order goes at once, not after linger.ms ----------
# linger.ms far beyond the waits: were an order held for a batch while nothing follows it, it
# would reach the topic only at the end of the input.
topic=$(new_topic trickle)
mkfifo trickle.fifo
(head -n 1 "$ORDERS"; exec sleep 60) >trickle.fifo 2>/dev/null &
writer=$!
"$ORDERCTL" -X linger.ms=60000 produce --topic "$topic" <trickle.fifo >"$OUT" 2>"$ERR" &
pid=$!
one_stored() { [ "$(stored "$topic" | wc -l)" -ge 1 ]; }
POLL=0.2 wait_until 20 one_stored && pass "a line on a pipe that stays open is sent at once (linger.ms=60000)" ||
    fail "the lone line of an open pipe was not stored within 20 s: held for linger.ms?"
kill -INT "$pid"
reap "$pid" 20 >/dev/null
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null
topic=$(new_topic paced)
head -n 10 "$ORDERS" >paced.jsonl
"$ORDERCTL" -X linger.ms=60000 produce paced.jsonl --topic "$topic" --rate 1 >"$OUT" 2>"$ERR" &
pid=$!
POLL=0.2 wait_until 8 one_stored && ! ended "$pid" &&
    pass "--rate 1: the first order is stored while the run goes on (linger.ms=60000)" ||
    fail "--rate 1: no order stored within 8 s of a 10 s run"
kill -INT "$pid"
reap "$pid" 20 >/dev/null

# --- transactions: all or nothing --------------------------------------------------------------
topic=$(new_topic tx)
run oc produce "$ORDERS" --topic "$topic" --transactional
expect_status "--transactional exits 0" 0
expect_eq "read_committed sees all 120" "$(committed_count "$topic" 120)" 120
topic=$(new_topic txabort)
run oc produce bad.jsonl --topic "$topic" --transactional --report report.jsonl
expect_status "--transactional with an invalid line exits 1" 1
sleep 2  # as long as markers could take to appear (what is checked is an absence: no polling for it)
expect_eq "read_committed sees none of the aborted transaction" "$(stored "$topic" read_committed | wc -l)" 0
expect_eq "read_uncommitted sees the two aborted records" "$(stored "$topic" | wc -l)" 2
expect_eq "the sent lines are reported failed (aborted), naming the invalid line" \
    "$(jq -r 'select(.status=="failed") | .error' report.jsonl | sort -u)" "transaction aborted: invalid order at bad.jsonl:3: missing required field 'customer_id'"

# A transaction per --transaction-lines lines: each commits on its own, and the summary counts them.
topic=$(new_topic txlines)
run oc produce "$ORDERS" --topic "$topic" --transactional --transaction-lines 50 --report report.jsonl
expect_status "--transactional --transaction-lines 50 exits 0" 0
expect_in "120 lines make three transactions" "$ERR" "transactions: 3 committed, 0 aborted"
expect_eq "read_committed sees all 120" "$(committed_count "$topic" 120)" 120
expect_eq "every line is reported delivered" "$(jq -r .status report.jsonl | sort | uniq -c | awk '{print $2 "=" $1}')" "delivered=120"

# A pipe that stays open still commits: a transaction per --transaction-interval, and each line's
# outcome is in the report once its transaction committed, while produce still runs.
topic=$(new_topic txpipe)
mkfifo txfeed
oc produce --topic "$topic" --transactional --transaction-interval 0.5 --report txpipe.jsonl <txfeed 2>txpipe.err &
producer=$!
exec 7>txfeed
head -5 "$ORDERS" >&7
seen_5() { [ "$(stored "$topic" read_committed | wc -l)" -ge 5 ] && [ "$(wc -l <txpipe.jsonl)" -ge 5 ]; }
POLL=0.5 wait_until 30 seen_5
expect_eq "while the pipe is open, read_committed sees the first 5" "$(stored "$topic" read_committed | wc -l)" 5
expect_eq "and the report already has their 5 outcomes" "$(jq -r .status txpipe.jsonl 2>/dev/null | grep -c delivered)" 5
sed -n 6,8p "$ORDERS" >&7
exec 7>&-
wait "$producer"
STATUS=$?
cp txpipe.err "$ERR"
expect_status "the piped --transactional run exits 0 at the end of its input" 0
expect_eq "read_committed sees all 8" "$(committed_count "$topic" 8)" 8

# Fenced: a second producer with the same transactional.id takes over; the first one's next
# transaction fails for good: it stops with exit 1 and says why, and nothing of it after the
# takeover is committed.
topic=$(new_topic txfenced)
txid=$(unique orderctl-fence)
mkfifo fencefeed
oc produce --topic "$topic" --transactional --transaction-interval 0.3 -X transactional.id="$txid" \
    --report fenced.jsonl <fencefeed 2>fenced.err &
producer=$!
exec 7>fencefeed
sed -n 1,3p "$ORDERS" >&7
committed_3() { [ "$(stored "$topic" read_committed | wc -l)" -ge 3 ]; }
POLL=0.5 wait_until 30 committed_3
sed -n 4,6p "$ORDERS" | oc produce --topic "$topic" --transactional -X transactional.id="$txid" -q 2>/dev/null
sed -n 7,9p "$ORDERS" >&7
exec 7>&-
POLL=0.5 wait_until 60 ended "$producer"
kill "$producer" 2>/dev/null
wait "$producer"
STATUS=$?
cp fenced.err "$ERR"
expect_status "the fenced producer exits 1" 1
expect_in "it says another producer took over" "$ERR" "another producer with the same transactional.id took over"
expect_eq "read_committed sees its first 3 and the newer producer's 3, not its last 3" \
    "$(stored "$topic" read_committed | cut -f1 | sort | tr '\n' ' ')" \
    "$(sed -n 1,6p "$ORDERS" | jq -r .order_id | sort | tr '\n' ' ')"
expect_eq "its report: 3 delivered, then 3 failed" \
    "$(jq -r .status fenced.jsonl | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')" "delivered=3 failed=3 "

# --- every line accounted when the input breaks off -------------------------------------------
# /proc/self/mem opens but cannot be read at offset 0 (EIO): a read error after the first file's
# 120 orders were sent. Each of them still ends in the report, and the error comes after.
for thread in off on; do
    topic=$(new_topic readerror)
    run env ORDERCTL_INPUT_THREAD=$thread "$ORDERCTL" produce "$ORDERS" /proc/self/mem --topic "$topic" --report readerror.jsonl
    expect_status "a read error in the second input exits 1 (input thread $thread)" 1
    expect_in "the error names the input (input thread $thread)" "$ERR" "cannot read /proc/self/mem"
    expect_in "the summary still counts the 120 sent (input thread $thread)" "$ERR" "120 delivered"
    expect_eq "the report has an outcome for each of the 120 (input thread $thread)" \
        "$(jq -r .status readerror.jsonl | sort | uniq -c | awk '{print $2 "=" $1}')" "delivered=120"
done

# --- the report is data: a write that fails fails the run, and says how far it got ------------
topic=$(new_topic report)
run oc produce "$ORDERS" --topic "$topic" --report /dev/full
expect_status "a report on a full device exits 1" 1
expect_in "the error says the report is incomplete and how far" "$ERR" "writing the report to /dev/full failed (No space left on device): it holds the first 0 of 120 line outcome(s)"
echo '{"precious": "an earlier report"}' >old-report.jsonl
run oc produce "$ORDERS" --topic "$(unique no-such-topic)" --report old-report.jsonl
expect_status "a run that cannot start exits 1" 1
expect_eq "and leaves an existing report as it was" "$(cat old-report.jsonl)" '{"precious": "an earlier report"}'
if [ "$(id -u)" -eq 0 ] && mkdir -p small && mount -t tmpfs -o size=16k tmpfs small 2>/dev/null; then
    run oc produce "$ORDERS" --topic "$topic" --report small/report.jsonl
    kept=$(sed -n 's/.*it holds the first \([0-9]*\) of 120.*/\1/p' "$ERR")
    whole=$(jq -c . small/report.jsonl 2>/dev/null | wc -l)
    umount small
    expect_status "a report on a full file system exits 1" 1
    expect_eq "the report file holds exactly the whole lines the error names" "$whole" "${kept:-none}"
else
    skip "the full-file-system check needs root and tmpfs"
fi

# --- envelopes: keys, nulls, binary, headers, partition and timestamp kept -------------------
topic=$(new_topic envelope 3)
cat >envelopes.jsonl <<'JSONL'
{"key":"k1","value":{"a": 1,  "b":[true,null]},"headers":[["h","v"],["bin","AAE=","base64"]],"partition":2,"timestamp":1700000000000}
{"key":null,"value":"plain text"}
{"key":"bin","value":"AP8=","value_encoding":"base64"}
{"key":"","value":null}
{"value":"not base64!","value_encoding":"base64"}
JSONL
run oc produce envelopes.jsonl --envelope --topic "$topic" --on-invalid skip --report report.jsonl
expect_status "an envelope file with one bad line exits 4" 4
kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -J 2>/dev/null | jq -c -s 'sort_by(.ts, .offset) | .[] | {key, payload, headers, partition, ts}' >kcat.jsonl
expect_eq "four envelopes were stored" "$(wc -l <kcat.jsonl)" 4
expect_in "JSON values keep their exact bytes, partition and timestamp" kcat.jsonl \
    '{"key":"k1","payload":"{\"a\": 1,  \"b\":[true,null]}","headers":["h","v","bin","\u0000\u0001"],"partition":2,"ts":1700000000000}'
expect_in "a null key stays null" kcat.jsonl '{"key":null,"payload":"plain text"'
expect_in "an empty key stays empty and a null value null" kcat.jsonl '{"key":"","payload":null'
expect_eq "binary values arrive as bytes" \
    "$(kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -f '%k %s\n' 2>/dev/null | grep -a '^bin ' | od -An -tx1 | tr -d ' \n')" \
    "62696e2000ff0a"
expect_in "a bad envelope is rejected with the reason" report.jsonl "not valid base64"

# --- --format raw and kv: lines as they are, without the order headers -----------------------
# A line of blanks is a value; the empty line is skipped; bytes that are not UTF-8 pass as they are.
printf 'plain text\n{"not":"an order"}\n  \n\n\377\376 not utf-8\n' >raw.txt
run oc produce --format kv raw.txt
expect_status "--format kv without --key-separator is a usage error" 2
expect_in "... saying what it needs" "$ERR" "--format kv needs --key-separator SEP"
run oc produce --format kv --key-separator '' raw.txt
expect_status "an empty --key-separator is a usage error" 2
run oc produce --format raw --key-separator : raw.txt
expect_status "--key-separator with --format raw is a usage error" 2
run oc produce --envelope --format raw raw.txt
expect_status "--envelope with --format raw is a usage error" 2
expect_in "... saying they exclude each other" "$ERR" "--envelope and --format raw exclude each other"
run oc produce --format text raw.txt
expect_status "an unknown --format is a usage error" 2
run oc produce --format raw --repartition raw.txt
expect_status "--repartition without envelopes is a usage error" 2

topic=$(new_topic raw 1)
run oc produce raw.txt --format raw --topic "$topic" --report report.jsonl -H origin=raw
expect_status "--format raw exits 0" 0
expect_in "... 4 delivered, the empty line skipped" "$ERR" "4 delivered, 0 rejected"
expect_in "... and its rate counts records, not orders" "$ERR" " records/s over "
kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -f '%K|%h|%s\n' 2>/dev/null >kcat.txt
expect_eq "kcat reads the lines back as values, null keys, only the -H header" \
    "$(od -An -c kcat.txt | tr -s ' \n' ' ')" \
    "$(printf -- '-1|origin=raw|plain text\n-1|origin=raw|{"not":"an order"}\n-1|origin=raw|  \n-1|origin=raw|\377\376 not utf-8\n' | od -An -c | tr -s ' \n' ' ')"
expect_eq "the report has a delivered line for each, keys empty" \
    "$(jq -r '"\(.line) \(.status) \(.key) \(.offset)"' report.jsonl | tr '\n' ,)" \
    "1 delivered  0,2 delivered  1,3 delivered  2,5 delivered  3,"

topic=$(new_topic kv 3)
printf 'k1:v1\nk2:v:with:colons\n:empty key\nk3:\nno separator\n' >kv.txt
run oc produce kv.txt --format kv --key-separator : --topic "$topic" --on-invalid skip \
    --report report.jsonl -o json
expect_status "--format kv with a line without the separator exits 4" 4
expect_eq "... the summary counts it rejected" "$(jq -c '[.lines, .delivered, .rejected]' "$OUT")" "[5,4,1]"
expect_eq "... the report names it with the reason" \
    "$(jq -r 'select(.status == "rejected") | "\(.line) \(.error)"' report.jsonl)" "5 no key separator ':' in the line"
expect_eq "kcat reads back each key before the first separator and the value after, no headers" \
    "$(kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -f '%k|%h|%s\n' 2>/dev/null | sort | tr '\n' ,)" \
    "$(printf '||empty key\nk1||v1\nk2||v:with:colons\nk3||\n' | sort | tr '\n' ,)"
expect_eq "keys land where the Java partitioner puts them, as for orders" \
    "$(kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -f '%k %p\n' 2>/dev/null | grep '^k' | sort | tr '\n' ,)" \
    "$(jq -r 'select(.key | startswith("k")) | "\(.key) \(.partition)"' report.jsonl | sort | tr '\n' ,)"
run oc produce kv.txt --format kv --key-separator : --topic "$topic"
expect_status "--on-invalid fail stops at the line without the separator (exit 1)" 1
expect_in "... naming it" "$ERR" "kv.txt:5"
dlq=$(new_topic kv.dlq 1)
printf 'a=>1\nb=>2=>3\nc->4\n' >kv2.txt
run oc produce kv2.txt --format kv --key-separator '=>' --topic "$topic" --on-invalid dlq --dlq-topic "$dlq"
expect_status "a separator of two bytes, the bad line dead-lettered: exit 4" 4
expect_eq "the dead-letter topic holds the line without the separator" \
    "$(kcat -C -b "$BOOTSTRAP" -t "$dlq" -e -q -f '%s\n' 2>/dev/null)" "c->4"
expect_eq "the value keeps a later separator" \
    "$(kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -f '%k=%s\n' 2>/dev/null | grep '^b=')" "b=2=>3"

finish
