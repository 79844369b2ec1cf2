#!/usr/bin/env bash
# node.sh STATE_DIR stop|kill|start ID
# Fault injection on one node of a cluster started by start.sh:
#   stop   SIGTERM (controlled shutdown) and wait for exit (SIGKILL after
#          KAFKA_STOP_TIMEOUT, default 60 s)
#   kill   SIGKILL, no shutdown at all
#   start  start it again on the same ports and data (no reformat) and wait
#          (KAFKA_START_TIMEOUT, default 90 s) until it answers metadata and
#          lists itself as a broker
# STATE_DIR/env's KAFKA_NODE_<ID>_PID follows (empty while the node is down).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() { echo "usage: $0 STATE_DIR stop|kill|start ID" >&2; exit 2; }
(($# == 3)) || usage
[[ -d $1 ]] || kh_die "$1: no such directory"
state=$(cd "$1" && pwd)
action=$2 id=$3
[[ $id =~ ^[0-9]+$ ]] || usage
kh_load_env "$state" || kh_die "$state/env missing: start the cluster with start.sh first"
dir_var=KAFKA_NODE_${id}_DIR port_var=KAFKA_NODE_${id}_PORT
[[ ${!dir_var:-} ]] || kh_die "no node $id in $state (nodes: $KAFKA_NODE_IDS)"
dir=${!dir_var} port=${!port_var}

exec 9>"$state/.lock"
flock 9
pid=$(cat "$dir/pid" 2>/dev/null || true)

case $action in
stop | kill)
  if ! kh_pid_is_node "$pid" "$dir"; then
    kh_log "node $id is not running"
  elif [[ $action == stop ]]; then
    kh_stop_pids "${KAFKA_STOP_TIMEOUT:-60}" "$dir:$pid"
    kh_log "node $id stopped (SIGTERM)"
  else
    kill -KILL "$pid"
    kh_wait_dead "$pid" "$dir" 10 || kh_die "node $id (pid $pid) survived SIGKILL"
    kh_cds_finish "$dir" 0
    kh_log "node $id killed (SIGKILL)"
  fi
  : >"$dir/pid"
  kh_env_set "$state" "KAFKA_NODE_${id}_PID" ""
  ;;
start)
  kh_require_kcat
  if kh_pid_is_node "$pid" "$dir"; then
    kh_log "node $id already running (pid $pid)"
  else
    # KAFKA_LIB comes from env: the jars the cluster was formatted with
    [[ -d $KAFKA_LIB ]] || kh_die "$KAFKA_LIB missing: run fetch.sh"
    pid=$(kh_launch_node "$KAFKA_MODE" "$dir")
    echo "$pid" >"$dir/pid"
    kh_env_set "$state" "KAFKA_NODE_${id}_PID" "$pid"
  fi
  # Ready: it answers metadata and its own id is among the listed brokers.
  t0=$SECONDS deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  while :; do
    if ! kh_pid_is_node "$pid" "$dir"; then
      kh_cds_finish "$dir" 0
      kh_tail_logs "$dir"
      : >"$dir/pid"
      kh_env_set "$state" "KAFKA_NODE_${id}_PID" ""
      kh_die "node $id exited during start"
    fi
    if kcat -L -b "127.0.0.1:$port" -m 3 2>/dev/null | grep -qE "^ +broker $id at "; then break; fi
    if ((SECONDS >= deadline)); then
      kh_tail_logs "$dir"
      kill -KILL "$pid" 2>/dev/null || true
      kh_wait_dead "$pid" "$dir" 10 || true
      kh_cds_finish "$dir" 0
      : >"$dir/pid"
      kh_env_set "$state" "KAFKA_NODE_${id}_PID" ""
      kh_die "node $id not ready after ${KAFKA_START_TIMEOUT:-90}s (killed)"
    fi
    sleep 0.3
  done
  kh_log "node $id up (pid $pid) in $((SECONDS - t0))s"
  ;;
*) usage ;;
esac
