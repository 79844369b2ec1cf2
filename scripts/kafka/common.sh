# shellcheck shell=bash
# Shared settings of the real-Kafka test harness; sourced by the other scripts.

# The single pin of the Apache Kafka version (broker, tools, Connect).
KAFKA_VERSION=4.1.1

KAFKA_SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Jars live outside the work tree (they are ~100 jars, ~60 MB).
KAFKA_CACHE_ROOT=${ORDERCTL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderctl}
KAFKA_HOME_DIR=$KAFKA_CACHE_ROOT/kafka-$KAFKA_VERSION
KAFKA_LIB_DIR=$KAFKA_HOME_DIR/lib
KAFKA_STAMP=$KAFKA_HOME_DIR/.complete
KAFKA_LOG4J=$KAFKA_SCRIPTS_DIR/log4j2.properties

kh_die() { echo "kafka harness: $*" >&2; exit 1; }
kh_log() { echo "kafka harness: $*" >&2; }

# What the stamp must contain for the cache to count as complete: the version
# and a hash of the pom, so editing the pom forces a new fetch.
kh_stamp_content() {
  printf '%s %s\n' "$KAFKA_VERSION" "$(sha256sum "$KAFKA_SCRIPTS_DIR/pom.xml" | cut -d' ' -f1)"
}

kh_cache_complete() {
  [[ -f $KAFKA_STAMP && -d $KAFKA_LIB_DIR ]] && [[ "$(cat "$KAFKA_STAMP")" == "$(kh_stamp_content)" ]]
}

# Ensure the jars are there (fetching them if needed) and set KAFKA_LIB.
kh_need_lib() {
  if ! kh_cache_complete; then
    "$KAFKA_SCRIPTS_DIR/fetch.sh" >/dev/null
  fi
  KAFKA_LIB=$KAFKA_LIB_DIR
}

# Is PID alive and a Kafka node started from node directory DIR? Guards against
# signalling a recycled pid. Zombies count as dead: PID 1 of a container may
# not reap the orphaned JVMs.
kh_pid_is_node() {
  local pid=$1 dir=$2
  kh_pid_alive "$pid" || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "-Dorderctl.kafka.node=$dir"
}

# PID exists and is not a zombie, whatever it runs.
kh_pid_alive() {
  local pid=$1 state
  [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $state != Z ]]
}

# A process just started with `nohup java ... &` is a forked shell until nohup and then java
# exec: its command line does not show the node's mark yet, and kh_pid_is_node would call it
# gone. Waits (up to 10 s) until the mark is there or the process has ended.
kh_await_exec() {
  local pid=$1 dir=$2 i
  for ((i = 0; i < 100; i++)); do
    kh_pid_is_node "$pid" "$dir" && return 0
    kh_pid_alive "$pid" || return 0
    sleep 0.1
  done
}

# Wait up to SECONDS for PID to die; returns 1 if it is still alive.
kh_wait_dead() {
  local pid=$1 dir=$2 secs=$3 i
  for ((i = 0; i < secs * 10; i++)); do
    kh_pid_is_node "$pid" "$dir" || return 0
    sleep 0.1
  done
  ! kh_pid_is_node "$pid" "$dir"
}

# ---------------------------------------------------------------- free ports
# kh_pick_ports N [TAKEN...]: N distinct free loopback ports, space-separated,
# none of the TAKEN ones (picked before, not bound yet). Chosen below Linux's
# ephemeral range (32768+), so an outgoing connection of some client cannot
# grab one between our probe and the broker's bind.
kh_pick_ports() {
  local n=$1
  shift
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$n" "$@" <<'PY'
import random, socket, sys
n, ports, held = int(sys.argv[1]), [], []
taken = set(int(p) for p in sys.argv[2:])
rng = random.SystemRandom()
for _ in range(5000):
    if len(ports) == n:
        break
    p = rng.randint(20000, 32000)
    if p in ports or p in taken:
        continue
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", p))  # held until exit: the n ports are distinct
    except OSError:
        s.close()
        continue
    held.append(s)
    ports.append(p)
if len(ports) != n:
    sys.exit("no free ports")
print(" ".join(map(str, ports)))
PY
  else # fallback: a port nobody accepts on is taken as free
    local ports=() p
    while ((${#ports[@]} < n)); do
      p=$((20000 + RANDOM % 12000))
      [[ " ${ports[*]} $* " == *" $p "* ]] && continue
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then ports+=("$p"); fi
    done
    echo "${ports[*]}"
  fi
}

# ---------------------------------------------------------------- cluster state

kh_require_kcat() {
  command -v kcat >/dev/null 2>&1 ||
    kh_die "kcat not found (needed to probe brokers): run the project's install script, or: apt-get install -y kcat"
}

# JVM heap of a node: the quorum runs three JVMs on two cores, so smaller;
# the eventhubs node shares the machine with a Connect worker.
kh_node_heap() {
  if [[ ${KAFKA_NODE_HEAP_OPTS:-} ]]; then
    echo "$KAFKA_NODE_HEAP_OPTS"
  elif [[ $1 == quorum || $1 == eventhubs ]]; then
    echo "-Xms256m -Xmx384m"
  else
    echo "-Xms256m -Xmx512m"
  fi
}

# Short-lived JVMs (StorageTool, tool.sh): the client compiler alone and the
# serial GC start noticeably faster on two cores.
# shellcheck disable=SC2034 # used by start.sh and tool.sh
KH_TOOL_JVM_OPTS=(-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$KAFKA_LOG4J" -Dorderctl.log.appender=STDERR -Dorderctl.log.level=WARN)

# ---------------------------------------------------------------- class-data sharing
# A broker JVM spends most of its start-up (several CPU-seconds each, three
# JVMs on two cores for a quorum) loading classes. The first node ever started
# records a dynamic CDS archive of the classes it used when it exits cleanly;
# later nodes map it (about a third faster to start). The archive is keyed by
# the jars and the java binary; a stale or broken one is ignored by the JVM
# (-Xshare:auto). KAFKA_CDS=0 turns this off.
kh_cds_archive() {
  local key
  key=$( (kh_stamp_content; readlink -f "$(command -v java)") | sha256sum | cut -c1-12)
  echo "$KAFKA_HOME_DIR/cds/broker-$key.jsa"
}

# Prints the JVM flags (one per line) for a node started from DIR.
kh_cds_flags() {
  local dir=$1 a
  [[ ${KAFKA_CDS:-1} != 0 ]] || return 0
  a=$(kh_cds_archive)
  if [[ -s $a ]]; then
    printf '%s\n' "-XX:SharedArchiveFile=$a" "-Xlog:cds*=off"
    return 0
  fi
  mkdir -p "${a%/*}"
  # a recorder that never exited cleanly (SIGKILL, reboot) gives up its turn
  find "${a%/*}" -name '*.recorder' -mmin +60 -delete 2>/dev/null || true
  if (set -o noclobber && echo "$dir" >"$a.recorder") 2>/dev/null; then
    printf '%s\n' "-XX:ArchiveClassesAtExit=$a.tmp" "-Xlog:cds*=off"
  fi
}

# After the node in DIR has exited: keep its archive if it exited cleanly
# (CLEAN=1), drop it otherwise.
kh_cds_finish() {
  local dir=$1 clean=$2 a
  a=$(kh_cds_archive)
  [[ -f $a.recorder && "$(cat "$a.recorder" 2>/dev/null)" == "$dir" ]] || return 0
  if [[ $clean == 1 && -s $a.tmp ]]; then mv -f "$a.tmp" "$a"; else rm -f "$a.tmp"; fi
  rm -f "$a.recorder"
}

# kh_launch_node MODE NODE_DIR: start kafka.Kafka in the background; prints its pid.
kh_launch_node() {
  local mode=$1 dir=$2 heap cds flags=()
  heap=$(kh_node_heap "$mode")
  mkdir -p "$dir/logs"
  mapfile -t cds < <(kh_cds_flags "$dir")
  # A node's own JVM flags (one a line; the eventhubs node's allowed OAuth URL), kept in its
  # directory so that node.sh start restarts it with them.
  [[ -f $dir/jvm.flags ]] && mapfile -t flags <"$dir/jvm.flags"
  # stdin/stdout/stderr detached from the caller (so `$(start.sh ...)` or a
  # pipe does not wait for the broker), fd 9 (our state lock) closed so the
  # broker does not hold it. -Dorderctl.kafka.node marks the process as ours.
  # shellcheck disable=SC2086
  nohup java $heap -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true "${cds[@]}" "${flags[@]}" ${KAFKA_NODE_JVM_OPTS:-} \
    "-Dorderctl.kafka.node=$dir" \
    "-Dkafka.logs.dir=$dir/logs" \
    "-Dlog4j2.configurationFile=$KAFKA_LOG4J" \
    -Dorderctl.log.appender=FILE -Dorderctl.log.level=INFO \
    -cp "$KAFKA_LIB/*" kafka.Kafka "$dir/server.properties" \
    </dev/null >>"$dir/logs/stdout.log" 2>&1 9>&- &
  local pid=$!
  kh_await_exec "$pid" "$dir"
  echo "$pid"
}

# Number of brokers that the broker at 127.0.0.1:PORT lists in its metadata
# (empty output if it does not answer).
kh_broker_count() {
  kcat -L -b "127.0.0.1:$1" -m 3 2>/dev/null | awk '/^ *[0-9]+ brokers:$/ {print $1; exit}' || true
}

# Load STATE_DIR/env into this shell (fails if absent).
kh_load_env() {
  local state=$1
  [[ -f $state/env ]] || return 1
  # shellcheck disable=SC1091
  source "$state/env"
}

# kh_env_set STATE_DIR KEY VALUE: replace one line of STATE_DIR/env atomically.
kh_env_set() {
  local state=$1 key=$2 val=$3 tmp
  tmp=$(mktemp "$state/.env.XXXXXX")
  awk -v k="$key" -v v="$val" 'BEGIN { done = 0 }
    index($0, k "=") == 1 { print k "=" v; done = 1; next } { print }
    END { if (!done) print k "=" v }' "$state/env" >"$tmp"
  mv "$tmp" "$state/env"
}

# Print the last lines of a node's logs to stderr (for failures).
kh_tail_logs() {
  local dir=$1 f
  for f in "$dir/logs/server.log" "$dir/logs/stdout.log"; do
    [[ -s $f ]] || continue
    echo "----- tail of $f -----" >&2
    tail -n "${KAFKA_TAIL_LINES:-40}" "$f" >&2
  done
}

# kh_stop_pids SECONDS DIR:PID...: SIGTERM all, wait up to SECONDS in total,
# then SIGKILL the rest. Pids that are not (or no longer) our nodes are skipped.
kh_stop_pids() {
  local secs=$1 item pid dir deadline alive
  shift
  for item in "$@"; do
    dir=${item%:*} pid=${item##*:}
    if kh_pid_is_node "$pid" "$dir"; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  deadline=$((SECONDS + secs))
  while :; do
    alive=()
    for item in "$@"; do
      dir=${item%:*} pid=${item##*:}
      kh_pid_is_node "$pid" "$dir" && alive+=("$item")
    done
    ((${#alive[@]} == 0)) && break
    ((SECONDS >= deadline)) && break
    sleep 0.2
  done
  for item in "${alive[@]}"; do
    dir=${item%:*} pid=${item##*:}
    kh_log "node in $dir (pid $pid) ignored SIGTERM for ${secs}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    kh_wait_dead "$pid" "$dir" 10 || kh_log "pid $pid still alive after SIGKILL"
  done
  for item in "$@"; do
    dir=${item%:*}
    if [[ " ${alive[*]} " == *" $item "* ]]; then kh_cds_finish "$dir" 0; else kh_cds_finish "$dir" 1; fi
  done
}
