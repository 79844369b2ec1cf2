# bash completion for orderctl                              -*- shell-script -*-
#
# Install: copy to /usr/share/bash-completion/completions/orderctl (or source it from ~/.bashrc).
# Completes commands, verbs, the flags of each verb, values of -o/--output and --on-invalid,
# files for --config, -f/--file, --report and the input files of `produce`, profile names for
# -p/--profile (read from the profiles file that orderctl itself finds: --config on the line,
# $ORDERCTL_CONFIG, ./orderctl.yaml, ~/.config/orderctl/config.yaml) and topic names for
# `topics describe|alter|delete`, `produce -t/--topic|--dlq-topic` and `consume -t/--topic`
# (asked of the cluster, with a 2 s timeout); --from and --until of `consume` offer their words.
# Needs nothing but bash; bash-completion and jq are not required.

# Global options: accepted before and after the command and its verb.
_orderctl_global_flags='--config -p --profile -b --bootstrap-servers -X -o --output --timeout
 -q --quiet -v --verbose --version -h --help'

# Options that take a value (in the next word, or after '=' for long options).
_orderctl_takes_value() {
    case $1 in
        --config | -p | --profile | -b | --bootstrap-servers | -X | -o | --output | --timeout | \
            --partitions | --replication-factor | --delete-config | -f | --file | --brokers | \
            -t | --topic | --key-field | -H | --header | --partition | --report | --on-invalid | \
            --dlq-topic | --rate | --generate | --seed | --flush-timeout | --max-line-bytes | \
            -g | --group | --from | --max | --until | --idle-timeout | --filter | --format | --limit | --max-lag | \
            --to-offset | --to-datetime | --shift-by | --from-file | --export | --key-separator)
            return 0 ;;
        # demo and smoke; --role and --catalog of consume and offsets.
        --input | --order | --count | --role | --catalog)
            return 0 ;;
        # eventhubs-setup.
        --connection-string-env | --connection-string | --eventhub | --retention-hours | --tier | \
            --max-message-bytes | --resource-group | --location | --namespace | --profile-name | \
            --ca-file | --emit | --source-profile | --connect-url | --connector-name | --auth | \
            --tenant | --client-id | --client-secret-env | --token-endpoint)
            return 0 ;;
        # offsets --recommend-instances and deploy.
        --lag-threshold | --activation-lag-threshold | --offset-reset-policy | --image | \
            --min-instances | --max-instances | --metrics-port)
            return 0 ;;
    esac
    return 1
}

# Topic configs offered after `topics create|alter --config` and `--delete-config`.
_orderctl_topic_configs='cleanup.policy compression.type delete.retention.ms
 file.delete.delay.ms flush.messages flush.ms max.compaction.lag.ms max.message.bytes
 message.timestamp.type min.cleanable.dirty.ratio min.compaction.lag.ms min.insync.replicas
 retention.bytes retention.ms segment.bytes segment.ms unclean.leader.election.enable'

# A few librdkafka properties offered after -X.
_orderctl_librdkafka_props='acks batch.size client.id compression.codec debug
 enable.idempotence linger.ms message.timeout.ms request.timeout.ms sasl.mechanism
 sasl.username security.protocol socket.timeout.ms ssl.ca.location statistics.interval.ms'

# Prints the names a JSON array of objects from orderctl carries in its "name" fields (pretty
# printed: one field per line, objects' fields indented by four spaces). No jq needed.
_orderctl_json_names() {
    sed -n 's/^    "name": "\(.*\)",\{0,1\}$/\1/p'
}

# Group names from `offsets --all-groups -o json` (the dev broker cannot list groups: none).
_orderctl_json_groups() {
    sed -n 's/^    "group": "\(.*\)",\{0,1\}$/\1/p'
}

# The -o modes COMMAND takes ($2: 1 when --role was given): src/cli/output_modes.cpp's table,
# which `orderctl __output-modes` prints; tests/integration/docs_test.sh checks that they agree.
# Before the command, every mode.
_orderctl_output_modes() {
    case $1 in
        consume) if [[ $2 == 1 ]]; then echo 'jsonl json yaml table'; else echo 'jsonl'; fi ;;
        produce) echo 'table json yaml' ;;
        deploy) echo 'yaml' ;;
        *) echo 'table json yaml jsonl' ;;
    esac
}

_orderctl() {
    local cur=${COMP_WORDS[COMP_CWORD]-}
    local prev=${COMP_WORDS[COMP_CWORD - 1]-}
    local prog=${COMP_WORDS[0]-}
    prog=${prog/#\~/$HOME}
    COMPREPLY=()

    # Walk the words before the cursor: command, verb, positional count, and the global options
    # that choose the cluster (passed on when orderctl is asked for profile or topic names).
    local command='' verb='' positionals=0 i=1 word value role_given=0
    local -a cluster_args=()
    while ((i < COMP_CWORD)); do
        word=${COMP_WORDS[i]-}
        if [[ $word == = ]]; then
            # bash splits "key=value" and "--opt=value" at '='; the word after it is the value.
            ((i += 2))
            continue
        fi
        if [[ $word == -* ]] && _orderctl_takes_value "$word"; then
            if [[ ${COMP_WORDS[i + 1]-} == = ]]; then
                value=${COMP_WORDS[i + 2]-}
                ((i += 3))
            else
                value=${COMP_WORDS[i + 1]-}
                ((i += 2))
                # "-X key=value" arrives as -X, key, =, value.
                if [[ ${COMP_WORDS[i]-} == = ]] && ((i + 1 < COMP_CWORD)); then
                    value+="=${COMP_WORDS[i + 1]-}"
                    ((i += 2))
                fi
            fi
            ((i > COMP_CWORD)) && break
            case $word in
                --config)
                    # After `topics create|alter`, --config is a topic config, not a file.
                    if [[ $command != topics || ($verb != create && $verb != alter) ]]; then
                        cluster_args+=(--config "${value/#\~/$HOME}")
                    fi ;;
                -p | --profile) cluster_args+=(--profile "$value") ;;
                -b | --bootstrap-servers) cluster_args+=(--bootstrap-servers "$value") ;;
                -X) [[ $value == *=* ]] && cluster_args+=(-X "$value") ;;
                --role) role_given=1 ;;
            esac
            continue
        fi
        if [[ $word != -* ]]; then
            if [[ -z $command ]]; then
                command=$word
            elif [[ -z $verb && ($command == topics || $command == profile || $command == offsets) ]]; then
                verb=$word
            else
                ((positionals++))
            fi
        fi
        ((i++))
    done

    # Completing a value: after "--opt value-being-typed" or "--opt=value-being-typed".
    local option=''
    if [[ $cur == = ]]; then
        [[ $prev == --* ]] && option=$prev
        cur=''
    elif [[ $prev == = ]]; then
        option=${COMP_WORDS[COMP_CWORD - 2]-}
        [[ $option == --* ]] || option=''
        # "key=value" of a -X or --config: nothing to offer after '='.
        [[ -z $option ]] && return 0
    elif [[ $prev == -* ]]; then
        option=$prev
    fi
    if [[ -n $option ]] && _orderctl_takes_value "$option"; then
        case $option in
            -o | --output)
                mapfile -t COMPREPLY < <(compgen -W "$(_orderctl_output_modes "$command" "$role_given")" -- "$cur") ;;
            -p | --profile)
                local names
                names=$("$prog" "${cluster_args[@]}" profile list -o json -q 2>/dev/null |
                    _orderctl_json_names)
                mapfile -t COMPREPLY < <(compgen -W "$names" -- "$cur") ;;
            --config)
                if [[ $command == topics && ($verb == create || $verb == alter) ]]; then
                    compopt -o nospace 2>/dev/null
                    mapfile -t COMPREPLY < <(compgen -W "$_orderctl_topic_configs" -S = -- "$cur")
                else
                    compopt -o filenames 2>/dev/null
                    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
                fi ;;
            -f | --file | --report | --from-file | --export)
                compopt -o filenames 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
            --on-invalid)
                mapfile -t COMPREPLY < <(compgen -W 'fail skip dlq' -- "$cur") ;;
            --format)
                # produce reads these formats; consume's --format is a free template.
                [[ $command == produce ]] &&
                    mapfile -t COMPREPLY < <(compgen -W 'order envelope raw kv' -- "$cur") ;;
            --role)
                mapfile -t COMPREPLY < <(compgen -W 'inventory payment fulfillment' -- "$cur") ;;
            --tier)
                mapfile -t COMPREPLY < <(compgen -W 'Basic Standard Premium Dedicated' -- "$cur") ;;
            --emit)
                if [[ $command == deploy ]]; then
                    mapfile -t COMPREPLY < <(compgen -W 'k8s' -- "$cur")
                else
                    mapfile -t COMPREPLY < <(compgen -W 'az connect' -- "$cur")
                fi ;;
            --offset-reset-policy)
                mapfile -t COMPREPLY < <(compgen -W 'earliest latest' -- "$cur") ;;
            --auth)
                mapfile -t COMPREPLY < <(compgen -W 'connection-string entra' -- "$cur") ;;
            --connection-string)
                # Only stdin: the secret never goes on the command line.
                mapfile -t COMPREPLY < <(compgen -W '-' -- "$cur") ;;
            --ca-file)
                compopt -o filenames 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
            --source-profile)
                local sources
                sources=$("$prog" "${cluster_args[@]}" profile list -o json -q 2>/dev/null |
                    _orderctl_json_names)
                mapfile -t COMPREPLY < <(compgen -W "$sources" -- "$cur") ;;
            --input | --catalog)
                compopt -o filenames 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
            --from)
                # Or an offset, @RFC3339, @-DURATION.
                mapfile -t COMPREPLY < <(compgen -W 'earliest latest' -- "$cur") ;;
            --until)
                # Or @RFC3339, @-DURATION.
                mapfile -t COMPREPLY < <(compgen -W 'end' -- "$cur") ;;
            --filter)
                compopt -o nospace 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -W 'key= header:' -- "$cur") ;;
            -t | --topic | --dlq-topic)
                # Asks the cluster, at most 2 s.
                local topics
                topics=$("$prog" "${cluster_args[@]}" topics list -o json -q --timeout 2 \
                    2>/dev/null | _orderctl_json_names)
                mapfile -t COMPREPLY < <(compgen -W "$topics" -- "$cur") ;;
            -g | --group)
                # Asks the cluster, at most 2 s.
                local groups
                groups=$("$prog" "${cluster_args[@]}" offsets --all-groups -o json -q --timeout 2 \
                    2>/dev/null | _orderctl_json_groups)
                mapfile -t COMPREPLY < <(compgen -W "$groups" -- "$cur") ;;
            --delete-config)
                mapfile -t COMPREPLY < <(compgen -W "$_orderctl_topic_configs" -- "$cur") ;;
            -X)
                compopt -o nospace 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -W "$_orderctl_librdkafka_props" -S = -- "$cur") ;;
        esac
        # Numbers, server lists, seconds: nothing to offer.
        return 0
    fi

    # Flags: the global ones, plus the verb's own.
    if [[ $cur == -* ]]; then
        local flags=$_orderctl_global_flags
        case $command/$verb in
            topics/list) flags+=' --all' ;;
            # --config is among the global flags; after these verbs it is the topic config.
            topics/create) flags+=' --partitions --replication-factor --if-not-exists --dry-run' ;;
            topics/alter) flags+=' --partitions --delete-config --dry-run' ;;
            topics/delete) flags+=' --yes' ;;
            topics/apply) flags+=' -f --file --execute' ;;
            broker/*) flags+=' --brokers --partitions' ;;
            demo/*) flags+=' --input --order --partitions' ;;
            smoke/*) flags+=' -t --topic --create --count' ;;
            eventhubs-setup/*)
                flags+=' --connection-string-env --connection-string --eventhub --partitions
 --retention-hours --tier --max-message-bytes --resource-group --location --namespace
 --profile-name --ca-file --store-secret --dry-run --emit --create-topic --check --canary
 --source-profile --connect-url --deploy --connector-name --auth --tenant --client-id
 --client-secret-env --token-endpoint --workload-identity' ;;
            produce/*)
                flags+=' -t --topic --key-field -H --header --partition --report --on-invalid
 --dlq-topic --dry-run --rate --generate --seed --transactional --transaction-lines --transaction-interval --envelope --flush-timeout
 --max-line-bytes --repartition --format --key-separator' ;;
            offsets/reset)
                flags+=' -g --group -t --topic --to-earliest --to-latest --to-offset --to-datetime
 --shift-by --from-file --export --execute' ;;
            offsets/delete) flags+=' -g --group -t --topic --yes' ;;
            # No verb (or the SECONDS of --watch, which looks like one): the view.
            offsets/*)
                flags+=' -g --group --role --all-groups -t --topic --max-lag --watch
 --recommend-instances --lag-threshold --activation-lag-threshold --offset-reset-policy
 --scale-to-zero-on-invalid-offset --allow-idle-consumers --limit-to-partitions-with-lag
 --exclude-persistent-lag --metrics' ;;
            deploy/*)
                flags+=' --emit --role --image --lag-threshold --activation-lag-threshold
 --min-instances --max-instances --offset-reset-policy --metrics-port --pod-monitor' ;;
            consume/*)
                flags+=' -t --topic -g --group --from --partition --max --until --idle-timeout
 --filter --format --role --catalog --limit --exactly-once --exec --exec-timeout --retries --metrics' ;;
        esac
        mapfile -t COMPREPLY < <(compgen -W "$flags" -- "$cur")
        return 0
    fi

    # Words: the command, the verb, then the verb's arguments.
    local words=''
    if [[ -z $command ]]; then
        words='produce consume offsets topics profile broker demo smoke eventhubs-setup deploy'
    elif [[ $command == topics && -z $verb ]]; then
        words='list describe create alter delete apply'
    elif [[ $command == profile && -z $verb ]]; then
        words='list show'
    elif [[ $command == offsets && -z $verb ]]; then
        words='reset delete'
    elif [[ $command == topics ]] &&
        [[ $verb == delete || (($verb == describe || $verb == alter) && positionals -eq 0) ]]; then
        # Only now, when a topic name is wanted, ask the cluster (at most 2 s).
        words=$("$prog" "${cluster_args[@]}" topics list -o json -q --timeout 2 2>/dev/null |
            _orderctl_json_names)
    elif [[ $command == produce ]]; then
        # Order files to read.
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return 0
    elif [[ $command == profile && $verb == show && positionals -eq 0 ]]; then
        words=$("$prog" "${cluster_args[@]}" profile list -o json -q 2>/dev/null |
            _orderctl_json_names)
    fi
    [[ -n $words ]] && mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
    return 0
}

complete -F _orderctl orderctl
