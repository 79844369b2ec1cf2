#!/usr/bin/env bash
# Installs what orderctl needs to build and test, from Debian's packages. Idempotent: a package
# already installed is not touched, and nothing at all runs when everything is there.
set -euo pipefail

packages=(
    g++ make cmake ninja-build pkg-config          # build
    librdkafka-dev libcli11-dev nlohmann-json3-dev libyaml-cpp-dev doctest-dev  # libraries
    libsimdjson-dev                                # the order validator's JSON parser
    libcpp-httplib-dev                             # HTTP: consume --metrics, eventhubs-setup --deploy
    prometheus-cpp-dev                             # its metric types and text exposition
    prometheus                                     # promtool test rules; the monitoring test's server
    libmimalloc-dev                                # the allocator (CMakeLists.txt says why)
    libsasl2-dev                                   # Cyrus SASL's header: core/kafka/sasl_plugins.h
    libsasl2-modules strace                        # security_test: Cyrus's plugins, its syslog
    clang libclang-rt-14-dev clang-format          # fuzz targets (libFuzzer), `make format`
    openjdk-17-jre-headless maven                  # real Kafka from Maven jars (tests)
    openjdk-17-jdk-headless                        # java File.java (the test Entra token endpoint)
    kcat jq bc python3 groff-base zsh fish           # witnesses, test tools, completion checks
    python3-venv                                   # kubernetes-validate (below), for deploy_test
    python3-jsonschema                             # -o json checked against tests/schemas/
    iptables iproute2                              # fault tests: partitions, redirects (iptables), ss
    dpkg-dev file man-db                           # the .deb: cpack, dpkg-shlibdeps, man -w
    time                                           # GNU time: peak RSS (consume_test, benches)
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
# kubernetes-validate (PyPI; Debian has no package) checks `deploy --emit k8s` against the
# Kubernetes schemas it ships, offline. It lives in a venv beside the Kafka jars' cache, so the
# system's Python is left alone; tests/integration/deploy_test.sh finds it there.
python_venv() {
    local cache=${ORDERCTL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderctl}
    local venv=$cache/python-venv
    [ -x "$venv/bin/kubernetes-validate" ] && return 0
    echo "install-deps: installing kubernetes-validate into $venv" >&2
    mkdir -p "$cache"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q kubernetes-validate==1.37.0  # pinned: its schemas are what the test checks
}

if [ ${#missing[@]} -eq 0 ]; then
    python_venv
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
python_venv
