#!/usr/bin/env bash
# The man pages and shell completions, checked against the real binary's help: every page renders
# without a groff warning, every long flag of every --help is documented in its page and offered
# by every completion, every command and verb is documented, the exit-code table is complete, the
# bash completion completes what users type most, and the zsh and fish files parse (and fish's
# completes) when those shells are installed. Needs no broker (an optional check uses
# `orderctl broker` when it exists).
# A check that cannot be made here (groff, zsh or fish missing, no `orderctl broker`) is skipped,
# and the others still run: the script then exits 77 (CTest: skipped) if nothing failed, so a
# skip never reads as a pass. scripts/install-deps.sh installs groff-base, zsh and fish.
. "$(dirname "$0")/lib.sh"

MAN="$SOURCE_DIR/man"
COMPLETIONS="$SOURCE_DIR/completions"
mapfile -t PAGES < <(cd "$MAN" && printf '%s\n' *.1)

# The text of a man page without roff escapes that split or disguise words: font changes
# (\fB, \fI, \fR, \fP, \f(XX), \- for '-', \% and \& (no-hyphenation and zero-width marks).
page_text() {
    sed -e 's/\\f[BIRP]//g' -e 's/\\f([A-Z][A-Z]//g' -e 's/\\-/-/g' -e 's/\\[%&]//g' "$1"
}

# mentions FILE WORD: FILE mentions WORD as a whole word (a flag or a command name).
mentions() {
    grep -qE -- "(^|[^a-zA-Z0-9_-])$(printf '%s' "$2" | sed 's/[.]/\\./g')([^a-zA-Z0-9_-]|$)" "$1"
}

# Long flags of a help text, one per line.
help_flags() { grep -o -- '--[a-z][a-z-]*' | sort -u; }

# Subcommand names listed in a help text's "Subcommands:" section.
help_subcommands() { awk '/^Subcommands:/ { s = 1; next } s && /^  [a-z]/ { print $1 }'; }

# The page documenting subcommand $1: its own page if there is one, else orderctl.1.
page_for() {
    if [ -f "$MAN/orderctl-$1.1" ]; then echo "orderctl-$1.1"; else echo "orderctl.1"; fi
}

# --- (a) every page renders with no warning --------------------------------------------------
if ! command -v groff >/dev/null; then
    skip "groff is not installed; cannot render the man pages"
else
    for page in "${PAGES[@]}"; do
        if [ ! -f "$MAN/$page" ]; then
            fail "man/$page exists"
            continue
        fi
        run groff -ww -man -Tutf8 "$MAN/$page"
        expect_status "man/$page renders" 0
        if [ -s "$ERR" ]; then fail "man/$page renders without warnings"; else
            pass "man/$page renders without warnings"
        fi
        # Without the terminal's overstriking (bold is "N\bN"), the first section is NAME.
        if sed $'s/.\b//g' "$OUT" | grep -x 'NAME' >/dev/null; then pass "man/$page renders a NAME section"
        else fail "man/$page renders a NAME section"; fi
    done
fi

# --- (b) every flag, command and verb of the help text is documented ---------------------------
# check_documented WHAT PAGE HELP-FILE: every long flag of HELP-FILE appears in PAGE.
check_documented() {
    local what=$1 page=$2 help=$3 text="$TEST_WORK/page.txt" missing=""
    page_text "$MAN/$page" >"$text"
    for flag in $(help_flags <"$help"); do
        mentions "$text" "$flag" || missing+=" $flag"
    done
    if [ -z "$missing" ]; then pass "$page documents every flag of '$what --help'"; else
        fail "$page lacks flags of '$what --help':$missing"
    fi
}

# check_completed WHAT HELP-FILE: every long flag of HELP-FILE is offered by every completion.
check_completed() {
    local what=$1 help=$2 file missing
    for file in orderctl.bash _orderctl orderctl.fish; do
        [ -f "$COMPLETIONS/$file" ] || continue
        missing=""
        for flag in $(help_flags <"$help"); do
            case $file in
                # fish declares long options without their dashes: -l partitions.
                orderctl.fish) grep -qE -- "-l ${flag#--}( |$)" "$COMPLETIONS/$file" ;;
                *) mentions "$COMPLETIONS/$file" "$flag" ;;
            esac || missing+=" $flag"
        done
        if [ -z "$missing" ]; then pass "completions/$file offers every flag of '$what --help'"
        else fail "completions/$file lacks flags of '$what --help':$missing"; fi
    done
}

for file in orderctl.bash _orderctl orderctl.fish; do
    if [ -f "$COMPLETIONS/$file" ]; then pass "completions/$file exists"; else
        fail "completions/$file exists"
    fi
done

# check_offered WHAT NAME: every completion file offers NAME (WHAT names it in a failure).
check_offered() {
    local file
    for file in orderctl.bash _orderctl orderctl.fish; do
        [ -f "$COMPLETIONS/$file" ] || continue
        mentions "$COMPLETIONS/$file" "$2" || fail "completions/$file does not offer $1"
    done
}
# check_help PAGE FILE WORD...: the help of `orderctl WORD...`, kept in FILE, is documented in
# PAGE and offered by the completions.
check_help() {
    local page=$1 file=$2
    shift 2
    "$ORDERCTL" "$@" --help >"$file" 2>&1
    check_documented "orderctl $*" "$page" "$file"
    check_completed "orderctl $*" "$file"
}

HELP="$TEST_WORK/help.txt"
"$ORDERCTL" --help >"$HELP" 2>&1
check_documented "orderctl" orderctl.1 "$HELP"
check_completed "orderctl" "$HELP"
ORDERCTL_TEXT="$TEST_WORK/orderctl.1.txt"
page_text "$MAN/orderctl.1" >"$ORDERCTL_TEXT"
for command in $(help_subcommands <"$HELP"); do
    page=$(page_for "$command")
    if mentions "$ORDERCTL_TEXT" "$command"; then pass "orderctl.1 documents '$command'"; else
        fail "orderctl.1 does not document the command '$command'"
    fi
    check_offered "the command '$command'" "$command"
    SUB_HELP="$TEST_WORK/help-$command.txt"
    check_help "$page" "$SUB_HELP" "$command"
    page_text "$MAN/$page" >"$TEST_WORK/sub-page.txt"
    for verb in $(help_subcommands <"$SUB_HELP"); do
        mentions "$TEST_WORK/sub-page.txt" "$verb" || fail "$page does not document the verb '$command $verb'"
        check_offered "the verb '$command $verb'" "$verb"
        check_help "$page" "$TEST_WORK/help-$command-$verb.txt" "$command" "$verb"
    done
done

# A deliberately missing flag must be caught (the check above is not vacuous).
page_text "$MAN/orderctl.1" >"$TEST_WORK/page.txt"
if mentions "$TEST_WORK/page.txt" "--no-such-flag-anywhere"; then
    fail "the flag check notices a flag missing from a page"
else pass "the flag check notices a flag missing from a page"; fi

# --- (c) the exit-code table ------------------------------------------------------------------
# The terms of the EXIT STATUS section: the line after each .TP, e.g. ".B 130".
CODES=$(awk '/^\.SH "?EXIT STATUS/ { s = 1; next } /^\.SH/ { s = 0 }
             s && t { sub(/^\.B[R]? /, ""); print; t = 0 } s && /^\.TP/ { t = 1 }' \
    "$MAN/orderctl.1" | tr '\n' ' ')
for code in 0 1 2 3 4 5 130; do
    if [[ " $CODES " == *" $code "* ]]; then
        pass "orderctl.1 EXIT STATUS lists $code"
    else fail "orderctl.1 EXIT STATUS lists $code (found: $CODES)"; fi
done
# And every code the source defines.
for code in $(sed -n 's/^ *kExit[A-Za-z]* = \([0-9]*\),.*/\1/p' "$SOURCE_DIR/src/cli/exit_codes.h"); do
    if [[ " $CODES " == *" $code "* ]]; then
        pass "orderctl.1 EXIT STATUS lists $code of exit_codes.h"
    else fail "orderctl.1 EXIT STATUS lacks $code of src/cli/exit_codes.h"; fi
done

# --- (d) bash completion ----------------------------------------------------------------------
BIN="$TEST_WORK/bin"
mkdir -p "$BIN"
ln -s "$ORDERCTL" "$BIN/orderctl"
export PATH="$BIN:$PATH"

PROJECT="$TEST_WORK/project"
mkdir -p "$PROJECT"
cat >"$PROJECT/orderctl.yaml" <<'EOF'
current-profile: local
profiles:
  local:
    bootstrap-servers: 127.0.0.1:9092
  eventhubs:
    bootstrap-servers: mynamespace.servicebus.windows.net:9093
    security:
      protocol: SASL_SSL
      sasl-mechanism: PLAIN
      username: $ConnectionString
      password: {env: EVENTHUBS_CONNECTION_STRING}
EOF
cat >"$TEST_WORK/other.yaml" <<'EOF'
profiles:
  staging: {bootstrap-servers: staging:9092}
  prod: {bootstrap-servers: prod:9092}
EOF

# completions LINE: what _orderctl offers with the cursor at the end of LINE, sorted, on one line.
completions() {
    local line=$1
    COMP_LINE=$line
    COMP_POINT=${#line}
    read -ra COMP_WORDS <<<"$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _orderctl orderctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

# expect_offers NAME LINE WORD...: completing LINE offers every WORD.
expect_offers() {
    local name=$1 line=$2 offered word missing=""
    shift 2
    offered=" $(completions "$line") "
    for word in "$@"; do [[ $offered == *" $word "* ]] || missing+=" $word"; done
    if [ -z "$missing" ]; then pass "$name"; else
        FAILED=$((FAILED + 1))
        echo "FAILED: $name"
        echo "  completing: '$line'"
        echo "  offered:   $offered"
        echo "  missing:  $missing"
    fi
}

# shellcheck disable=SC1091
if ! . "$COMPLETIONS/orderctl.bash"; then
    fail "completions/orderctl.bash sources cleanly"
elif [ "$(complete -p orderctl 2>/dev/null)" != "complete -F _orderctl orderctl" ]; then
    fail "completions/orderctl.bash registers _orderctl for orderctl"
else
    pass "completions/orderctl.bash registers _orderctl for orderctl"
    expect_eq "bash: 'orderctl to<TAB>' completes topics" "$(completions "orderctl to")" "topics"
    expect_offers "bash: 'orderctl <TAB>' offers the commands" "orderctl " topics profile
    expect_offers "bash: 'orderctl topics <TAB>' offers create and apply" "orderctl topics " \
        create apply list describe alter delete
    expect_offers "bash: 'orderctl profile <TAB>' offers list and show" "orderctl profile " list show
    expect_offers "bash: 'topics create --<TAB>' offers its flags" "orderctl topics create --" \
        --partitions --if-not-exists --replication-factor --dry-run --config
    expect_offers "bash: 'topics delete --<TAB>' offers --yes and global flags" \
        "orderctl topics delete --" --yes --output --bootstrap-servers
    expect_offers "bash: 'topics apply -<TAB>' offers -f and --execute" "orderctl topics apply -" \
        -f --file --execute
    expect_offers "bash: 'orderctl -o <TAB>' offers the formats" "orderctl -o " table json yaml jsonl
    expect_eq "bash: 'orderctl --output js<TAB>'" "$(completions "orderctl --output js")" \
        "json jsonl"
    expect_offers "bash: 'topics apply -f <TAB>' offers files" "orderctl topics apply -f other" \
        other.yaml
    expect_offers "bash: '--config <TAB>' offers files" "orderctl --config oth" other.yaml
    expect_offers "bash: 'topics create --config <TAB>' offers topic configs" \
        "orderctl topics create t --config retention." retention.ms=

    cd "$PROJECT" || exit 1
    expect_eq "bash: 'orderctl -p <TAB>' offers the profiles of ./orderctl.yaml" \
        "$(completions "orderctl -p ")" "eventhubs local"
    expect_eq "bash: 'orderctl --profile e<TAB>'" "$(completions "orderctl --profile e")" \
        "eventhubs"
    expect_eq "bash: 'profile show <TAB>' offers the profiles" \
        "$(completions "orderctl profile show ")" "eventhubs local"
    expect_eq "bash: '--config FILE -p <TAB>' reads FILE" \
        "$(completions "orderctl --config $TEST_WORK/other.yaml -p ")" "prod staging"
    expect_eq "bash: \$ORDERCTL_CONFIG is followed" \
        "$(ORDERCTL_CONFIG="$TEST_WORK/other.yaml" completions "orderctl -p ")" "prod staging"
    cd "$TEST_WORK" || exit 1
    expect_eq "bash: no profiles file, no profile names" "$(completions "orderctl -p ")" ""
    expect_eq "bash: 'consume --role <TAB>' offers the roles" \
        "$(completions "orderctl consume --role ")" "fulfillment inventory payment"
    expect_eq "bash: 'offsets --role p<TAB>'" "$(completions "orderctl offsets --role p")" "payment"
    expect_offers "bash: 'orderctl <TAB>' offers demo and smoke" "orderctl " demo smoke broker
    expect_offers "bash: 'demo --<TAB>' offers its flags" "orderctl demo --" \
        --input --order --partitions --output
    expect_offers "bash: 'smoke --<TAB>' offers its flags" "orderctl smoke --" \
        --topic --create --count --timeout
    expect_offers "bash: 'demo --input <TAB>' offers files" "orderctl demo --input oth" other.yaml

    # Topic names, from a cluster: the dev broker, when this build has one.
    if "$ORDERCTL" broker --help >/dev/null 2>&1; then
        # The broker announces itself here, so completion finds it with no -b (and no profile).
        export XDG_RUNTIME_DIR="$TEST_WORK/run"
        mkdir -p "$XDG_RUNTIME_DIR"
        "$ORDERCTL" broker >"$TEST_WORK/broker.out" 2>"$TEST_WORK/broker.err" &
        BROKER_PID=$!
        wait_until 30 nonempty "$TEST_WORK/broker.out" "$XDG_RUNTIME_DIR/orderctl/dev-broker"
        BROKER=$(head -n 1 "$TEST_WORK/broker.out")
        expect_offers "bash: 'topics describe <TAB>' offers the cluster's topics" \
            "orderctl -b $BROKER topics describe " orders payments.events
        expect_eq "bash: 'topics alter orders<TAB>'" \
            "$(completions "orderctl -b $BROKER topics alter orders")" "orders orders.dlq"
        expect_eq "bash: no topic names after describe's one argument" \
            "$(completions "orderctl -b $BROKER topics describe orders ")" ""
        expect_offers "bash: 'topics describe <TAB>' with no -b finds the dev broker" \
            "orderctl topics describe " orders orders.dlq payments.events orderctl-smoke
        expect_eq "bash: 'smoke -t orderctl-<TAB>' offers the cluster's topics" \
            "$(completions "orderctl smoke -t orderctl-")" "orderctl-smoke"
        expect_eq "bash: 'consume --topic pay<TAB>' offers the cluster's topics" \
            "$(completions "orderctl consume --topic pay")" "payments.events"
        expect_eq "bash: a topic name is not offered where a profiles file points elsewhere" \
            "$(completions "orderctl --config $TEST_WORK/other.yaml -p prod topics describe ")" ""
        kill "$BROKER_PID" 2>/dev/null
        wait "$BROKER_PID" 2>/dev/null
    else
        skip "no 'orderctl broker' in this build; topic-name completion not checked"
    fi
fi

# --- (e) zsh and fish -------------------------------------------------------------------------
if command -v zsh >/dev/null; then
    run zsh -n "$COMPLETIONS/_orderctl"
    expect_status "zsh -n completions/_orderctl" 0
    expect_eq "completions/_orderctl starts with #compdef orderctl" \
        "$(head -n 1 "$COMPLETIONS/_orderctl")" "#compdef orderctl"
    # Loaded the way zsh loads it: compinit finds it on $fpath and binds it to orderctl.
    run zsh -f -c "fpath=('$COMPLETIONS' \$fpath); autoload -Uz compinit
        compinit -u -d '$TEST_WORK/zcompdump'; print -r -- \${_comps[orderctl]}
        autoload -Uz _orderctl; whence -w _orderctl"
    expect_status "zsh: compinit loads completions/_orderctl" 0
    expect_eq "zsh: compinit binds _orderctl to orderctl" "$(tr '\n' ' ' <"$OUT")" \
        "_orderctl _orderctl: function "
else
    skip "zsh is not installed; completions/_orderctl not checked"
fi

if command -v fish >/dev/null; then
    run fish -n "$COMPLETIONS/orderctl.fish"
    expect_status "fish -n completions/orderctl.fish" 0
    # fish_complete LINE: what fish offers for LINE, sorted, on one line. Only this file's
    # completions: an installed orderctl.fish (install_test.sh installs the package for real,
    # maybe another build's at the same time) would be autoloaded on top of it otherwise.
    fish_complete() {
        fish -c "set fish_complete_path; source '$COMPLETIONS/orderctl.fish'; complete -C '$1'" 2>&1 | cut -f1 | sort |
            tr '\n' ' ' | sed 's/ $//'
    }
    expect_eq "fish: 'orderctl to<TAB>' completes topics" "$(fish_complete "orderctl to")" "topics"
    expect_eq "fish: 'orderctl topics <TAB>' offers the verbs" \
        "$(fish_complete "orderctl topics ")" "alter apply create delete describe list"
    expect_eq "fish: 'orderctl -o <TAB>' offers the formats" "$(fish_complete "orderctl -o ")" \
        "json jsonl table yaml"
    expect_eq "fish: 'consume --role <TAB>' offers the roles" \
        "$(fish_complete "orderctl consume --role ")" "fulfillment inventory payment"
    FISH_SMOKE=" $(fish_complete "orderctl smoke --") "
    if [[ $FISH_SMOKE == *" --create "* && $FISH_SMOKE == *" --count "* ]]; then
        pass "fish: 'smoke --<TAB>' offers --create and --count"
    else fail "fish: 'smoke --<TAB>' offers --create and --count (got$FISH_SMOKE)"; fi
    FISH_FLAGS=" $(fish_complete "orderctl topics create --") "
    if [[ $FISH_FLAGS == *" --partitions "* && $FISH_FLAGS == *" --if-not-exists "* ]]; then
        pass "fish: 'topics create --<TAB>' offers --partitions and --if-not-exists"
    else fail "fish: 'topics create --<TAB>' offers --partitions and --if-not-exists (got$FISH_FLAGS)"; fi
    cd "$PROJECT" || exit 1
    expect_eq "fish: 'orderctl -p <TAB>' offers the profiles" "$(fish_complete "orderctl -p ")" \
        "eventhubs local"
    cd "$TEST_WORK" || exit 1
else
    skip "fish is not installed; completions/orderctl.fish not checked"
fi

# --- (f) -o offers exactly the modes each command takes ----------------------------------------
# `orderctl __output-modes` prints the table of src/cli/output_modes.cpp that decides, one row
# a line ("consume --role: jsonl json yaml table", "*: ..." for every other command). Each
# completion must offer exactly a row's modes after `-o` on its command: a mode it offered that
# the command refuses, or one it left out, fails here.
"$ORDERCTL" __output-modes >"$TEST_WORK/modes.txt"
expect_in "orderctl __output-modes prints the table" "$TEST_WORK/modes.txt" "*: "
# modes_of ROW: the modes of ROW ("produce", "consume --role", "*"), sorted, on one line.
modes_of() {
    awk -v row="$1" -F': ' '$1 == row { print $2 }' "$TEST_WORK/modes.txt" | tr ' ' '\n' | sort |
        tr '\n' ' ' | sed 's/ $//'
}
# Each command of the help (its row, else "*"), and consume with --role.
MODE_CASES=()
for command in $(help_subcommands <"$HELP"); do
    row=$command
    grep -q "^$command: " "$TEST_WORK/modes.txt" || row='*'
    MODE_CASES+=("$row|$command|$command -o ")
done
grep -q '^consume --role: ' "$TEST_WORK/modes.txt" &&
    MODE_CASES+=("consume --role|consume|consume --role payment -o ")
mode_rows_seen=$(printf '%s\n' "${MODE_CASES[@]}" | cut -d'|' -f1 | sort -u | wc -l)
expect_eq "every row of the table has a command to check" "$mode_rows_seen" "$(wc -l <"$TEST_WORK/modes.txt")"
for case in "${MODE_CASES[@]}"; do
    IFS='|' read -r row command line <<<"$case"
    want=$(modes_of "$row")
    if declare -F _orderctl >/dev/null; then
        expect_eq "bash: 'orderctl $line<TAB>' offers the modes '$row' takes" \
            "$(completions "orderctl $line")" "$want"
    fi
    if command -v fish >/dev/null; then
        expect_eq "fish: 'orderctl $line<TAB>' offers the modes '$row' takes" \
            "$(fish_complete "orderctl $line")" "$want"
    fi
    if command -v zsh >/dev/null; then
        role=0
        [[ $line == *--role* ]] && role=1
        # The file's last line runs the completion itself, which needs compinit: its functions are
        # defined by then, and the one that decides the modes is called directly.
        expect_eq "zsh: -o after '$command' (--role: $role) offers the modes '$row' takes" \
            "$(zsh -f -c "source '$COMPLETIONS/_orderctl' 2>/dev/null; _orderctl_output_modes_for $command $role" |
                tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" "$want"
    fi
done

finish
