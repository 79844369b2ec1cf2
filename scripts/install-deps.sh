#!/usr/bin/env bash
# Installs what orderctl needs to build and test, from Debian's packages. Idempotent: a package
# already installed is not touched, and nothing at all runs when everything is there.
set -euo pipefail

packages=(
    g++ make cmake ninja-build pkg-config          # build
    librdkafka-dev libcli11-dev nlohmann-json3-dev libyaml-cpp-dev doctest-dev  # libraries
    libsimdjson-dev                                # the order validator's JSON parser
    libcurl4-openssl-dev                           # eventhubs-setup --deploy: Kafka Connect's REST API
    libcpp-httplib-dev                             # consume --metrics: the Prometheus endpoint
    libmimalloc-dev                                # the allocator (CMakeLists.txt says why)
    clang libclang-rt-14-dev clang-format-14       # fuzz targets (libFuzzer), formatting
    openjdk-17-jre-headless maven                  # real Kafka from Maven jars (tests)
    openjdk-17-jdk-headless                        # java File.java (the test Entra token endpoint)
    kcat jq bc python3 groff-base zsh fish           # witnesses, test tools, completion checks
    iptables iproute2                              # fault tests: partitions, redirects (iptables), ss
    dpkg-dev file man-db                           # the .deb: cpack, dpkg-shlibdeps, man -w
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
