#!/usr/bin/env bash
# certs.sh: throwaway TLS material for the test harness, made with openssl.
#
#   certs.sh ca PREFIX CN
#       a self-signed CA: PREFIX.key (private key), PREFIX.pem (certificate)
#   certs.sh server CA_PREFIX PREFIX CN SAN
#       a server key and certificate signed by the CA at CA_PREFIX, with
#       subjectAltName SAN (e.g. "DNS:localhost,IP:127.0.0.1"):
#       PREFIX.key, PREFIX.pem (leaf then CA), and a PKCS#12 keystore for the
#       JVM, PREFIX.p12, whose random password is in PREFIX.p12.pass
#
# Keys are EC P-256 (fast to make, understood by the JVM and by OpenSSL) and
# every file is mode 0600. Certificates are valid for 30 days: long enough
# for any test run, short enough that a stray one is harmless.
set -euo pipefail

usage() {
  echo "usage: $0 ca PREFIX CN | $0 server CA_PREFIX PREFIX CN SAN" >&2
  exit 2
}
command -v openssl >/dev/null 2>&1 || { echo "certs.sh: openssl not found (apt-get install -y openssl)" >&2; exit 1; }
umask 077

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

make_ca() {
  local prefix=$1 cn=$2
  new_key "$prefix.key"
  openssl req -x509 -new -key "$prefix.key" -sha256 -days 30 -subj "/O=orderctl test/CN=$cn" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$prefix.pem" 2>/dev/null
}

make_server() {
  local ca=$1 prefix=$2 cn=$3 san=$4 ext pass
  [[ -s $ca.key && -s $ca.pem ]] || { echo "certs.sh: no CA at $ca.{key,pem}" >&2; exit 1; }
  new_key "$prefix.key"
  openssl req -new -key "$prefix.key" -subj "/O=orderctl test/CN=$cn" -out "$prefix.csr" 2>/dev/null
  ext=$(mktemp "${prefix}.ext.XXXXXX")
  cat >"$ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$san
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EXT
  openssl x509 -req -in "$prefix.csr" -CA "$ca.pem" -CAkey "$ca.key" -CAcreateserial \
    -sha256 -days 30 -extfile "$ext" -out "$prefix.leaf.pem" 2>/dev/null
  rm -f "$ext" "$prefix.csr" "$ca.srl"
  cat "$prefix.leaf.pem" "$ca.pem" >"$prefix.pem"
  rm -f "$prefix.leaf.pem"
  pass=$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')
  printf '%s' "$pass" >"$prefix.p12.pass"
  openssl pkcs12 -export -name server -inkey "$prefix.key" -in "$prefix.pem" \
    -passout "file:$prefix.p12.pass" -out "$prefix.p12"
}

(($# >= 1)) || usage
case $1 in
ca) (($# == 3)) || usage; make_ca "$2" "$3" ;;
server) (($# == 5)) || usage; make_server "$2" "$3" "$4" "$5" ;;
*) usage ;;
esac
