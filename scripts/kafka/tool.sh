#!/usr/bin/env bash
# tool.sh CLASS ARGS...
# Run one of Kafka's own Java tools with the cached classpath, a small heap and
# only WARN+ logging (to stderr), e.g. as an independent witness in tests:
#   tool.sh org.apache.kafka.tools.TopicCommand --bootstrap-server B --describe --topic t
#   tool.sh org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server B --describe --group g
#   tool.sh org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server B --topic t --from-beginning --max-messages 1
# KAFKA_TOOL_JVM_OPTS replaces the default JVM flags (e.g. for the perf tools,
# which want the optimising JIT and more heap: "-Xmx1g").
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

(($# >= 1)) || { echo "usage: $0 CLASS [ARGS...]" >&2; exit 2; }
kh_need_lib
if [[ ${KAFKA_TOOL_JVM_OPTS+set} ]]; then
  # shellcheck disable=SC2206
  opts=($KAFKA_TOOL_JVM_OPTS -Djava.awt.headless=true "-Dlog4j2.configurationFile=$KAFKA_LOG4J"
    -Dorderctl.log.appender=STDERR -Dorderctl.log.level=WARN)
else
  opts=("${KH_TOOL_JVM_OPTS[@]}")
fi
exec java "${opts[@]}" -cp "$KAFKA_LIB/*" "$@"
