#!/usr/bin/env bash
# Role services with a user's handler (--exec) and the Prometheus endpoint (--metrics), against a
# real Kafka 4.1 KRaft node: answers become outcomes by content, a flaky handler is retried, a
# hanging or crashing one is dead-lettered after its retries, one child serves many orders, and
# the metrics carry the numbers the run produced.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
echo "real Kafka: $KAFKA_VERSION ($KAFKA_MODE) at $BOOTSTRAP"
ORDERS="$SOURCE_DIR/examples/orders.jsonl"
id=$(unique x)
role_setup "$id" 3 fulfillment payment
oc produce "$ORDERS" -q
flaky=$(sed -n 2p "$ORDERS" | jq -r .order_id)
hang=$(sed -n 3p "$ORDERS" | jq -r .order_id)
crash=$(sed -n 4p "$ORDERS" | jq -r .order_id)

# The user's handler: answers with the item count; fails its first two calls for one order,
# never answers for another, and dies on a third. It logs its pid per order it sees.
cat >handler.py <<PY
import json, os, sys, time
seen = {}
for line in sys.stdin:
    order = json.loads(line)
    oid = order["order_id"]
    seen[oid] = seen.get(oid, 0) + 1
    with open("pids.log", "a") as log:
        log.write(f"{os.getpid()} {oid}\n")
    if oid == "$flaky" and seen[oid] <= 2:
        print(json.dumps({"error": "warehouse API busy"}), flush=True)
    elif oid == "$hang":
        time.sleep(60)
    elif oid == "$crash":
        sys.exit(3)
    else:
        print(json.dumps({"order_id": oid, "status": "packed",
                          "units": sum(i["quantity"] for i in order["items"])}), flush=True)
PY

run oc consume --role fulfillment --exec "python3 handler.py" --retries 2 --exec-timeout 1 --until end -o jsonl
expect_status "the service with a user's handler exits 0 at the end" 0
expect_in "its summary counts the handler's failures" "$ERR" "120 processed (118 packed), 2 dead-lettered, 8 handler failure(s)"
kcat -C -b "$BOOTSTRAP" -t "$id.fulfillment" -e -q -f '%k\t%s\n' 2>/dev/null | sort >outcomes.tsv
expect_eq "one outcome per order the handler answered" "$(wc -l <outcomes.tsv)" 118
expect_eq "each outcome is the handler's answer for that order (units by content)" "$(python3 - "$ORDERS" outcomes.tsv <<'PY'
import json, sys
units = {o["order_id"]: sum(i["quantity"] for i in o["items"]) for o in map(json.loads, open(sys.argv[1]))}
bad = 0
for line in open(sys.argv[2]):
    key, value = line.rstrip("\n").split("\t", 1)
    answer = json.loads(value)
    bad += answer["order_id"] != key or answer["units"] != units[key] or answer["status"] != "packed"
print(bad)
PY
)" 0
expect_in "the flaky order got its outcome on the third attempt" outcomes.tsv "$flaky	"
expect_eq "-o jsonl printed the same outcomes" "$(wc -l <"$OUT")" 118
kcat -C -b "$BOOTSTRAP" -t "$id.orders.dlq" -e -q -f '%k|%h\n' 2>/dev/null >dlq.txt
expect_in "a handler that never answers: dead-lettered after 3 attempts" dlq.txt \
    "$hang|orderctl-rejection-reason=handler failed 3 time(s); last: the handler did not answer within 1000 ms"
expect_in "a handler that dies: dead-lettered with its exit status" dlq.txt "exited with 3"
expect_eq "the dead letters are exactly the two given up on (plus nothing else)" \
    "$(cut -d'|' -f1 dlq.txt | sort | tr '\n' ' ')" "$(printf '%s\n' "$hang" "$crash" | sort | tr '\n' ' ')"
pids=$(cut -d' ' -f1 pids.log | sort -u | wc -l)
expect_eq "the handler saw every order (with retries)" "$(cut -d' ' -f2 pids.log | sort -u | wc -l)" 120
[ "$pids" -le 7 ] && pass "one long-lived child, restarted only after failures ($pids processes for $(wc -l <pids.log) calls)" \
    || fail "$pids handler processes for 120 orders"

# A handler command that cannot start: every order goes to the dead-letter topic, nothing hangs.
run oc consume --role fulfillment --group "$id-broken" --exec /nonexistent/handler --retries 0 --until end
expect_status "a broken handler still lets the service reach the end" 0
expect_in "and dead-letters every order" "$ERR" "120 processed, 120 dead-lettered"
run oc consume --exec cat
expect_status "--exec without --role is a usage error" 2
expect_in "naming the flag" "$ERR" "--exec belongs to a role service"

# --- metrics of a long-running service -------------------------------------------------------
metric() { python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$1" 2>/dev/null; }
"$ORDERCTL" consume --role payment --metrics 127.0.0.1:0 >/dev/null 2>service.err &
pid=$!
url=""
have_url() { url=$(grep -o 'http://[^ ]*/metrics' service.err | head -1); [ -n "$url" ]; }
wait_until 10 have_url
[ -n "$url" ] && pass "the service says where its metrics are ($url)" || fail "no metrics URL on stderr"
labels="group=\"$id-payment\",role=\"payment\""
all_counted() {
    metric "$url" >metrics.txt
    grep -q "^orderctl_commits_total{$labels} [1-9]" metrics.txt && grep -q "^orderctl_records_processed_total{$labels} 120$" metrics.txt
}
POLL=0.2 wait_until 30 all_counted
expect_in "records processed" metrics.txt "orderctl_records_processed_total{$labels} 120"
expect_in "outcomes by kind" metrics.txt "orderctl_outcomes_total{group=\"$id-payment\",kind=\"authorized\",role=\"payment\"} 115"
expect_in "declines" metrics.txt "orderctl_outcomes_total{group=\"$id-payment\",kind=\"declined\",role=\"payment\"} 5"
expect_in "dead letters" metrics.txt "orderctl_dead_lettered_total{$labels} 0"
expect_eq "lag per partition, all caught up" "$(grep -c "^orderctl_consumer_lag{group=\"$id-payment\",partition=\"[0-2]\",role=\"payment\",topic=\"$id.orders\"} 0$" metrics.txt)" 3
expect_in "handler latency histogram" metrics.txt "orderctl_handler_duration_seconds_count{$labels} 120"
expect_in "commit latency histogram" metrics.txt "# TYPE orderctl_commit_duration_seconds histogram"
kill -TERM "$pid"
wait_until 10 ended "$pid"
wait "$pid"
expect_eq "SIGTERM: clean shutdown, exit 130" "$?" 130
expect_in "with its summary" service.err "payment (group $id-payment): 120 processed (115 authorized, 5 declined)"
run oc consume --role payment --metrics nonsense --until end
expect_status "a bad --metrics address is a usage error" 2

finish
