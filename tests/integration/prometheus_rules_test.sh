#!/usr/bin/env bash
# The shipped Prometheus rules: they load (promtool check rules), every alert fires and stays
# quiet where orderctl-rules.test.yml says (promtool test rules), and the test cases do catch a
# wrong rule: with one threshold changed, they fail.
. "$(dirname "$0")/lib.sh"
if ! command -v promtool >/dev/null; then
    skip "no promtool (scripts/install-deps.sh installs Debian's prometheus)"
    finish
    exit
fi
rules="$SOURCE_DIR/deploy/prometheus"
run promtool check rules "$rules/orderctl-rules.yml"
expect_status "the rules load" 0
run promtool test rules "$rules/orderctl-rules.test.yml"
expect_status "every alert's test cases pass" 0
alerts=$(grep -c '^ *- alert:' "$rules/orderctl-rules.yml")
tested=$(grep -o 'alertname: Orderctl[A-Za-z]*' "$rules/orderctl-rules.test.yml" | sort -u | wc -l)
expect_eq "every alert has test cases" "$tested" "$alerts"
cp "$rules/orderctl-rules.test.yml" .
sed 's/orderctl:consumer_time_behind_seconds:max > 300/orderctl:consumer_time_behind_seconds:max > 50/' \
    "$rules/orderctl-rules.yml" >orderctl-rules.yml
run promtool test rules orderctl-rules.test.yml
expect_status "a lower time-behind threshold fails the cases (the quiet group would fire)" 1
finish
