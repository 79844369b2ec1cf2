#!/usr/bin/env bash
# Installation and the .deb, from the build tree CTest gives ($BUILD_DIR): `cmake --install`
# into a DESTDIR puts every file where Debian puts it; `cpack -G DEB` builds the package with
# Depends from dpkg-shlibdeps (librdkafka among them); then, as root, the package is installed
# for real with apt-get, used (--version, man -w, bash completion from the installed path,
# `orderctl demo`) and removed again, always (trap). Not root, no apt-get, or an orderctl package
# already installed: that last part is skipped (exit 77, CTest: skipped, when the rest passed).
. "$(dirname "$0")/lib.sh"
: "${BUILD_DIR:?set BUILD_DIR to the build tree (CTest passes it)}"
unset XDG_RUNTIME_DIR

VERSION=$("$ORDERCTL" --version | awk '{ print $2 }')
STAGE="$TEST_WORK/stage"

# --- cmake --install into a DESTDIR -----------------------------------------------------------
run env DESTDIR="$STAGE" cmake --install "$BUILD_DIR" --prefix /usr
expect_status "cmake --install with DESTDIR" 0
for path in usr/bin/orderctl usr/lib/orderctl/liborderctl-http.so \
    usr/share/bash-completion/completions/orderctl \
    usr/share/zsh/vendor-completions/_orderctl \
    usr/share/fish/vendor_completions.d/orderctl.fish \
    usr/share/doc/orderctl/examples/orders.jsonl \
    usr/share/doc/orderctl/examples/orderctl.yaml; do
    if [ -f "$STAGE/$path" ]; then pass "installed /$path"; else fail "installed /$path"; fi
done
for page in "$SOURCE_DIR"/man/*.1; do
    path="usr/share/man/man1/$(basename "$page")"
    if cmp -s "$page" "$STAGE/$path"; then pass "installed /$path"; else fail "installed /$path"; fi
done
expect_eq "the installed bash completion is the project's" \
    "$(cmp -s "$SOURCE_DIR/completions/orderctl.bash" \
        "$STAGE/usr/share/bash-completion/completions/orderctl" && echo same)" same
run "$STAGE/usr/bin/orderctl" --version
expect_status "the installed binary runs" 0
expect_in "the installed binary has the version" "$OUT" "$VERSION"
# Nothing of the build tree is needed: no run path into it, every library resolved by the system.
if readelf -d "$STAGE/usr/bin/orderctl" | grep -qE 'R(UN)?PATH'; then
    fail "the installed binary has no RPATH/RUNPATH ($(readelf -d "$STAGE/usr/bin/orderctl" | grep -E 'R(UN)?PATH'))"
else pass "the installed binary has no RPATH/RUNPATH"; fi
if ldd "$STAGE/usr/bin/orderctl" | grep -q "not found"; then fail "every library found (ldd)"; else
    pass "every library found (ldd)"
fi
if ldd "$STAGE/usr/lib/orderctl/liborderctl-http.so" | grep -q "not found"; then
    fail "every library of the HTTP module found (ldd)"
else pass "every library of the HTTP module found (ldd)"; fi
# The installed binary finds its module at ../lib/orderctl from its own directory, wherever the
# tree was put: --metrics listens (the broker at port 1 refuses, so it ends at once).
METRICS_ARGS=(offsets --all-groups --watch 1 --metrics 127.0.0.1:0 -b 127.0.0.1:1 --timeout 2)
run "$STAGE/usr/bin/orderctl" "${METRICS_ARGS[@]}"
expect_in "the installed binary loads its HTTP module (--metrics listens)" "$ERR" \
    "metrics at http://127.0.0.1:"

# --- cpack -G DEB ---------------------------------------------------------------------------------
PKG="$TEST_WORK/pkg"
mkdir -p "$PKG"
run bash -c "cd '$PKG' && cpack -G DEB --config '$BUILD_DIR/CPackConfig.cmake' -B '$PKG'"
expect_status "cpack -G DEB" 0
DEB=$(ls "$PKG"/orderctl_*.deb 2>/dev/null | head -n 1)
if [ -z "$DEB" ]; then
    fail "cpack wrote orderctl_*.deb"
    finish
    exit 1
fi
pass "cpack wrote $(basename "$DEB")"
expect_eq "the package name" "$(dpkg-deb -f "$DEB" Package)" orderctl
expect_eq "the package version" "$(dpkg-deb -f "$DEB" Version)" "$VERSION"
DEPENDS=$(dpkg-deb -f "$DEB" Depends)
echo "Depends: $DEPENDS"
for library in librdkafka1 libyaml-cpp0.7 libcpp-httplib0.11 libc6 libstdc++6; do
    if [[ ", $DEPENDS," == *", $library "* || ", $DEPENDS," == *", $library,"* ]]; then
        pass "Depends names $library"
    else fail "Depends names $library (Depends: $DEPENDS)"; fi
done
dpkg-deb -c "$DEB" | awk '{ print $NF }' >"$TEST_WORK/contents"
for path in ./usr/bin/orderctl ./usr/lib/orderctl/liborderctl-http.so ./usr/share/man/man1/orderctl.1 \
    ./usr/share/bash-completion/completions/orderctl ./usr/share/zsh/vendor-completions/_orderctl \
    ./usr/share/fish/vendor_completions.d/orderctl.fish ./usr/share/doc/orderctl/examples/orders.jsonl; do
    if grep -qx -- "$path" "$TEST_WORK/contents"; then pass "the package holds $path"; else
        fail "the package holds $path"
    fi
done

# --- the package installed for real -------------------------------------------------------------
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    skip "not root (or no apt-get): the package is not installed for real"
    finish
    exit $?
fi
if dpkg-query -W -f='${Status}' orderctl 2>/dev/null | grep -q "install ok installed"; then
    skip "an orderctl package is already installed on this machine; not replacing it"
    finish
    exit $?
fi
trap 'dpkg -r orderctl >/dev/null 2>&1; rm -rf "$TEST_WORK"' EXIT
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=120 \
    --no-install-recommends "$DEB"
expect_status "apt-get install ./orderctl_*.deb" 0
run /usr/bin/orderctl --version
expect_status "/usr/bin/orderctl --version" 0
expect_in "/usr/bin/orderctl --version names the version" "$OUT" "orderctl $VERSION"
run /usr/bin/orderctl "${METRICS_ARGS[@]}"
expect_in "/usr/bin/orderctl loads /usr/lib/orderctl/liborderctl-http.so (--metrics listens)" "$ERR" \
    "metrics at http://127.0.0.1:"
run man -w orderctl
expect_status "man -w orderctl" 0
expect_in "man -w finds the installed page" "$OUT" "/usr/share/man/man1/orderctl.1"
run man -w orderctl-demo
expect_in "man -w orderctl-demo" "$OUT" "/usr/share/man/man1/orderctl-demo.1"
# Bash completion from the installed path, with the installed binary on PATH.
COMPLETION=$(env -i PATH=/usr/bin:/bin HOME="$HOME" bash -c '
    . /usr/share/bash-completion/completions/orderctl || exit 1
    complete -p orderctl >/dev/null || exit 1
    COMP_WORDS=(orderctl dem); COMP_CWORD=1; COMP_LINE="orderctl dem"; COMP_POINT=${#COMP_LINE}
    _orderctl orderctl dem orderctl
    printf "%s\n" "${COMPREPLY[@]}"
    COMP_WORDS=(orderctl consume --role p); COMP_CWORD=3
    _orderctl orderctl p --role
    printf "%s\n" "${COMPREPLY[@]}"' 2>&1 | tr '\n' ' ')
expect_eq "bash completion from the installed path: 'dem' and '--role p'" "$COMPLETION" "demo payment "
# The .deb alone runs the demo: the example orders are built in.
run /usr/bin/orderctl demo -q -o json
expect_status "/usr/bin/orderctl demo" 0
expect_eq "the installed demo: the three outcomes of 12345" \
    "$(jq -r '[.order.outcomes[].status] | join(" ")' "$OUT")" \
    "reserved authorized shipment-requested"
run dpkg -r orderctl
expect_status "dpkg -r orderctl" 0
if [ -e /usr/bin/orderctl ]; then fail "removed: /usr/bin/orderctl is gone"; else
    pass "removed: /usr/bin/orderctl is gone"
fi
if [ -e /usr/lib/orderctl ]; then fail "removed: /usr/lib/orderctl is gone"; else
    pass "removed: /usr/lib/orderctl is gone"
fi

finish
