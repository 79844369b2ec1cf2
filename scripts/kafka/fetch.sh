#!/usr/bin/env bash
# Fetch Apache Kafka (broker, tools, Connect) and every dependency from Maven
# Central into a cache outside the work tree. A no-op without network once the
# cache is complete. Prints the lib directory as the last line of stdout; all
# progress goes to stderr.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if kh_cache_complete; then
  echo "$KAFKA_LIB_DIR"
  exit 0
fi

command -v mvn >/dev/null 2>&1 ||
  kh_die "mvn not found: run the project's install script (it installs the Debian package 'maven'), or: apt-get install -y maven"
command -v java >/dev/null 2>&1 ||
  kh_die "java not found: Kafka $KAFKA_VERSION needs Java 17 (Debian package openjdk-17-jre-headless)"

mkdir -p "$KAFKA_HOME_DIR"
# Serialise concurrent fetches (e.g. parallel test jobs).
exec 9>"$KAFKA_HOME_DIR/.lock"
flock 9
if kh_cache_complete; then # another process finished it while we waited
  echo "$KAFKA_LIB_DIR"
  exit 0
fi

kh_log "fetching Apache Kafka $KAFKA_VERSION jars into $KAFKA_LIB_DIR (one-off)"
# Run Maven on a copy of the pom inside the cache, so nothing (target/) is
# written into the work tree; gather into a temp dir and swap it in at the end,
# so an interrupted fetch never leaves a half lib/ behind a stamp.
work=$KAFKA_HOME_DIR/.maven
tmp=$KAFKA_HOME_DIR/lib.tmp
rm -rf "$work" "$tmp"
mkdir -p "$work"
cp "$KAFKA_SCRIPTS_DIR/pom.xml" "$work/pom.xml"
if ! (cd "$work" && mvn -q -B -Dstyle.color=never \
  -Dkafka.version="$KAFKA_VERSION" \
  dependency:copy-dependencies \
  -DincludeScope=runtime \
  -DoutputDirectory="$tmp") 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2; then
  rm -rf "$tmp"
  kh_die "mvn could not fetch Kafka $KAFKA_VERSION (is Maven Central reachable? see the output above)"
fi

# Sanity checks: the classes we start must be there, and exactly one SLF4J
# backend, an SLF4J 2 API for it, and one log4j-core.
for jar in "kafka_2.13-$KAFKA_VERSION.jar" "kafka-tools-$KAFKA_VERSION.jar" \
  "connect-runtime-$KAFKA_VERSION.jar" "connect-mirror-$KAFKA_VERSION.jar"; do
  [[ -f $tmp/$jar ]] || kh_die "fetch incomplete: $jar missing in $tmp"
done
shopt -s nullglob
bindings=("$tmp"/slf4j-reload4j-*.jar "$tmp"/slf4j-log4j12-*.jar "$tmp"/logback-classic-*.jar \
  "$tmp"/slf4j-simple-*.jar "$tmp"/slf4j-nop-*.jar "$tmp"/log4j-slf4j-impl-*.jar \
  "$tmp"/slf4j-jdk14-*.jar "$tmp"/log4j-1.*.jar "$tmp"/reload4j-*.jar)
((${#bindings[@]} == 0)) || kh_die "conflicting logging jars in $tmp: ${bindings[*]##*/} (exclude them in pom.xml)"
apis=("$tmp"/slf4j-api-2.*.jar)
((${#apis[@]} == 1)) || kh_die "expected one slf4j-api 2.x jar in $tmp (log4j-slf4j2-impl needs it)"
cores=("$tmp"/log4j-core-*.jar)
((${#cores[@]} == 1)) || kh_die "expected exactly one log4j-core jar in $tmp"

rm -rf "$KAFKA_LIB_DIR"
mv "$tmp" "$KAFKA_LIB_DIR"
rm -rf "$work"
kh_stamp_content >"$KAFKA_STAMP"
kh_log "Kafka $KAFKA_VERSION: $(find "$KAFKA_LIB_DIR" -name "*.jar" | wc -l) jars, $(du -sh "$KAFKA_LIB_DIR" | cut -f1)"
echo "$KAFKA_LIB_DIR"
