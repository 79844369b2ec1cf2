#!/usr/bin/env bash
# produce when the cluster stops answering mid-run, on the embedded dev broker (frozen with
# SIGSTOP, so no JVM is needed): the bounded waits end the run (a full queue waits at most
# --flush-timeout, Ctrl-C at once), every line read ends in the report as delivered, unknown
# (in flight: the broker may have it) or not sent, and nothing reported not sent is stored.
. "$(dirname "$0")/lib.sh"

export XDG_RUNTIME_DIR="$TEST_WORK/run" XDG_CACHE_HOME="$TEST_WORK/cache"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
BROKER_PID=""
stop_broker() {
    if [ -n "$BROKER_PID" ]; then
        kill -CONT "$BROKER_PID" 2>/dev/null
        kill -INT "$BROKER_PID" 2>/dev/null
        # Bounded: a sanitized dev broker was once seen waiting forever in librdkafka's
        # teardown after its SIGSTOP/SIGCONT; the test's verdict is in by then.
        reap "$BROKER_PID" 20 >/dev/null 2>&1
        BROKER_PID=""
    fi
}
trap 'stop_broker; rm -rf "$TEST_WORK"' EXIT

start_broker() {
    "$ORDERCTL" broker --partitions 3 >broker.out 2>broker.err &
    BROKER_PID=$!
    wait_until 30 nonempty broker.out
    BOOTSTRAP=$(head -n 1 broker.out)
    export ORDERCTL_BOOTSTRAP_SERVERS="$BOOTSTRAP"
}

# report_accounts FILE: one line per input line 1..N in order, each delivered, unknown or
# not-sent; prints "N delivered=D unknown=U not-sent=S" or the first problem.
report_accounts() {
    python3 - "$1" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
lines = sorted(r["line"] for r in rows)
if lines != list(range(1, len(rows) + 1)): print("lines not 1..N once each"); sys.exit()
counts = {}
for r in rows:
    counts[r["status"]] = counts.get(r["status"], 0) + 1
    if r["status"] == "unknown" and "may have stored it" not in (r["error"] or ""):
        print("an unknown line does not say it may be stored"); sys.exit()
bad = set(counts) - {"delivered", "unknown", "not-sent"}
if bad: print("unexpected statuses", sorted(bad)); sys.exit()
print(len(rows), " ".join(f"{k}={counts.get(k, 0)}" for k in ("delivered", "unknown", "not-sent")))
PY
}

# start_producer REPORT FLUSH-TIMEOUT: produce 20,000 orders at 2,000/s through a 500-record
# queue into "stall" in the background ($producer), and wait until its report has begun.
start_producer() {
    # The dev broker has no CreateTopics: produce creates "stall" as the profile allows it.
    "$ORDERCTL" produce --generate 20000 --rate 2000 --topic stall -X queue.buffering.max.messages=500 \
        -X allow.auto.create.topics=true \
        --flush-timeout "$2" --report "$1" >/dev/null 2>"$1.err" &
    producer=$!
    wait_until 10 nonempty "$1"
    sleep 1  # not a wait for something: it runs a second before the fault
}

# await_producer SECONDS SINCE-MS ERRFILE: waits up to SECONDS for $producer (then kills it:
# STATUS 124), keeps its exit in $STATUS and its stderr in $ERR, and sets $ended to the ms
# since SINCE-MS.
await_producer() {
    wait_until "$1" ended "$producer"
    ended=$(($(now_ms) - $2))
    if ended "$producer"; then wait "$producer"; STATUS=$?; else kill -9 "$producer"; wait "$producer"; STATUS=124; fi
    cp "$3" "$ERR"
}

# expect_accounted NAME REPORT: every line read is in the report, with some delivered and some
# not sent.
expect_accounted() {
    local accounted
    accounted=$(report_accounts "$2")
    echo "report: $accounted"
    case "$accounted" in
        [0-9]*" delivered="[1-9]*" unknown="*" not-sent="[1-9]*) pass "$1" ;;
        *) fail "$1 ($accounted)" ;;
    esac
}

# --- the broker freezes under a producer: the full queue gives up after --flush-timeout -------
start_broker
start_producer stall.jsonl 3
kill -STOP "$BROKER_PID"
frozen=$(date +%s%3N)
await_producer 60 "$frozen" stall.jsonl.err
echo "stalled producer: exit $STATUS, $ended ms after the freeze"
expect_status "a producer whose cluster stops answering exits 5" 5
expect_in "it says why it stopped" "$ERR" "the cluster acknowledged nothing for 3"
expect_accounted "every line read is in the report, delivered, unknown or not sent" stall.jsonl
expect_in "the summary counts the unknown apart" "$ERR" " unknown"
kill -CONT "$BROKER_PID"
# Once the broker answers again: nothing reported not sent was stored, every delivered line was.
oc consume --topic stall --until end -q 2>/dev/null | jq -r .key | sort >stored.txt
jq -r 'select(.status == "delivered") | .key' stall.jsonl | sort >delivered.txt
jq -r 'select(.status == "not-sent") | .key' stall.jsonl | sort >not_sent.txt
expect_eq "every line reported delivered is stored" "$(comm -23 delivered.txt stored.txt | wc -l)" 0
expect_eq "no line reported not sent is stored" "$(comm -12 not_sent.txt stored.txt | wc -l)" 0

# --- Ctrl-C while the queue is full: exit 130 at once, not when the queue frees up -------------
start_producer interrupted.jsonl 2
kill -STOP "$BROKER_PID"
sleep 1.5  # the 500-record queue is full after 0.25 s at 2000/s; the wait would last 2 s more
kill -INT "$producer"
await_producer 30 "$(now_ms)" interrupted.jsonl.err
echo "interrupted producer: exit $STATUS, $ended ms after Ctrl-C"
expect_status "Ctrl-C during a wait for queue space exits 130" 130
expect_accounted "after Ctrl-C every line read is in the report" interrupted.jsonl
expect_not_in "Ctrl-C is not taken for a stalled cluster" "$ERR" "acknowledged nothing"
kill -CONT "$BROKER_PID"

finish
