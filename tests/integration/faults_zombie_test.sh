#!/usr/bin/env bash
# A zombie role instance on the real 3-node quorum: two instances of `consume --role payment` in
# one group (A and B, told apart by client.id) share the partitions of the orders topic while
# orders arrive. A is frozen (SIGSTOP) past its session timeout: the group gives its partitions
# to B, which redoes what A had not committed. A is then woken (SIGCONT) while B works.
# - at-least-once: every order has an outcome; duplicates only where A had work in flight (its
#   partitions, at or after the offsets committed when it froze, before the log end then).
# - --exactly-once (transaction.timeout.ms shortened, so the coordinator aborts A's open
#   transaction while it sleeps): a read_committed reader of the outcomes sees exactly one
#   outcome per order, and the woken A is fenced and must say so, or go on correctly.
. "$(dirname "$0")/faults_lib.sh"
children=()
# Nothing stays frozen or running after the test, whatever happens.
fault_cleanup() {
    local pid
    for pid in "${children[@]}"; do kill -CONT "$pid" 2>/dev/null; kill -TERM "$pid" 2>/dev/null; done
}

# Orders arrive for ORDERS / RATE seconds, long enough for the freeze, the takeover and the thaw.
ORDERS=${FAULTS_ZOMBIE_ORDERS:-150000}
RATE=${FAULTS_ZOMBIE_RATE:-3000}
SESSION_MS=6000  # the broker's group.min.session.timeout.ms
id=$(unique fz)
payment_profiles "$id" alo.orders eos.orders  # an orders topic each

# offsets_json MODE: the group's committed offsets, log ends and owners on the orders topic.
offsets_json() {
    oc -p "$1" offsets -g "$id-$1" -t "$id.$1.orders" -o json --timeout 10 2>/dev/null >"$TEST_WORK/offsets.json"
}
# owned_by MODE CLIENT: the partitions CLIENT owns, e.g. "0 1 2"
owned_by() {
    offsets_json "$1" && jq -r --arg c "$2" '[.[0].partitions[] | select((.owner // "") | startswith($c + "@")) | .partition] | join(" ")' \
        "$TEST_WORK/offsets.json"
}
log_ends() { jq -r '[.[0].partitions[] | "\(.partition)=\(.log_end)"] | join(" ")' "$TEST_WORK/offsets.json"; }
committed_at() { jq -r '[.[0].partitions[] | "\(.partition)=\(.committed // 0)"] | join(" ")' "$TEST_WORK/offsets.json"; }
outcome_keys() { timeout 180 kcat -C -b "$BOOTSTRAP" -t "$1" -e -q "${@:2}" -f '%k\n' 2>/dev/null; }

summary=()
# zombie MODE FLAGS...: the whole scenario for one mode. Leaves A's and B's exit statuses in
# a_status and b_status, their stderr in MODE-a.err and MODE-b.err, and the offsets of the
# freeze in MODE-freeze.txt ("partition committed log_end" for each of A's partitions).
zombie() {
    local mode=$1 t0 to_takeover to_rejoin
    shift
    local common=(-p "$mode" consume --role payment -X session.timeout.ms=$SESSION_MS -X heartbeat.interval.ms=1000 "$@")
    "$ORDERCTL" -p "$mode" produce --generate "$ORDERS" --seed 31 --rate "$RATE" -q 2>"$mode-produce.err" &
    local producer=$!
    children+=("$producer")
    "$ORDERCTL" "${common[@]}" -X client.id="$id-a" >/dev/null 2>"$mode-a.err" &
    local a=$!
    "$ORDERCTL" "${common[@]}" -X client.id="$id-b" >/dev/null 2>"$mode-b.err" &
    local b=$!
    children+=("$a" "$b")
    a_parts="" b_parts=""
    shared() { a_parts=$(owned_by "$mode" "$id-a") && b_parts=$(owned_by "$mode" "$id-b") &&
        [ -n "$a_parts" ] && [ -n "$b_parts" ] && [ "$(jq '[.[0].partitions[] | .committed // 0] | add' "$TEST_WORK/offsets.json")" -gt $((RATE * 3)) ]; }
    if wait_for 90 shared; then pass "$mode: A owns partitions $a_parts, B owns $b_parts, both at work"; else
        fail "$mode: the two instances never shared the partitions (A: '$a_parts', B: '$b_parts')"; fi

    # Freeze A; what it had in flight is in [committed, log end) of its partitions, now.
    kill -STOP "$a"
    t0=$(now_ms)
    offsets_json "$mode"
    jq -r --arg p " $a_parts " '.[0].partitions[] | .partition as $n | select($p | contains(" \($n) ")) | "\($n) \(.committed // 0) \(.log_end)"' \
        "$TEST_WORK/offsets.json" >"$mode-freeze.txt"
    echo "$mode: A frozen at (partition committed log_end): $(tr '\n' ';' <"$mode-freeze.txt")"
    [ "$(wc -l <"$mode-freeze.txt")" -eq "$(wc -w <<<"$a_parts")" ] ||
        fail "$mode: the offsets of A's partitions ($a_parts) could not be read at the freeze"
    # B takes A's partitions and commits past where A stood on every one of them.
    took_over() {
        offsets_json "$mode" || return 1
        local p c l now
        while read -r p c l; do
            now=$(jq -r --argjson p "$p" '.[0].partitions[] | select(.partition == $p) | "\(.owner // "-") \(.committed // 0)"' "$TEST_WORK/offsets.json")
            case $now in "$id-b@"*) ;; *) return 1 ;; esac
            [ "${now##* }" -gt "$c" ] || return 1
        done <"$mode-freeze.txt"
    }
    if wait_for 90 took_over; then to_takeover=$(seconds_since "$t0"); pass "$mode: B took A's partitions and committed past A's offsets"; else
        to_takeover=never; fail "$mode: B did not take over A's partitions within 90 s"; fi
    kill -0 "$producer" 2>/dev/null && pass "$mode: the takeover happened while orders still arrived" ||
        fail "$mode: the orders were all in before the takeover (the scenario did not happen)"
    # Wake A while B works.
    kill -CONT "$a"
    local t1
    t1=$(now_ms)
    echo "$mode: A woken after $(seconds_since "$t0")s frozen"
    wait "$producer"
    expect_eq "$mode: the producer delivered every order" "$?" 0
    # Done when every order has been processed and committed by the group (bounded).
    all_committed() {
        offsets_json "$mode" && [ "$(jq '[.[0].partitions[] | (.committed // -1) == .log_end] | all' "$TEST_WORK/offsets.json")" = true ] &&
            [ "$(jq '[.[0].partitions[].log_end] | add' "$TEST_WORK/offsets.json")" -eq "$ORDERS" ]
    }
    wait_for 120 all_committed || fail "$mode: the group did not commit every order within 120 s of the last one"
    to_rejoin=$(seconds_since "$t1")
    a_running=no
    kill -0 "$a" 2>/dev/null && a_running=yes
    kill -TERM "$a" "$b" 2>/dev/null
    service_done() { ! kill -0 "$a" 2>/dev/null && ! kill -0 "$b" 2>/dev/null; }
    wait_for 60 service_done || { kill -KILL "$a" "$b" 2>/dev/null; fail "$mode: an instance ignored SIGTERM for 60 s"; }
    wait "$a"
    a_status=$?
    wait "$b"
    b_status=$?
    summary+=("$mode:takeover=${to_takeover}s:all-committed=${to_rejoin}s-after-thaw")
}

# in_flight_check MODE OUTCOMES_FILE: counts duplicated orders and where they are, against the
# orders topic read by kcat (key partition offset). Prints "duplicated outside window bound".
in_flight_check() {
    local mode=$1
    timeout 180 kcat -C -b "$BOOTSTRAP" -t "$id.$mode.orders" -e -q -f '%k %p %o\n' >"$mode-orders.txt" 2>/dev/null
    python3 - "$mode-freeze.txt" "$mode-orders.txt" "$2" <<'PY'
import sys
from collections import Counter
window = {}
for line in open(sys.argv[1]):
    p, committed, log_end = map(int, line.split())
    window[p] = (committed, log_end)
where = {}
for line in open(sys.argv[2]):
    k, p, o = line.split()
    where[k] = (int(p), int(o))
counts = Counter(l.strip() for l in open(sys.argv[3]) if l.strip())
dups = [k for k, n in counts.items() if n > 1]
outside = 0
for k in dups:
    p, o = where.get(k, (-1, -1))
    if p not in window or not (window[p][0] <= o < window[p][1]):
        outside += 1
bound = sum(e - c for c, e in window.values())
print(sum(counts[k] - 1 for k in dups), outside, bound)
PY
}

# --- at-least-once ----------------------------------------------------------------------------
zombie alo
expect_eq "at-least-once: B stops cleanly on SIGTERM (130)" "$b_status" 130
expect_eq "at-least-once: the woken A rejoined and stops cleanly on SIGTERM (130)" "$a_status" 130
outcome_keys "$id.alo.payments" >alo-outcomes.txt
read -r alo_total alo_distinct < <(awk '{n++; s[$1]=1} END {print n+0, length(s)}' alo-outcomes.txt)
expect_eq "at-least-once: every order has an outcome" "$alo_distinct" "$ORDERS"
read -r alo_dups alo_outside alo_bound < <(in_flight_check alo alo-outcomes.txt)
echo "at-least-once: $alo_dups orders redone; A had at most $alo_bound uncommitted when frozen"
expect_eq "at-least-once: every redone order was A's uncommitted work when it froze" "$alo_outside" 0
[ "$alo_dups" -le "$alo_bound" ] && pass "at-least-once: redone ($alo_dups) bounded by A's work in flight ($alo_bound)" ||
    fail "at-least-once: $alo_dups redone, more than A's $alo_bound uncommitted"

# --- exactly-once -----------------------------------------------------------------------------
# transaction.timeout.ms=10000: the coordinator aborts the transaction A left open within about
# 10-20 s (its check runs every 10 s), bumping A's producer epoch; only then can B read stable
# offsets for A's partitions.
zombie eos --exactly-once -X transaction.timeout.ms=10000
expect_eq "exactly-once: B stops cleanly on SIGTERM (130)" "$b_status" 130
read -r eos_total eos_distinct < <(committed_keys "$id.eos.payments" "$ORDERS" eos-outcomes.txt)
expect_eq "exactly-once: read_committed, every order has an outcome" "$eos_distinct" "$ORDERS"
expect_eq "exactly-once: read_committed, exactly one outcome per order" "$eos_total" "$ORDERS"
echo "exactly-once: A exited $a_status (running at the end: $a_running); its stderr:"
sed 's/^/    /' eos-a.err | tail -8
if [ "$a_running" = yes ]; then
    # Going on is correct only if A was not left with a dead producer: it must still have
    # stopped cleanly, and the outcomes above are exactly once.
    expect_eq "exactly-once: the woken A went on and stops cleanly on SIGTERM (130)" "$a_status" 130
    # It had a transaction open when it froze, which the coordinator aborted: it must say so.
    grep -qi 'abort' eos-a.err && pass "exactly-once: A says its open transaction was aborted" ||
        fail "exactly-once: A went on without a word about the transaction it lost: $(tail -3 eos-a.err)"
else
    [ "$a_status" -ne 0 ] && pass "exactly-once: the fenced A exited non-zero ($a_status)" ||
        fail "exactly-once: A stopped with exit 0 after being fenced"
    expect_in "exactly-once: A's error reads 'orderctl: error:'" eos-a.err "orderctl: error:"
    # A clear error says what happened: its transaction was ended for it (fenced, timed out),
    # so its work is left to the group; not only a raw broker error.
    last_error=$(grep 'orderctl: error:' eos-a.err | tail -1)
    grep -qiE 'fenced|epoch|timed out|expired|another instance' <<<"$last_error" &&
        pass "exactly-once: A's error says it was fenced or its transaction timed out" ||
        fail "exactly-once: A's error does not say it was fenced: $last_error"
fi

echo "faults zombie summary: orders=$ORDERS" \
    "alo: outcomes=$alo_total distinct=$alo_distinct lost=$((ORDERS - alo_distinct)) duplicated=$alo_dups in-flight-bound=$alo_bound" \
    "eos: committed outcomes=$eos_total distinct=$eos_distinct lost=$((ORDERS - eos_distinct)) duplicated=$((eos_total - eos_distinct))" \
    "zombie-exit=$a_status zombie-running-at-end=$a_running" \
    "recovery: ${summary[*]}"
for t in alo.orders alo.orders.dlq alo.payments eos.orders eos.orders.dlq eos.payments; do oc topics delete "$id.$t" --yes >/dev/null 2>&1; done
finish
