# Shared by the benches (sourced, before anything runs): their -h, the binary under test, the
# broker they run against. Expects root, work, kafka, log and die from the bench (when a
# function is called); sets ORDERCTL, state, own_broker, B.

# The bench's own header comment, as its -h text.
bench_help() {
  sed -n '2,/^set -euo/p' "$1" | sed '$d; s/^# \{0,1\}//'
}

# Arguments of a bench that takes only [--json FILE] (and -h): sets JSON_OUT.
bench_json_args() {
  local script=$1
  shift
  JSON_OUT=""
  while (($#)); do
    case $1 in
      --json) JSON_OUT=$2; shift 2 ;;
      --json=*) JSON_OUT=${1#--json=}; shift ;;
      -h|--help) bench_help "$script"; exit 0 ;;
      *) echo "usage: $script [--json FILE]" >&2; exit 2 ;;
    esac
  done
}

# For the bench's cleanup: stops the single node that bench_broker started, if it did.
bench_stop_own_broker() {
  if [[ -n ${own_broker:-} ]]; then
    log "stopping the broker in $own_broker"
    "$kafka/stop.sh" "$own_broker" >/dev/null 2>&1 || true
  fi
}

# ORDERCTL, or a Release build of this tree in BENCH_BUILD_DIR.
bench_orderctl() {
  if [[ -z ${ORDERCTL:-} ]]; then
    local build=${BENCH_BUILD_DIR:-/tmp/orderctl-bench-build}
    log "building orderctl (Release) in $build"
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" --target orderctl >/dev/null
    ORDERCTL=$build/orderctl
  fi
  [[ -x $ORDERCTL ]] || die "no orderctl binary at $ORDERCTL"
}

# The cluster in KAFKA_STATE, or a single KRaft node of the bench's own (own_broker: the
# bench's cleanup stops it). Loopback only.
bench_broker() {
  if [[ -n ${KAFKA_STATE:-} ]]; then
    [[ -f $KAFKA_STATE/env ]] || die "KAFKA_STATE=$KAFKA_STATE has no env file"
    state=$KAFKA_STATE
    log "using the running cluster in $state"
  else
    state=$work/kafka
    own_broker=$state
    log "starting a single KRaft node in $state"
    "$kafka/start.sh" single "$state" >/dev/null
  fi
  # shellcheck disable=SC1091
  source "$state/env"
  B=$KAFKA_BOOTSTRAP
  case ,$B, in *,127.0.0.1:*) ;; *) die "bootstrap $B is not on 127.0.0.1" ;; esac
}
