#!/usr/bin/env bash
# A slow broker on the real 3-node quorum: every answer from one node's broker port comes 200 ms
# late. The pipeline goes on: `orderctl produce` sends the orders (idempotent, acks=all), then
# the payment service runs to --until end; nothing is lost or doubled (kcat as the witness), and
# the service's metrics show the slow node: the node chosen is the coordinator of its group, so
# every commit waits for it (orderctl_commit_duration_seconds).
#
# How the delay is made, and why this way: `tc qdisc ... netem` on lo, limited to the port by a
# prio qdisc and a u32 filter, would be the most faithful (replication slowed too), but this
# kernel has neither netem nor prio (CONFIG_NET_SCH_NETEM, _PRIO are off). A proxy in front of
# the node alone would slow nothing: clients learn every broker's address from metadata and then
# connect to the node's advertised port directly. So a small delaying proxy (python3, below) runs
# in a cgroup of its own, and an iptables nat rule (REDIRECT, tagged, removed on exit) sends it
# every new connection to the node's broker port that does not come from the proxy itself. All
# clients that connect from now on (the producer, the service's consumer, producer and group
# coordinator connections) see the slow node; the followers' replica fetchers, connected before,
# stay direct, so replication itself is not slowed (acks=all still waits for the slow leader).
. "$(dirname "$0")/faults_lib.sh"
why=$(net_ready) || { echo "cannot redirect connections here: $why"; exit 1; }
proxy="" service=""
proxy_group=$FAULT_TAG-proxy
fault_cleanup() {
    [ -n "$service" ] && kill -TERM "$service" 2>/dev/null
    net_rules_clear
    [ -n "$proxy" ] && kill -TERM "$proxy" 2>/dev/null && wait "$proxy" 2>/dev/null
    rmdir "$CGROUP2/$proxy_group" 2>/dev/null
}

ORDERS=${FAULTS_SLOW_ORDERS:-200000}
DELAY_MS=${FAULTS_SLOW_DELAY_MS:-200}
id=$(unique fs)
group=$id-payment
cat >orderctl.yaml <<YAML
current-profile: slow
profiles:
  slow:
    bootstrap-servers: $BOOTSTRAP
    topics: {orders: $id.orders}
    roles: {payment: {group: $group, output-topic: $id.payments}}
YAML
for t in orders orders.dlq payments; do
    oc topics create "$id.$t" --partitions 6 --replication-factor 3 --config min.insync.replicas=2 >/dev/null 2>&1 ||
        fail "cannot create $id.$t"
done
wait_for 60 isr_full "$id.orders" 3 || fail "the orders topic never had 3 replicas in sync"

# The group's coordinator: the leader of __consumer_offsets partition abs(hash(group)) % 50,
# Java's String.hashCode (the offsets topic exists once any group was looked up).
oc offsets -g "$group" --timeout 10 >/dev/null 2>&1
offsets_partition=$(python3 -c '
import sys
h = 0
for c in sys.argv[1]:
    h = (31 * h + ord(c)) & 0xFFFFFFFF
h = h - (1 << 32) if h >= 1 << 31 else h
print((0 if h == -(1 << 31) else abs(h)) % 50)' "$group")
coordinator=""
coordinator_known() { coordinator=$(partition_leader __consumer_offsets "$offsets_partition") && [ -n "$coordinator" ] && [ "$coordinator" != -1 ]; }
wait_for 60 coordinator_known || fail "no leader for __consumer_offsets/$offsets_partition"
node=$coordinator
port=$(node_port "$node")
echo "slow node: $node (port $port), the coordinator of $group (__consumer_offsets/$offsets_partition)"

# The proxy: answers from the node (upstream to client) leave DELAY_MS after they arrived, in
# order; requests go through at once. Its own connections to the node are made from its cgroup.
cat >proxy.py <<'PY'
import asyncio, sys
listen_port, upstream_port, delay = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) / 1000
stats = {"connections": 0, "bytes_delayed": 0}

async def pump(reader, writer, lag):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()
    async def send():
        try:
            while True:
                due, data = await queue.get()
                if data is None:
                    break
                if due > loop.time():
                    await asyncio.sleep(due - loop.time())
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()
    sender = asyncio.create_task(send())
    try:
        while True:
            data = await reader.read(1 << 16)
            if not data:
                break
            if lag:
                stats["bytes_delayed"] += len(data)
            queue.put_nowait((loop.time() + lag, data))
    except (ConnectionError, OSError):
        pass
    queue.put_nowait((0, None))
    await sender

async def serve(client_reader, client_writer):
    stats["connections"] += 1
    try:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream_port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pump(client_reader, up_writer, 0), pump(up_reader, client_writer, delay))

async def report():
    while True:
        with open("proxy.stats", "w") as f:
            f.write(f'{stats["connections"]} {stats["bytes_delayed"]}\n')
        await asyncio.sleep(0.5)

async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", listen_port)
    open("proxy.ready", "w").close()
    asyncio.create_task(report())
    async with server:
        await server.serve_forever()

asyncio.run(main())
PY
proxy_port=$(free_ports 1)
mkdir -p "$CGROUP2/$proxy_group"
bash -c 'echo $$ >"$1/cgroup.procs" && exec python3 proxy.py "${@:2}"' proxy "$CGROUP2/$proxy_group" \
    "$proxy_port" "$port" "$DELAY_MS" 2>proxy.err &
proxy=$!
proxy_up() { [ -f proxy.ready ]; }
wait_for 20 proxy_up || fail "the proxy did not start: $(cat proxy.err)"
net_redirect_port "$port" "$proxy_port" "$proxy_group" || fail "cannot redirect port $port to the proxy"

# The delay is there: a metadata call to the slow node (ApiVersions, then Metadata: two answers)
# takes at least DELAY_MS; to another node it does not.
metadata_ms() { local t0; t0=$(now_ms); kcat -L -b "127.0.0.1:$1" -m 10 >/dev/null 2>&1; echo $(($(now_ms) - t0)); }
slow_ms=$(metadata_ms "$port")
other=$(bootstrap_without "$node")
other=${other%%,*}
fast_ms=$(metadata_ms "${other##*:}")
echo "metadata from the slow node: ${slow_ms} ms; from another: ${fast_ms} ms"
[ "$slow_ms" -ge "$DELAY_MS" ] && [ "$fast_ms" -lt "$slow_ms" ] && pass "the slow node answers at least ${DELAY_MS} ms late (${slow_ms} ms)" ||
    fail "the slow node answered in ${slow_ms} ms: the delay is not in place"

# --- produce through the slow node --------------------------------------------------------------
t0=$(now_ms)
timeout 300 "$ORDERCTL" produce --generate "$ORDERS" --seed 41 --report report.jsonl >/dev/null 2>produce.err
STATUS=$?
produce_seconds=$(seconds_since "$t0")
cp produce.err "$ERR"
expect_status "produce exits 0 with a slow leader (acks=all)" 0
expect_in "every order delivered" "$ERR" "$ORDERS delivered, 0 rejected, 0 failed, 0 not sent"
read -r after_produce _ <proxy.stats
[ "${after_produce:-0}" -gt 0 ] && pass "the producer's connections to node $node went through the delay ($after_produce so far)" ||
    fail "nothing connected through the proxy: the delay slowed nothing"

# --- the payment service through the slow node, to the end --------------------------------------
metric() { python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$1" 2>/dev/null; }
t0=$(now_ms)
"$ORDERCTL" consume --role payment --until end --metrics 127.0.0.1:0 >/dev/null 2>service.err &
service=$!
url=""
have_url() { url=$(grep -o 'http://[^ ]*/metrics' service.err | head -1); [ -n "$url" ]; }
wait_for 30 have_url || fail "no metrics URL on stderr: $(head -3 service.err)"
# Scraped until the service ends (bounded: 300 s): the last good scrape is kept.
scrape() {
    ended "$service" && return 0
    metric "$url" >scrape.txt && grep -q '^orderctl_commits_total' scrape.txt && cp scrape.txt metrics.txt
    return 1
}
POLL=0.25 wait_until 300 scrape
await_exit 0 "$service" TERM  # still running after the bound: stopped, and STATUS 124
service=""
service_seconds=$(seconds_since "$t0")
cp service.err "$ERR"
expect_status "the payment service reaches the end with a slow coordinator and leader" 0
labels="group=\"$group\",role=\"payment\""
sample() { awk -v m="$1{$labels}" '$1 == m { print $2 }' metrics.txt 2>/dev/null; }
commits=$(sample orderctl_commits_total)
commit_sum=$(sample orderctl_commit_duration_seconds_sum)
commit_count=$(sample orderctl_commit_duration_seconds_count)
commit_mean=$(awk -v s="${commit_sum:-0}" -v n="${commit_count:-0}" 'BEGIN { printf "%.3f", (n > 0 ? s / n : 0) }')
echo "metrics: commits=$commits commit duration: count=$commit_count sum=${commit_sum}s mean=${commit_mean}s; processed=$(sample orderctl_records_processed_total)"
[ "${commit_count:-0}" -ge 1 ] 2>/dev/null && pass "the metrics count the service's commits ($commit_count)" ||
    fail "no commit in the metrics: $(grep commit metrics.txt 2>/dev/null | head -5)"
awk -v m="$commit_mean" -v d="$DELAY_MS" 'BEGIN { exit !(m >= d / 1000) }' &&
    pass "the commit latency shows the slow coordinator (mean ${commit_mean}s >= ${DELAY_MS} ms)" ||
    fail "the commit latency (mean ${commit_mean}s) does not show the ${DELAY_MS} ms delay"
below=$(awk -v m="orderctl_commit_duration_seconds_bucket{$labels,le=\"0.1\"}" '$1 == m { print $2 }' metrics.txt 2>/dev/null)
[ -n "$below" ] && echo "commits under 0.1 s: $below of $commit_count"

timeout 180 kcat -C -b "$BOOTSTRAP" -t "$id.payments" -e -q -f '%k\n' >outcomes.txt 2>/dev/null
read -r total distinct < <(awk '{n++; s[$1]=1} END {print n+0, length(s)}' outcomes.txt)
expect_eq "every order has an outcome (nothing lost)" "$distinct" "$ORDERS"
expect_eq "and only one (nothing redone: no rebalance, no failure)" "$total" "$ORDERS"
timeout 180 kcat -C -b "$BOOTSTRAP" -t "$id.orders" -e -q -f '%k\n' >stored.txt 2>/dev/null
read -r stored stored_distinct < <(awk '{n++; s[$1]=1} END {print n+0, length(s)}' stored.txt)
expect_eq "the orders topic holds each order once" "$stored $stored_distinct" "$ORDERS $ORDERS"
# The witness for the coordinator: Kafka's own group command names it.
kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
    --describe --group "$group" --state >state.txt 2>/dev/null
grep -q "($node)" state.txt && pass "ConsumerGroupCommand names node $node the coordinator" ||
    fail "node $node is not the coordinator: $(cat state.txt)"
read -r connections delayed_bytes <proxy.stats

echo "faults slow summary: orders=$ORDERS delay=${DELAY_MS}ms node=$node lost=$((ORDERS - distinct))" \
    "duplicated=$((total - distinct)) produce=${produce_seconds}s service=${service_seconds}s" \
    "commit_mean=${commit_mean}s commits=$commit_count proxied_connections=$connections delayed_bytes=$delayed_bytes"
for t in orders orders.dlq payments; do oc topics delete "$id.$t" --yes >/dev/null 2>&1; done
finish
