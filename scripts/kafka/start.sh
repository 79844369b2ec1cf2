#!/usr/bin/env bash
# start.sh single|quorum|eventhubs STATE_DIR
#
# Start a throwaway KRaft Kafka cluster on 127.0.0.1 with free ports:
#   single: one node, broker+controller, internal topics RF=1
#   quorum: three nodes, each broker+controller, static voters, internal RF=3
#   eventhubs: one node emulating the Azure Event Hubs Kafka endpoint: a
#     SASL_SSL listener (PLAIN as $ConnectionString + a synthetic connection
#     string, SCRAM-SHA-256/512) with a fresh self-signed CA; a second
#     SASL_SSL listener taking OAUTHBEARER tokens of a stand-in Microsoft
#     Entra ID (entra/TokenEndpoint.java, started here on a free port); plus
#     the PLAINTEXT listener as a back door for witnesses (see README.md)
# Writes STATE_DIR/env (sourceable) and STATE_DIR/bootstrap; node data and
# logs go to STATE_DIR/node-<id>/ and stay there after stop.sh.
# Prints the bootstrap string as the last line of stdout.
#
# Environment knobs:
#   KAFKA_START_TIMEOUT   seconds to wait for the cluster (default 90)
#   KAFKA_EXTRA_CONFIG    extra server.properties lines (newline-separated)
#   KAFKA_NODE_HEAP_OPTS  override the per-node heap flags
#   KAFKA_NODE_JVM_OPTS   more JVM flags for the nodes
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() { echo "usage: $0 single|quorum|eventhubs STATE_DIR" >&2; exit 2; }
(($# == 2)) || usage
mode=$1
case $mode in single | eventhubs) count=1 ;; quorum) count=3 ;; *) usage ;; esac
mkdir -p "$2"
state=$(cd "$2" && pwd)
timeout=${KAFKA_START_TIMEOUT:-90}

kh_require_kcat
kh_need_lib

exec 9>"$state/.lock"
flock 9

# Idempotence: a live cluster of the same shape in STATE_DIR is reused; a
# dead one (e.g. after stop.sh) is wiped and started anew.
if [[ -f $state/env ]]; then
  n_alive=0 total=0
  old_mode=$( (kh_load_env "$state" && echo "$KAFKA_MODE") || true)
  # the eventhubs mode's token endpoint counts as a node: the broker needs its JWKS
  for d in "$state"/node-* "$state/entra"; do
    [[ -d $d ]] || continue
    total=$((total + 1))
    pid=$(cat "$d/pid" 2>/dev/null || true)
    kh_pid_is_node "$pid" "$d" && n_alive=$((n_alive + 1))
  done
  if ((n_alive > 0)); then
    if [[ $old_mode == "$mode" ]] && ((n_alive == total)); then
      kh_log "cluster ($mode) already running in $state"
      cat "$state/bootstrap"
      exit 0
    fi
    kh_die "a $old_mode cluster in $state is (partly) running: run stop.sh $state first"
  fi
fi
rm -rf "$state"/node-* "$state/env" "$state/bootstrap" "$state/tls" "$state"/eh-*.properties "$state/entra"

# Cluster id: 16 random bytes, unpadded base64url (as `StorageTool
# random-uuid`, without a JVM start). Kafka avoids a leading '-'.
new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ $id != -* ]] && break
  done
  echo "$id"
}

if [[ $mode == quorum ]]; then rf=3 min_isr=2; else rf=1 min_isr=1; fi

# --- eventhubs: secrets, TLS and the listener settings ------------------------
eh_listeners="" eh_advertised="" eh_protocols="" extra_ports=0
if [[ $mode == eventhubs ]]; then
  extra_ports=3 # SASL_SSL, MISMATCH (a certificate for another name), OAUTH (Entra tokens)
  umask 077      # server.properties, env and the client files hold secrets
  eh_namespace=orderctl-emulator
  eh_key=$(head -c 32 /dev/urandom | base64 | tr -d '\n') # 44 chars, like an Azure SAS key
  eh_connection_string="Endpoint=sb://$eh_namespace.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=$eh_key"
  eh_scram_user=orderctl-scram
  eh_scram_password=$(head -c 48 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9')
  eh_scram_password=${eh_scram_password:0:24}
  mkdir -p "$state/tls"
  chmod 700 "$state/tls"
  "$KAFKA_SCRIPTS_DIR/certs.sh" ca "$state/tls/ca" "orderctl Event Hubs emulator CA"
  "$KAFKA_SCRIPTS_DIR/certs.sh" server "$state/tls/ca" "$state/tls/server" localhost "DNS:localhost,IP:127.0.0.1"
  # Same CA, a name no client uses: the proof that hostname verification is on.
  "$KAFKA_SCRIPTS_DIR/certs.sh" server "$state/tls/ca" "$state/tls/mismatch" mismatch.invalid "DNS:mismatch.invalid"
  # Microsoft Entra ID as the stand-in plays it: a tenant and an app registration (ids are
  # GUIDs, a client secret is 40 characters), and the federated token that AKS workload
  # identity would mount for that app (a JWT from the cluster's OIDC issuer).
  mkdir -p "$state/entra"
  eh_entra_tenant=$(cat /proc/sys/kernel/random/uuid)
  eh_entra_client_id=$(cat /proc/sys/kernel/random/uuid)
  eh_entra_secret=$(head -c 96 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9')
  eh_entra_secret=${eh_entra_secret:0:40}
  printf '%s\n' "$eh_entra_secret" >"$state/entra/client-secret"
  b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
  printf '%s.%s.%s\n' "$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)" \
    "$(printf '{"iss":"https://oidc.aks.invalid/%s/","sub":"system:serviceaccount:orders:orderctl","aud":"api://AzureADTokenExchange"}' "$eh_entra_tenant" | b64url)" \
    "$(head -c 64 /dev/urandom | b64url)" >"$state/entra/federated-token"
  eh_audience=https://$eh_namespace.servicebus.windows.net
fi

# The stand-in token endpoint (eventhubs mode): started before the broker, whose OAUTHBEARER
# validator fetches the JWKS when the listener starts and fails the broker if it cannot. It
# starts on its own port while the storage is formatted (two JVMs side by side).
entra_port="" entra_pid=""
start_entra() {
  entra_port=$(kh_pick_ports 1)
  rm -f "$state/entra/port"
  nohup java -Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "-Dorderctl.kafka.node=$state/entra" \
    "$KAFKA_SCRIPTS_DIR/entra/TokenEndpoint.java" "$state/entra/port" "$eh_entra_tenant" \
    "$eh_entra_client_id" "$state/entra/client-secret" "$eh_audience" "port=$entra_port" \
    "assertion=$state/entra/federated-token" </dev/null >"$state/entra/endpoint.log" 2>&1 9>&- &
  entra_pid=$!
  echo "$entra_pid" >"$state/entra/pid"
  started+=("$state/entra:$entra_pid")
}
# Waits until the endpoint listens (it writes its port file then); fails if it died.
await_entra() {
  local deadline=$((SECONDS + timeout))
  while [[ ! -s $state/entra/port ]]; do
    kh_pid_alive "$entra_pid" || return 1
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# The eventhubs section of server.properties (uses eh_port, eh_mismatch_port).
# Kafka's JAAS parser takes '$' as a word character, so `user_$ConnectionString`
# is a valid option name; the password is a quoted string, in which ';', '='
# and '/' are plain characters (base64 has no '"' or '\').
eh_props() {
  local l jaas_plain jaas_scram
  jaas_plain="org.apache.kafka.common.security.plain.PlainLoginModule required user_\$ConnectionString=\"$eh_connection_string\";"
  jaas_scram="org.apache.kafka.common.security.scram.ScramLoginModule required;"
  echo "# --- Event Hubs emulation (SASL_SSL on localhost:$eh_port) ---"
  echo "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512"
  for l in sasl_ssl mismatch oauth; do
    local cert=${l/sasl_ssl/server}
    cert=${cert/oauth/server}
    echo "listener.name.$l.ssl.keystore.type=PKCS12"
    echo "listener.name.$l.ssl.keystore.location=$state/tls/$cert.p12"
    echo "listener.name.$l.ssl.keystore.password=$(cat "$state/tls/$cert.p12.pass")"
    echo "listener.name.$l.ssl.client.auth=none"
    [[ $l == oauth ]] && continue
    echo "listener.name.$l.plain.sasl.jaas.config=$jaas_plain"
    echo "listener.name.$l.scram-sha-256.sasl.jaas.config=$jaas_scram"
    echo "listener.name.$l.scram-sha-512.sasl.jaas.config=$jaas_scram"
  done
  # OAUTH: Entra ID sign-in. Kafka's own validator checks each token's RS256 signature against
  # the stand-in's JWKS, its expiry, audience (the namespace) and issuer (the tenant). The
  # sasl.oauthbearer.* settings are the broker's: only this listener takes OAUTHBEARER.
  echo "# --- Event Hubs emulation, Microsoft Entra ID sign-in (SASL_SSL OAUTHBEARER on localhost:$eh_oauth_port) ---"
  echo "listener.name.oauth.sasl.enabled.mechanisms=OAUTHBEARER"
  echo "listener.name.oauth.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;"
  echo "listener.name.oauth.oauthbearer.sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler"
  # Named, not left to the default: Kafka 4.1's DefaultJwtValidator, made without a key
  # resolver as this handler makes it, delegates to ClientJwtValidator, which checks neither
  # the signature nor the audience (a token for another namespace passed). BrokerJwtValidator
  # builds its resolver from the JWKS URL and checks both.
  echo "sasl.oauthbearer.jwt.validator.class=org.apache.kafka.common.security.oauthbearer.BrokerJwtValidator"
  echo "sasl.oauthbearer.jwks.endpoint.url=http://127.0.0.1:$entra_port/jwks"
  echo "sasl.oauthbearer.expected.audience=$eh_audience"
  echo "sasl.oauthbearer.expected.issuer=https://sts.windows.net/$eh_entra_tenant/"
  cat <<'PROPS'
# Event Hubs' service limits that a broker setting can express
message.max.bytes=1046528
log.message.timestamp.type=LogAppendTime
connections.max.idle.ms=240000
group.min.session.timeout.ms=6000
group.max.session.timeout.ms=300000
PROPS
}

write_props() { # id port cport voters dir
  local id=$1 port=$2 cport=$3 voters=$4 dir=$5
  mkdir -p "$dir/data" "$dir/logs"
  cat >"$dir/server.properties" <<PROPS
# generated by scripts/kafka/start.sh ($mode)
process.roles=broker,controller
node.id=$id
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport${eh_listeners}
advertised.listeners=PLAINTEXT://127.0.0.1:$port${eh_advertised}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT${eh_protocols}
log.dirs=$dir/data
# two cores: fewer threads start faster and leave CPU to the client under test
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=4
group.initial.rebalance.delay.ms=0
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$min_isr
# tests create their topics explicitly
auto.create.topics.enable=false
delete.topic.enable=true
PROPS
  if [[ $mode == eventhubs ]]; then
    eh_props >>"$dir/server.properties"
    # Kafka 4 fetches no OAuth URL that this system property does not list.
    echo "-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=http://127.0.0.1:$entra_port/jwks" >"$dir/jvm.flags"
  fi
  if [[ ${KAFKA_EXTRA_CONFIG:-} ]]; then
    printf '# KAFKA_EXTRA_CONFIG\n%s\n' "$KAFKA_EXTRA_CONFIG" >>"$dir/server.properties"
  fi
}

started=()      # DIR:PID of every node launched by this run
stop_started() { ((${#started[@]} == 0)) || kh_stop_pids 10 "${started[@]}"; started=(); }
trap 'stop_started' EXIT # disarmed on success

t0=$SECONDS
[[ $mode == eventhubs ]] && start_entra
for attempt in 1 2 3; do
  read -r -a ports <<<"$(kh_pick_ports $((2 * count + extra_ports)) $entra_port)"
  cluster_id=$(new_cluster_id)
  format_args=()
  if [[ $mode == eventhubs ]]; then
    eh_port=${ports[2 * count]} eh_mismatch_port=${ports[2 * count + 1]} eh_oauth_port=${ports[2 * count + 2]}
    eh_listeners=",SASL_SSL://127.0.0.1:$eh_port,MISMATCH://127.0.0.1:$eh_mismatch_port,OAUTH://127.0.0.1:$eh_oauth_port"
    eh_advertised=",SASL_SSL://localhost:$eh_port,MISMATCH://localhost:$eh_mismatch_port,OAUTH://localhost:$eh_oauth_port"
    eh_protocols=",SASL_SSL:SASL_SSL,MISMATCH:SASL_SSL,OAUTH:SASL_SSL"
    # SCRAM credentials live in the metadata log: written at format time
    format_args=(--add-scram "SCRAM-SHA-256=[name=$eh_scram_user,password=$eh_scram_password]"
      --add-scram "SCRAM-SHA-512=[name=$eh_scram_user,password=$eh_scram_password]")
  fi
  voters=""
  for ((i = 1; i <= count; i++)); do
    voters+="${voters:+,}$i@127.0.0.1:${ports[2 * i - 1]}"
  done
  for ((i = 1; i <= count; i++)); do
    write_props "$i" "${ports[2 * i - 2]}" "${ports[2 * i - 1]}" "$voters" "$state/node-$i"
  done

  # Format every node's storage (in parallel: each is a JVM start).
  fpids=()
  for ((i = 1; i <= count; i++)); do
    d=$state/node-$i
    java "${KH_TOOL_JVM_OPTS[@]}" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool \
      format -t "$cluster_id" -c "$d/server.properties" "${format_args[@]}" >"$d/logs/format.log" 2>&1 9>&- &
    fpids+=($!)
  done
  for ((i = 1; i <= count; i++)); do
    wait "${fpids[i - 1]}" || { cat "$state/node-$i/logs/format.log" >&2; kh_die "formatting node $i failed"; }
  done
  if [[ $mode == eventhubs ]] && ! await_entra; then
    # its port taken meanwhile: a new one, and the broker's settings written anew
    if ((attempt < 3)) && grep -qs 'BindException' "$state/entra/endpoint.log"; then
      kh_log "the token endpoint's port was taken meanwhile; retrying with a new one"
      stop_started
      start_entra
      rm -rf "$state"/node-*
      continue
    fi
    cat "$state/entra/endpoint.log" >&2
    kh_die "eventhubs: the stand-in token endpoint did not start"
  fi

  for ((i = 1; i <= count; i++)); do
    d=$state/node-$i
    pid=$(kh_launch_node "$mode" "$d")
    echo "$pid" >"$d/pid"
    started+=("$d:$pid")
  done

  # Ready = every node answers a metadata request and lists all brokers
  # (brokers are listed only once registered and unfenced by the controller).
  ready=0 failed=""
  deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    ok=0
    for ((i = 1; i <= count; i++)); do
      d=$state/node-$i
      if ! kh_pid_is_node "$(cat "$d/pid")" "$d"; then failed="node $i exited"; break 2; fi
      [[ "$(kh_broker_count "${ports[2 * i - 2]}")" == "$count" ]] && ok=$((ok + 1))
    done
    if ((ok == count)); then ready=1; break; fi
    sleep 0.3
  done
  ((ready)) && break

  # A port taken between our probe and the bind: try again with new ports.
  if ((attempt < 3)) && grep -qs 'Address already in use' "$state"/node-*/logs/*.log; then
    kh_log "a port was taken meanwhile; retrying with new ports"
    stop_started
    rm -rf "$state"/node-*
    [[ $mode == eventhubs ]] && start_entra
    continue
  fi
  kh_log "cluster ($mode) not ready ${failed:-within ${timeout}s of launch}; logs follow"
  for ((i = 1; i <= count; i++)); do kh_tail_logs "$state/node-$i"; done
  exit 1 # the EXIT trap stops what we started
done

bootstrap=""
for ((i = 1; i <= count; i++)); do bootstrap+="${bootstrap:+,}127.0.0.1:${ports[2 * i - 2]}"; done

if [[ $mode == eventhubs ]]; then
  # Ready-made client settings: librdkafka names (kcat -F), and Java names
  # (the tools' --command-config), both SASL_SSL PLAIN with the CA.
  cat >"$state/eh-client.properties" <<PROPS
bootstrap.servers=localhost:$eh_port
security.protocol=SASL_SSL
sasl.mechanisms=PLAIN
sasl.username=\$ConnectionString
sasl.password=$eh_connection_string
ssl.ca.location=$state/tls/ca.pem
PROPS
  cat >"$state/eh-java-client.properties" <<PROPS
bootstrap.servers=localhost:$eh_port
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="\$ConnectionString" password="$eh_connection_string";
ssl.truststore.type=PEM
ssl.truststore.location=$state/tls/ca.pem
PROPS
  # The back door answering is not enough: TLS and PLAIN must work too, with
  # hostname verification on (librdkafka's default). SCRAM is not probed here:
  # librdkafka before 2.6.1 (kcat's, orderctl's) fails SCRAM against Kafka 4
  # brokers (see README.md); the security test checks it with a Java client.
  probe_ok=0 probe=""
  for ((i = 0; i < 20; i++)); do
    probe=$(kcat -L -F "$state/eh-client.properties" -X ssl.endpoint.identification.algorithm=https \
      -m 5 2>&1 || true)
    if [[ $probe =~ broker\ 1\ at\ localhost:$eh_port ]]; then probe_ok=1; break; fi
    sleep 0.5
  done
  if ((!probe_ok)); then
    tail -n 5 <<<"$probe" >&2
    kh_tail_logs "$state/node-1"
    kh_die "eventhubs: the SASL_SSL listener on localhost:$eh_port does not accept the emulated credentials"
  fi
fi

# env: plain KEY=VALUE lines (sourceable by sh/bash, easy to parse elsewhere);
# values are quoted only if they would need it.
q() { if [[ $1 =~ ^[A-Za-z0-9_./:,@=+-]*$ ]]; then printf '%s' "$1"; else printf '%q' "$1"; fi; }
{
  echo "# generated by scripts/kafka/start.sh; node.sh updates the _PID lines"
  echo "KAFKA_MODE=$mode"
  echo "KAFKA_BOOTSTRAP=$bootstrap"
  echo "KAFKA_LIB=$(q "$KAFKA_LIB")"
  echo "KAFKA_VERSION=$KAFKA_VERSION"
  echo "KAFKA_CLUSTER_ID=$cluster_id"
  echo "KAFKA_STATE_DIR=$(q "$state")"
  echo "KAFKA_NODE_IDS=$(seq -s, 1 "$count")"
  for ((i = 1; i <= count; i++)); do
    echo "KAFKA_NODE_${i}_PORT=${ports[2 * i - 2]}"
    echo "KAFKA_NODE_${i}_CONTROLLER_PORT=${ports[2 * i - 1]}"
    echo "KAFKA_NODE_${i}_PID=$(cat "$state/node-$i/pid")"
    echo "KAFKA_NODE_${i}_DIR=$(q "$state/node-$i")"
  done
  if [[ $mode == eventhubs ]]; then
    # secrets single-quoted: none of them contains a quote
    echo "EH_BOOTSTRAP=localhost:$eh_port"
    echo "EH_CA_FILE=$(q "$state/tls/ca.pem")"
    echo "EH_NAMESPACE=$eh_namespace"
    echo "EH_CONNECTION_STRING='$eh_connection_string'"
    echo "EH_SCRAM_USER=$eh_scram_user"
    echo "EH_SCRAM_PASSWORD='$eh_scram_password'"
    echo "EH_MISMATCH_BOOTSTRAP=localhost:$eh_mismatch_port"
    echo "EH_CLIENT_CONFIG=$(q "$state/eh-client.properties")"
    echo "EH_JAVA_CLIENT_CONFIG=$(q "$state/eh-java-client.properties")"
    echo "EH_OAUTH_BOOTSTRAP=localhost:$eh_oauth_port"
    echo "EH_ENTRA_TENANT=$eh_entra_tenant"
    echo "EH_ENTRA_CLIENT_ID=$eh_entra_client_id"
    echo "EH_ENTRA_CLIENT_SECRET='$eh_entra_secret'"
    echo "EH_ENTRA_TOKEN_ENDPOINT=http://127.0.0.1:$entra_port/$eh_entra_tenant/oauth2/v2.0/token"
    echo "EH_ENTRA_FEDERATED_TOKEN_FILE=$(q "$state/entra/federated-token")"
    echo "EH_ENTRA_PID=$entra_pid"
  fi
} >"$state/env.tmp"
chmod 600 "$state/env.tmp"
mv "$state/env.tmp" "$state/env"
echo "$bootstrap" >"$state/bootstrap"
trap - EXIT
kh_log "Kafka $KAFKA_VERSION $mode cluster ready in $((SECONDS - t0))s: $bootstrap (env: $state/env)"
echo "$bootstrap"
