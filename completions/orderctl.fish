# fish completion for orderctl.
#
# Install: copy to ~/.config/fish/completions/orderctl.fish (or a directory of
# $fish_complete_path). Completes commands, verbs, the flags of each verb, values of -o/--output
# and --on-invalid, files for --config, -f/--file, --report and the input files of `produce`,
# profile names for -p/--profile (read from the profiles file that orderctl itself finds:
# --config on the line, $ORDERCTL_CONFIG, ./orderctl.yaml, ~/.config/orderctl/config.yaml) and
# topic names for `topics describe|alter|delete`, `produce -t/--topic|--dlq-topic` and
# `consume -t/--topic` (asked of the cluster, with a 2 s timeout); --from and --until of `consume`
# offer their words.

# The command and verb on the line so far, as "command verb" (either may be missing), and the
# number of arguments after the verb. Skips the values of options that take one.
function __orderctl_position
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l command
    set -l verb
    set -l positionals 0
    set -l skip 0
    for token in $tokens
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $token
            case --config -p --profile -b --bootstrap-servers -X -o --output --timeout \
                --partitions --replication-factor --delete-config -f --file --brokers \
                -t --topic --key-field -H --header --partition --report --on-invalid \
                --dlq-topic --rate --generate --seed --flush-timeout --max-line-bytes \
                -g --group --from --max --until --idle-timeout --filter --format --role --catalog --limit \
                --max-lag --to-offset --to-datetime --shift-by --from-file --export --key-separator
                set skip 1
            case --input --order --count
                set skip 1
            case '-*'
            case '*'
                if test -z "$command"
                    set command $token
                else if test -z "$verb"; and contains -- $command topics profile offsets
                    set verb $token
                else
                    set positionals (math $positionals + 1)
                end
        end
    end
    echo "$command"
    echo "$verb"
    echo $positionals
end

# The -o modes of the command on the line (--role given or not): src/cli/output_modes.cpp's
# table, which `orderctl __output-modes` prints; tests/integration/docs_test.sh checks that they
# agree. Before the command, every mode.
function __orderctl_output_modes
    set -l position (__orderctl_position)
    switch "$position[1]"
        case consume
            if contains -- --role (commandline -opc)
                printf '%s\n' jsonl json yaml table
            else
                echo jsonl
            end
        case produce
            printf '%s\n' table json yaml
        case deploy
            echo yaml
        case '*'
            printf '%s\n' table json yaml jsonl
    end
end

# True when the line is at COMMAND [VERB] (VERB "" means: no verb yet).
function __orderctl_at
    set -l position (__orderctl_position)
    test "$position[1]" = "$argv[1]"; or return 1
    test (count $argv) -lt 2; and return 0
    test "$position[2]" = "$argv[2]"
end

# True when a topic name is wanted: `topics delete`, or the first argument of describe|alter.
function __orderctl_wants_topic
    set -l position (__orderctl_position)
    test "$position[1]" = topics; or return 1
    switch $position[2]
        case delete
            return 0
        case describe alter
            test $position[3] -eq 0
        case '*'
            return 1
    end
end

function __orderctl_wants_profile_name
    set -l position (__orderctl_position)
    test "$position[1]" = profile -a "$position[2]" = show -a "$position[3]" -eq 0
end

# True after `topics create` or `topics alter`, where --config is a topic config.
function __orderctl_topic_config_verb
    __orderctl_at topics create; or __orderctl_at topics alter
end

# The options of the line that choose the cluster, one per line, to pass on to orderctl. A
# --config whose value holds '=' is a topic config, not a profiles file.
function __orderctl_cluster_args
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l count (count $tokens)
    for i in (seq $count)
        set -l next ''
        test $i -lt $count; and set next $tokens[(math $i + 1)]
        switch $tokens[$i]
            case --config
                if test -n "$next"; and not string match -q -- '*=*' $next
                    printf '%s\n' --config $next
                end
            case -p --profile
                test -n "$next"; and printf '%s\n' --profile $next
            case -b --bootstrap-servers
                test -n "$next"; and printf '%s\n' --bootstrap-servers $next
            case -X
                string match -q -- '*=*' $next; and printf '%s\n' -X $next
        end
    end
end

# Names from orderctl's pretty-printed JSON arrays of objects with "name" (given as the lines of
# the output); no jq needed.
function __orderctl_json_names
    string replace -rf '^    "name": "(.*)",?$' '$1' -- $argv
end

function __orderctl_program
    set -l tokens (commandline -opc)
    echo $tokens[1]
end

function __orderctl_profiles
    set -l program (__orderctl_program)
    __orderctl_json_names ($program (__orderctl_cluster_args) profile list -o json -q 2>/dev/null)
end

# Asks the cluster, at most 2 s; only called when a topic name is wanted.
function __orderctl_topics
    set -l program (__orderctl_program)
    __orderctl_json_names ($program (__orderctl_cluster_args) topics list -o json -q --timeout 2 2>/dev/null)
end

# Asks the cluster, at most 2 s; only called when a group name is wanted.
function __orderctl_groups
    set -l program (__orderctl_program)
    string replace -rf '^    "group": "(.*)",?$' '$1' -- ($program (__orderctl_cluster_args) offsets --all-groups -o json -q --timeout 2 2>/dev/null)
end

set -l __orderctl_topic_configs cleanup.policy compression.type delete.retention.ms \
    file.delete.delay.ms flush.messages flush.ms max.compaction.lag.ms max.message.bytes \
    message.timestamp.type min.cleanable.dirty.ratio min.compaction.lag.ms min.insync.replicas \
    retention.bytes retention.ms segment.bytes segment.ms unclean.leader.election.enable
set -l __orderctl_librdkafka_props acks batch.size client.id compression.codec debug \
    enable.idempotence linger.ms message.timeout.ms request.timeout.ms sasl.mechanism \
    sasl.username security.protocol socket.timeout.ms ssl.ca.location statistics.interval.ms
# "key=" for each, to go on with the value.
set -l __orderctl_topic_config_pairs (string join ' ' -- $__orderctl_topic_configs=)
set -l __orderctl_librdkafka_pairs (string join ' ' -- $__orderctl_librdkafka_props=)

complete -c orderctl -e
complete -c orderctl -f

# Global options, accepted before and after the command and its verb.
complete -c orderctl -s h -l help -d 'Print help and exit'
complete -c orderctl -l version -d 'Print version and exit'
complete -c orderctl -n 'not __orderctl_topic_config_verb' -l config -r -F -d 'Profiles file'
complete -c orderctl -s p -l profile -x -a '(__orderctl_profiles)' -d 'Profile to use'
complete -c orderctl -s b -l bootstrap-servers -x -d 'Brokers host:port[,host:port...]'
complete -c orderctl -s X -x -a "$__orderctl_librdkafka_pairs" \
    -d 'librdkafka property key=value (repeatable)'
complete -c orderctl -s o -l output -x -a '(__orderctl_output_modes)' -d 'Output format'
complete -c orderctl -l timeout -x -d 'Seconds to wait for the cluster before giving up (exit 5)'
complete -c orderctl -s q -l quiet -d 'Only data on stdout; no summaries or progress'
complete -c orderctl -s v -l verbose -d 'More detail on stderr (repeatable)'

# Commands.
complete -c orderctl -n '__orderctl_at ""' -a produce \
    -d 'The order service: JSONL orders into the orders topic'
complete -c orderctl -n '__orderctl_at ""' -a consume \
    -d 'Print records as JSONL envelopes; with --group, commit what was written'
complete -c orderctl -n '__orderctl_at ""' -a offsets \
    -d 'Where each consumer group stands: committed, log end, lag, owner'
complete -c orderctl -n '__orderctl_at ""' -a topics \
    -d 'List, describe, create, alter, delete and apply topics'
complete -c orderctl -n '__orderctl_at ""' -a profile \
    -d 'List profiles and show the resolved settings with their origins'
complete -c orderctl -n '__orderctl_at ""' -a broker \
    -d 'Run an in-memory dev cluster until Ctrl-C'
complete -c orderctl -n '__orderctl_at ""' -a eventhubs-setup \
    -d 'Azure Event Hubs: profile, az plan, hub, check, replication'

# topics
complete -c orderctl -n '__orderctl_at topics ""' -a list -d 'List topics'
complete -c orderctl -n '__orderctl_at topics ""' -a describe \
    -d 'Partitions (leader, replicas, ISR, offsets) and non-default configs'
complete -c orderctl -n '__orderctl_at topics ""' -a create -d 'Create a topic'
complete -c orderctl -n '__orderctl_at topics ""' -a alter -d 'Add partitions or change topic configs'
complete -c orderctl -n '__orderctl_at topics ""' -a delete \
    -d 'Delete topics (shows what it would delete without --yes)'
complete -c orderctl -n '__orderctl_at topics ""' -a apply \
    -d 'Plan the changes a topics file asks for; apply them with --execute'
complete -c orderctl -n __orderctl_wants_topic -a '(__orderctl_topics)' -d Topic

complete -c orderctl -n '__orderctl_at topics list' -l all -d "Include Kafka's internal topics"

complete -c orderctl -n '__orderctl_at topics create' -l partitions -x -d 'Partitions (default: profile)'
complete -c orderctl -n '__orderctl_at topics create' -l replication-factor -x \
    -d 'Replicas per partition (default: profile)'
complete -c orderctl -n '__orderctl_at topics create' -l config -x -a "$__orderctl_topic_config_pairs" \
    -d 'Topic config key=value (repeatable)'
complete -c orderctl -n '__orderctl_at topics create' -l if-not-exists -d 'Succeed if the topic exists'
complete -c orderctl -n '__orderctl_at topics create' -l dry-run -d 'Let the broker validate, create nothing'

complete -c orderctl -n '__orderctl_at topics alter' -l partitions -x -d 'New total (partitions only grow)'
complete -c orderctl -n '__orderctl_at topics alter' -l config -x -a "$__orderctl_topic_config_pairs" \
    -d 'Set a topic config key=value (repeatable)'
complete -c orderctl -n '__orderctl_at topics alter' -l delete-config -x -a "$__orderctl_topic_configs" \
    -d 'Remove a topic config, back to the default (repeatable)'
complete -c orderctl -n '__orderctl_at topics alter' -l dry-run -d 'Let the broker validate, change nothing'

complete -c orderctl -n '__orderctl_at topics delete' -l yes -d 'Really delete'

complete -c orderctl -n '__orderctl_at topics apply' -s f -l file -r -F -d 'Desired topics (YAML)'
complete -c orderctl -n '__orderctl_at topics apply' -l execute -d 'Apply the plan'

# profile
complete -c orderctl -n '__orderctl_at profile ""' -a list -d 'List the profiles of the profiles file'
complete -c orderctl -n '__orderctl_at profile ""' -a show \
    -d 'Show resolved settings and where each comes from'
complete -c orderctl -n __orderctl_wants_profile_name -a '(__orderctl_profiles)' -d Profile

# broker
complete -c orderctl -n '__orderctl_at broker' -l brokers -x -d 'Number of brokers (1-9)'
complete -c orderctl -n '__orderctl_at broker' -l partitions -x -d 'Partitions of each topic (1-256)'

# demo
complete -c orderctl -n '__orderctl_at ""' -a demo \
    -d 'The whole order flow in one command, on a dev cluster in this process'
complete -c orderctl -n '__orderctl_at demo' -l input -r -F -d 'Orders to publish instead of the examples'
complete -c orderctl -n '__orderctl_at demo' -l order -x -d 'The order to follow (default 12345)'
complete -c orderctl -n '__orderctl_at demo' -l partitions -x -d 'Partitions of each topic (1-256)'

# smoke
complete -c orderctl -n '__orderctl_at ""' -a smoke \
    -d 'A canary round trip for CI: produce a marked record, read it back'
complete -c orderctl -n '__orderctl_at smoke' -s t -l topic -x -a '(__orderctl_topics)' \
    -d 'Topic for the canary (default orderctl-smoke)'
complete -c orderctl -n '__orderctl_at smoke' -l create -d 'Create the topic when it does not exist'
complete -c orderctl -n '__orderctl_at smoke' -l count -x -d 'Records to send and read back'

# produce
complete -c orderctl -n '__orderctl_at produce' -F -d 'Order file'
complete -c orderctl -n '__orderctl_at produce' -s t -l topic -x -a '(__orderctl_topics)' \
    -d "Topic (default: the profile's orders topic)"
complete -c orderctl -n '__orderctl_at produce' -l key-field -x \
    -d 'Top-level field used as the key (default: order_id)'
complete -c orderctl -n '__orderctl_at produce' -s H -l header -x \
    -d 'Extra record header key=value (repeatable)'
complete -c orderctl -n '__orderctl_at produce' -l partition -x -d 'Send every order to this partition'
complete -c orderctl -n '__orderctl_at produce' -l report -r -F \
    -d 'One JSON line per input line to FILE, or - for stdout'
complete -c orderctl -n '__orderctl_at produce' -l on-invalid -x -a 'fail skip dlq' \
    -d 'What to do with an invalid line (default: fail)'
complete -c orderctl -n '__orderctl_at produce' -l dlq-topic -x -a '(__orderctl_topics)' \
    -d 'Dead-letter topic (default: TOPIC.dlq)'
complete -c orderctl -n '__orderctl_at produce' -l dry-run -d 'Validate and report; publish nothing'
complete -c orderctl -n '__orderctl_at produce' -l rate -x -d 'At most N orders per second'
complete -c orderctl -n '__orderctl_at produce' -l generate -x -d 'Produce N synthetic valid orders'
complete -c orderctl -n '__orderctl_at produce' -l seed -x -d 'Seed of --generate (same seed, same orders)'
complete -c orderctl -n '__orderctl_at produce' -l transactional \
    -d 'Send in transactions: each line known at its commit'
complete -c orderctl -n '__orderctl_at produce' -l transaction-lines -x \
    -d 'With --transactional: commit after at most N lines'
complete -c orderctl -n '__orderctl_at produce' -l transaction-interval -x \
    -d 'With --transactional: commit at least every SECONDS'
complete -c orderctl -n '__orderctl_at produce' -l format -x -a 'order envelope raw kv' \
    -d 'What a line is (default: order)'
complete -c orderctl -n '__orderctl_at produce' -l envelope -d 'The same as --format envelope'
complete -c orderctl -n '__orderctl_at produce' -l key-separator -x \
    -d 'With --format kv: the text that ends the key'
complete -c orderctl -n '__orderctl_at produce' -l repartition \
    -d 'With --format envelope: let the key choose the partition'
complete -c orderctl -n '__orderctl_at produce' -l flush-timeout -x \
    -d 'Seconds to wait for in-flight orders at the end or on Ctrl-C'
complete -c orderctl -n '__orderctl_at produce' -l max-line-bytes -x \
    -d 'Longest accepted line; longer ones are rejected unread'

# offsets: the view (no verb; the SECONDS of --watch look like one), reset and delete.
function __orderctl_offsets_view
    set -l position (__orderctl_position)
    test "$position[1]" = offsets; and not contains -- "$position[2]" reset delete
end
complete -c orderctl -n '__orderctl_at offsets ""' -a reset \
    -d "Plan moving a group's committed offsets; apply the plan with --execute"
complete -c orderctl -n '__orderctl_at offsets ""' -a delete \
    -d "Delete a group's committed offsets (shows what it would delete without --yes)"
complete -c orderctl -n '__orderctl_at offsets' -s g -l group -x -a '(__orderctl_groups)' -d 'Consumer group'
complete -c orderctl -n '__orderctl_offsets_view' -l role -x -a 'inventory payment fulfillment' \
    -d 'The group of a role (repeatable)'
complete -c orderctl -n '__orderctl_offsets_view' -l all-groups -d 'Every consumer group of the cluster'
complete -c orderctl -n '__orderctl_at offsets' -s t -l topic -x -a '(__orderctl_topics)' -d 'Only this topic'
complete -c orderctl -n '__orderctl_offsets_view' -l max-lag -x -d 'Exit 4 when any partition lags more than N'
complete -c orderctl -n '__orderctl_offsets_view' -l watch -x \
    -d 'Refresh every SECONDS (default 2) with rates and time to catch up'
complete -c orderctl -n '__orderctl_offsets_view' -l recommend-instances \
    -d "The instances each group needs, as KEDA's Kafka scaler computes them"
complete -c orderctl -n '__orderctl_offsets_view' -l lag-threshold -x \
    -d 'Records of lag one instance is for (KEDA lagThreshold)'
complete -c orderctl -n '__orderctl_offsets_view' -l activation-lag-threshold -x \
    -d 'Lag up to which a group needs no instance'
complete -c orderctl -n '__orderctl_offsets_view' -l offset-reset-policy -x -a 'earliest latest' \
    -d 'Where a group without a commit starts'
complete -c orderctl -n '__orderctl_offsets_view' -l scale-to-zero-on-invalid-offset \
    -d 'A partition without a commit counts no lag'
complete -c orderctl -n '__orderctl_offsets_view' -l allow-idle-consumers \
    -d 'No cap at the partition count'
complete -c orderctl -n '__orderctl_offsets_view' -l limit-to-partitions-with-lag \
    -d 'Cap at the partitions with lag'
complete -c orderctl -n '__orderctl_offsets_view' -l exclude-persistent-lag \
    -d 'With --watch: a partition whose committed offset has not moved counts no lag'
complete -c orderctl -n '__orderctl_offsets_view' -l metrics -x \
    -d "With --watch: serve the groups' lag and time-behind to Prometheus at HOST:PORT"
complete -c orderctl -n '__orderctl_at offsets reset' -l to-earliest -d 'The oldest record still in the log'
complete -c orderctl -n '__orderctl_at offsets reset' -l to-latest -d 'The log end'
complete -c orderctl -n '__orderctl_at offsets reset' -l to-offset -x -d 'This offset (clamped to the log)'
complete -c orderctl -n '__orderctl_at offsets reset' -l to-datetime -x \
    -d 'The first record at or after this RFC 3339 time'
complete -c orderctl -n '__orderctl_at offsets reset' -l shift-by -x \
    -d 'N records forward, or back when negative'
complete -c orderctl -n '__orderctl_at offsets reset' -l from-file -r -F -d 'A plan written by --export'
complete -c orderctl -n '__orderctl_at offsets reset' -l export -r -F -d 'Write the plan (JSON) to FILE'
complete -c orderctl -n '__orderctl_at offsets reset' -l execute -d 'Apply the plan'
complete -c orderctl -n '__orderctl_at offsets delete' -l yes -d 'Really delete'

# consume
complete -c orderctl -n '__orderctl_at consume' -s t -l topic -x -a '(__orderctl_topics)' \
    -d "Topic (default: the profile's orders topic)"
complete -c orderctl -n '__orderctl_at consume' -s g -l group -x -a '(__orderctl_groups)' \
    -d 'Consumer group: commit what was written (default: no commits)'
complete -c orderctl -n '__orderctl_at consume' -l from -x -a 'earliest latest' \
    -d 'Where to start: earliest, latest, OFFSET, @RFC3339 or @-DURATION'
complete -c orderctl -n '__orderctl_at consume' -l partition -x -d 'Only this partition (not with --group)'
complete -c orderctl -n '__orderctl_at consume' -l max -x -d 'Stop after N records'
complete -c orderctl -n '__orderctl_at consume' -l until -x -a end \
    -d 'Stop at the end offsets taken at start (end), or at @RFC3339 or @-DURATION'
complete -c orderctl -n '__orderctl_at consume' -l idle-timeout -x -d 'Stop after SECONDS without a record'
complete -c orderctl -n '__orderctl_at consume' -l filter -x -a 'key= header:' \
    -d 'Only records whose key=GLOB or header:NAME=GLOB matches (repeatable)'
complete -c orderctl -n '__orderctl_at consume' -l format -x \
    -d 'Write each record by a template: %t %p %o %k %s %K %S %T %h (kcat -f)'
complete -c orderctl -n '__orderctl_at consume' -l role -x -a 'inventory payment fulfillment' \
    -d 'Run a service of the pipeline'
complete -c orderctl -n '__orderctl_at consume' -l catalog -r -F -d 'inventory: file of known SKUs'
complete -c orderctl -n '__orderctl_at consume' -l limit -x -d 'payment: decline orders above this amount'
complete -c orderctl -n '__orderctl_at consume' -l exactly-once -d 'Role services: outcome and offset commit in one transaction'
complete -c orderctl -n '__orderctl_at consume' -l exec -x -a '(__fish_complete_command)' \
    -d 'Role services: a long-lived handler command (order per line in, outcome per line out)'
complete -c orderctl -n '__orderctl_at consume' -l exec-timeout -x -d 'Seconds the --exec handler has to answer one order'
complete -c orderctl -n '__orderctl_at consume' -l retries -x -d 'Attempts after a failed handler call before dead-lettering'
complete -c orderctl -n '__orderctl_at consume' -l metrics -x -d 'Role services: serve Prometheus metrics at HOST:PORT'

# eventhubs-setup
set -l __orderctl_eh '__orderctl_at eventhubs-setup'
complete -c orderctl -n "$__orderctl_eh" -l connection-string-env -x -a '(set -xn)' \
    -d 'Variable holding the connection string (default EVENTHUBS_CONNECTION_STRING)'
complete -c orderctl -n "$__orderctl_eh" -l connection-string -x -a '-' \
    -d "'-': read the connection string from stdin"
complete -c orderctl -n "$__orderctl_eh" -l eventhub -x -d 'Event hub (the orders topic)'
complete -c orderctl -n "$__orderctl_eh" -l partitions -x -d 'Partitions of the event hub'
complete -c orderctl -n "$__orderctl_eh" -l retention-hours -x -d 'Retention in hours'
complete -c orderctl -n "$__orderctl_eh" -l tier -x -a 'Basic Standard Premium Dedicated' -d 'Event Hubs tier'
complete -c orderctl -n "$__orderctl_eh" -l max-message-bytes -x -d 'message.max.bytes, checked against the tier'
complete -c orderctl -n "$__orderctl_eh" -l resource-group -x -d 'Azure resource group (--emit az)'
complete -c orderctl -n "$__orderctl_eh" -l location -x -d 'Azure region (--emit az)'
complete -c orderctl -n "$__orderctl_eh" -l namespace -x -d 'Namespace for --emit az without a connection string'
complete -c orderctl -n "$__orderctl_eh" -l profile-name -x -d 'Profile to write (default eventhubs)'
complete -c orderctl -n "$__orderctl_eh" -l ca-file -r -F -d 'CA certificate (PEM) for ssl.ca.location'
complete -c orderctl -n "$__orderctl_eh" -l store-secret -d 'Write the connection string into the profile (mode 0600)'
complete -c orderctl -n "$__orderctl_eh" -l dry-run -d 'Show the profile change; write nothing'
complete -c orderctl -n "$__orderctl_eh" -l emit -x -a 'az connect' -d 'Print an az script or the connector config'
complete -c orderctl -n "$__orderctl_eh" -l create-topic -d 'Create the event hub when missing'
complete -c orderctl -n "$__orderctl_eh" -l check -d 'Check DNS, TCP, TLS, SASL, metadata and the hub'
complete -c orderctl -n "$__orderctl_eh" -l canary -d 'With --check: a produce-and-consume round trip'
complete -c orderctl -n "$__orderctl_eh" -l source-profile -x -a '(__orderctl_profiles)' \
    -d 'Profile of the local cluster to replicate'
complete -c orderctl -n "$__orderctl_eh" -l connect-url -x -d 'Kafka Connect REST URL'
complete -c orderctl -n "$__orderctl_eh" -l deploy -d 'Deploy the connector and wait until it runs'
complete -c orderctl -n "$__orderctl_eh" -l connector-name -x -d 'Connector name'

# deploy
complete -c orderctl -n '__orderctl_at ""' -a deploy \
    -d "Kubernetes manifests for a role service, scaled by KEDA on its group's lag"
complete -c orderctl -n '__orderctl_at deploy' -l emit -x -a 'k8s' -d 'What to write: k8s manifests'
complete -c orderctl -n '__orderctl_at deploy' -l role -x -a 'inventory payment fulfillment' \
    -d 'The role service to deploy'
complete -c orderctl -n '__orderctl_at deploy' -l image -x -d 'Container image with orderctl on its PATH'
complete -c orderctl -n '__orderctl_at deploy' -l lag-threshold -x -d 'KEDA lagThreshold'
complete -c orderctl -n '__orderctl_at deploy' -l activation-lag-threshold -x -d 'KEDA activationLagThreshold'
complete -c orderctl -n '__orderctl_at deploy' -l min-instances -x -d 'KEDA minReplicaCount'
complete -c orderctl -n '__orderctl_at deploy' -l max-instances -x -d 'KEDA maxReplicaCount'
complete -c orderctl -n '__orderctl_at deploy' -l offset-reset-policy -x -a 'earliest latest' \
    -d 'Where a new group starts'
complete -c orderctl -n '__orderctl_at deploy' -l metrics-port -x -d 'The port of /metrics in the pod'
complete -c orderctl -n '__orderctl_at deploy' -l pod-monitor \
    -d 'Also a PodMonitor, for a Prometheus run by the Prometheus Operator'
complete -c orderctl -n "$__orderctl_eh" -l auth -x -a 'connection-string entra' -d 'How the profile signs in'
complete -c orderctl -n "$__orderctl_eh" -l tenant -x -d 'Entra tenant id or domain'
complete -c orderctl -n "$__orderctl_eh" -l client-id -x -d 'Entra application (client) id'
complete -c orderctl -n "$__orderctl_eh" -l client-secret-env -x -d 'Variable holding the client secret'
complete -c orderctl -n "$__orderctl_eh" -l token-endpoint -x -d 'Token endpoint URL'
complete -c orderctl -n "$__orderctl_eh" -l workload-identity -d 'Sign in with the AKS federated token'
