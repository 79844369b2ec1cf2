#!/usr/bin/env bash
# The shipped monitoring against a real Prometheus (Debian's package) on a free loopback port,
# scraping a payment role service on a real Kafka node: the service's series are there, every
# PromQL expression of the Grafana dashboard evaluates, and OrderctlRoleDown goes firing when the
# service stops with orders behind it, then resolves once a new instance has caught up. The
# group-lag exporter (offsets --watch --metrics) is scraped beside it: with the service down,
# its series alone drive OrderctlTimeBehindHigh pending -> firing, and it resolves once the new
# instance has caught up. The rules are the shipped ones with their `for:` shortened to
# ${ALERT_FOR:-2s} and the time-behind threshold to ${TIME_BEHIND_LIMIT:-3} s; Prometheus
# scrapes and evaluates every second.
. "$(dirname "$0")/lib.sh"
if ! command -v prometheus >/dev/null; then
    skip "no prometheus binary (scripts/install-deps.sh installs Debian's prometheus)"
    finish
    exit
fi
use_kafka "${KAFKA_STATE:?}"
ORDERS="$SOURCE_DIR/examples/orders.jsonl"
id=$(unique mon)
role_setup "$id" 3 payment inventory
read -r prom_port service_port exporter_port < <(free_ports 3)
service="" prom="" exporter=""
trap '[ -n "$service" ] && kill -TERM "$service" 2>/dev/null; [ -n "$exporter" ] && kill -TERM "$exporter" 2>/dev/null; [ -n "$prom" ] && kill -TERM "$prom" 2>/dev/null; wait; rm -rf "$TEST_WORK"' EXIT

sed -E -e "s/^( +for: ).*/\1${ALERT_FOR:-2s}/" \
    -e "s/(time_behind_seconds:max) > 300/\1 > ${TIME_BEHIND_LIMIT:-3}/" \
    "$SOURCE_DIR/deploy/prometheus/orderctl-rules.yml" >rules.yml
grep -q "time_behind_seconds:max > ${TIME_BEHIND_LIMIT:-3}" rules.yml ||
    fail "the test copy of the rules did not lower the time-behind threshold"
# The exporter's target has no role label, as the rules file asks: its `up` is no instance.
cat >prometheus.yml <<YAML
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: [rules.yml]
scrape_configs:
  - job_name: orderctl
    static_configs:
      - targets: ["127.0.0.1:$service_port"]
        labels: {role: payment}
  - job_name: orderctl-offsets
    static_configs:
      - targets: ["127.0.0.1:$exporter_port"]
YAML
prometheus --config.file=prometheus.yml --storage.tsdb.path=tsdb --storage.tsdb.retention.time=1h \
    --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >prometheus.log 2>&1 &
prom=$!
api="http://127.0.0.1:$prom_port/api/v1"
get() { python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$1" 2>/dev/null; }
# query EXPR: the API's whole answer (status, and the result vector).
query() { get "$api/query?query=$(jq -rn --arg q "$1" '$q|@uri')"; }
# value EXPR: the first sample's value, empty when there is none.
value() { query "$1" | jq -r '.data.result[0].value[1] // empty' 2>/dev/null; }
ready() { get "http://127.0.0.1:$prom_port/-/ready" >/dev/null; }
wait_until 60 ready && pass "Prometheus is up on 127.0.0.1:$prom_port" ||
    { fail "Prometheus did not start: $(tail -5 prometheus.log)"; finish; exit; }

start_service() {
    "$ORDERCTL" consume --role payment --metrics "127.0.0.1:$service_port" >/dev/null 2>>service.err &
    service=$!
}
start_service
"$ORDERCTL" offsets --role payment --watch 0.5 --metrics "127.0.0.1:$exporter_port" -o json \
    >/dev/null 2>exporter.err &
exporter=$!
oc produce "$ORDERS" -q
labels='role="payment",group="'"$id"'-payment"'
all_scraped() { [ "$(value "orderctl_records_processed_total{$labels}")" = 120 ]; }
POLL=0.5 wait_until 60 all_scraped && pass "Prometheus scraped the service's count of 120 orders" ||
    fail "no orderctl_records_processed_total of 120 in Prometheus: $(query "orderctl_records_processed_total")"
for series in "orderctl_order_latency_seconds_count{$labels}" "orderctl_consumer_lag{$labels}" \
    "orderctl_consumer_time_behind_seconds{$labels}" "orderctl_commits_total{$labels}" \
    'orderctl:instances_up:sum{role="payment"}'; do
    [ -n "$(value "$series")" ] && pass "series $series is there" || fail "no series $series"
done
expect_eq "every order's latency was observed" "$(value "orderctl_order_latency_seconds_count{$labels}")" 120
caught_up() { [ "$(value "sum(orderctl_consumer_lag{$labels})")" = 0 ]; }
POLL=0.5 wait_until 30 caught_up && pass "the lag in Prometheus reaches 0" || fail "lag not 0: $(query "orderctl_consumer_lag")"

# Each expression of the dashboard, with Grafana's variables filled in as Grafana would.
jq -r '.. | .expr? // empty' "$SOURCE_DIR/deploy/grafana/orderctl.json" >exprs.txt
bad=0
while read -r expr; do
    expr=${expr//\$__rate_interval/1m}
    expr=${expr//\$role/.*}
    answer=$(query "$expr")
    [ "$(jq -r .status <<<"$answer" 2>/dev/null)" = success ] || { bad=$((bad + 1)); echo "dashboard query failed: $expr: $answer"; }
done <exprs.txt
[ -s exprs.txt ] && [ "$bad" = 0 ] && pass "all $(wc -l <exprs.txt) dashboard queries evaluate" ||
    fail "$bad dashboard queries did not evaluate"

from_exporter='job="orderctl-offsets",role="payment",group="'"$id"'-payment"'
exporter_series() { [ "$(query "count(orderctl_consumer_lag{$from_exporter}) by (topic)" | jq -r '.data.result[0] | "\(.metric.topic) \(.value[1])"')" = "$id.orders 3" ]; }
POLL=0.5 wait_until 20 exporter_series && pass "the exporter's lag series carry the group's role, one per partition" ||
    fail "no exporter series for the 3 partitions: $(query "orderctl_consumer_lag{$from_exporter}")"
expect_in "the exporter named its address" exporter.err "metrics at http://127.0.0.1:$exporter_port/metrics"

# Stopped with orders behind it: the role has no instance up, and the alert fires.
kill -TERM "$service"
reap "$service" 20
STATUS=$?
service=""
expect_status "the service stops cleanly on SIGTERM" 130
oc produce "$ORDERS" -q -o json >produce.json
alert_state() { get "$api/alerts" | jq -r '[.data.alerts[] | select(.labels.alertname == "OrderctlRoleDown" and .labels.role == "payment") | .state][0] // "inactive"'; }
seen=""
firing() { local state; state=$(alert_state); [[ " $seen " == *" $state "* ]] || seen="$seen $state"; [ "$state" = firing ]; }
POLL=0.2 wait_until 60 firing && pass "OrderctlRoleDown fires for payment (states seen:$seen)" ||
    fail "OrderctlRoleDown did not fire (states seen:$seen): $(get "$api/alerts")"
expect_eq "the alert's summary names the role" \
    "$(get "$api/alerts" | jq -r '.data.alerts[] | select(.labels.alertname == "OrderctlRoleDown") | .annotations.summary')" \
    "No payment service is up"
# With no instance up, only the exporter reports lag and time-behind: its series drive the
# time-behind alert. ALERTS keeps each state an alert was in, so "pending, then firing" is read
# back from Prometheus rather than caught by polling.
behind_state() { get "$api/alerts" | jq -r '[.data.alerts[] | select(.labels.alertname == "OrderctlTimeBehindHigh" and .labels.group == "'"$id"'-payment") | .state][0] // "inactive"'; }
behind_firing() { [ "$(behind_state)" = firing ]; }
POLL=0.2 wait_until 60 behind_firing && pass "OrderctlTimeBehindHigh fires for the payment group from the exporter's series" ||
    fail "OrderctlTimeBehindHigh did not fire: $(get "$api/alerts")"
expect_eq "OrderctlTimeBehindHigh was pending before it fired" \
    "$(value "count(count_over_time(ALERTS{alertname=\"OrderctlTimeBehindHigh\",alertstate=\"pending\",group=\"$id-payment\"}[5m]))")" 1
expect_eq "its time-behind comes from the exporter, over the ${TIME_BEHIND_LIMIT:-3} s limit" \
    "$(value "max(orderctl_consumer_time_behind_seconds{$from_exporter}) > ${TIME_BEHIND_LIMIT:-3}" | grep -c .)" 1
expect_eq "the lag behind the stopped service is the 120 new orders, from the exporter alone" \
    "$(value "orderctl:consumer_lag:sum{role=\"payment\",group=\"$id-payment\"}")" 120
expect_eq "no role-service series reports lag while it is down" \
    "$(value "count(orderctl_consumer_lag{job=\"orderctl\",group=\"$id-payment\"})")" ""

# A new instance catches up: the lag it finds goes to 0, and the alert resolves.
start_service
second_batch() { [ "$(value "orderctl_records_processed_total{$labels}")" = 120 ] && caught_up; }
POLL=0.5 wait_until 60 second_batch && pass "the new instance processed the 120 orders behind it, lag 0" ||
    fail "the new instance did not catch up: $(query "orderctl_consumer_lag")"
resolved() { [ "$(alert_state)" = inactive ]; }
POLL=0.2 wait_until 30 resolved && pass "OrderctlRoleDown resolves" || fail "OrderctlRoleDown still $(alert_state)"
behind_resolved() { [ "$(behind_state)" = inactive ]; }
POLL=0.2 wait_until 30 behind_resolved && pass "OrderctlTimeBehindHigh resolves once the new instance caught up" ||
    fail "OrderctlTimeBehindHigh still $(behind_state)"
kill -TERM "$exporter"
reap "$exporter" 20
STATUS=$?
exporter=""
expect_status "the exporter stops on SIGTERM with exit 130" 130
kill -TERM "$service"
reap "$service" 20 >/dev/null
service=""
expect_in "the summary gives the order-to-outcome latency" service.err "order-to-outcome latency p50 "

# The summaries as data: produce's acknowledgement latency, a role's order-to-outcome latency.
expect_eq "produce -o json: 120 delivered, with ack latency percentiles" \
    "$(jq -r '[.delivered, (.ack_latency_ms.p50 <= .ack_latency_ms.p99)] | @tsv' produce.json)" "120	true"
run oc consume --role inventory --until end -o json
expect_status "an inventory service over both batches ends at the end" 0
expect_eq "its JSON summary: 240 processed, 240 latencies, p50 <= p99 <= max" \
    "$(jq -r '[.processed, .order_latency_ms.count, (.order_latency_ms.p50 <= .order_latency_ms.p99 and .order_latency_ms.p99 <= .order_latency_ms.max)] | @tsv' "$OUT")" "240	240	true"
finish
