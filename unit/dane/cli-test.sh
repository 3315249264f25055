#!/bin/sh
# CLI check of exim_dane_verify against chains made by the openssl
# command-line tool at test time.  Usage: cli-test.sh EXIM_DANE_VERIFY OPENSSL
set -eu
V=$1
OPENSSL=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
fail=0

ossl() { "$OPENSSL" "$@" 2>/dev/null; }
key() { ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
key root.key; key int.key; key leaf.key
cat > ext.cnf <<'EOC'
[ca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
[leaf]
basicConstraints=critical,CA:FALSE
subjectAltName=DNS:mx.example.net
EOC
ossl req -new -x509 -key root.key -subj /CN=Root -days 30 -out root.pem \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
ossl req -new -key int.key -subj /CN=Int -out int.csr
ossl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial \
  -days 20 -extfile ext.cnf -extensions ca -out int.pem
ossl req -new -key leaf.key -subj /CN=leaf -out leaf.csr
ossl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -CAcreateserial \
  -days 10 -extfile ext.cnf -extensions leaf -out leaf.pem
cat leaf.pem int.pem > chain.pem
cat leaf.pem int.pem root.pem > full.pem

spki_hash() { ossl x509 -in "$1" -noout -pubkey | ossl pkey -pubin -outform DER | ossl dgst -"$2" -binary | od -An -v -tx1 | tr -d ' \n'; }
cert_hash() { ossl x509 -in "$1" -outform DER | ossl dgst -"$2" -binary | od -An -v -tx1 | tr -d ' \n'; }
spki_hex() { ossl x509 -in "$1" -noout -pubkey | ossl pkey -pubin -outform DER | od -An -v -tx1 | tr -d ' \n'; }

check() { # expected-exit expected-stdout args...
  want_rc=$1; want_out=$2; shift 2
  set +e
  out=$("$V" "$@" 2>/dev/null)
  rc=$?
  set -e
  if [ "$rc" != "$want_rc" ] || [ "$out" != "$want_out" ]; then
    echo "FAIL: $*"
    echo "  want rc=$want_rc out=[$want_out]"
    echo "  got  rc=$rc out=[$out]"
    fail=1
  else
    echo "ok: $want_out"
  fi
}

LEAF11=$(spki_hash leaf.pem sha256)
ROOT_SPKI=$(spki_hex root.pem)
ROOT01=$(cert_hash root.pem sha256)
INT12=$(spki_hash int.pem sha512)

check 0 "verified 3 1 1 depth=0 name=-" --tlsa "3 1 1 $LEAF11" --chain chain.pem --name mx.example.net
check 0 "verified 2 0 1 depth=2 name=mx.example.net" --tlsa "2 0 1 $ROOT01" --chain full.pem --name mx.example.net
check 0 "verified 2 1 2 depth=1 name=mx.example.net" --tlsa "2 1 2 $INT12" --chain chain.pem --name example.net --name mx.example.net
check 0 "verified 2 1 0 depth=2 name=mx.example.net" --tlsa "2 1 0 $ROOT_SPKI" --chain chain.pem --name mx.example.net
check 1 "not-verified name-mismatch depth=0 tlsrpt=certificate-host-mismatch" --tlsa "2 1 0 $ROOT_SPKI" --chain chain.pem --name mx.example.org
check 1 "not-verified expired depth=0 tlsrpt=certificate-expired" --tlsa "2 1 0 $ROOT_SPKI" --chain chain.pem --name mx.example.net --time 2099-01-01T00:00:00Z
check 0 "verified 3 1 1 depth=0 name=-" --tlsa "3 1 1 $LEAF11" --chain chain.pem --name mx.example.net --time 4000000000
check 1 "unusable 1 3 1 1: weaker-digest
unusable 2 1 1 1: pkix-usage
not-verified no-match depth=-1 tlsrpt=certificate-not-trusted" --tlsa "3 1 1 $LEAF11" --tlsa "1 1 1 $LEAF11" --tlsa "3 1 2 $INT12" --chain chain.pem --name mx.example.net
check 1 "unusable 1 3 1 1: bad-digest-length
not-verified no-usable-records depth=-1 tlsrpt=tlsa-invalid" --tlsa "3 1 1 00" --chain chain.pem --name mx.example.net
check 1 "not-verified chain-empty depth=-1 tlsrpt=validation-failure" --tlsa "3 1 1 $LEAF11" --chain /nonexistent --name mx.example.net
# RSA-PSS (RSA 2048 CA) and Ed25519 (leaf key and CA) signatures.
ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key
ossl genpkey -algorithm ED25519 -out ed.key
ossl req -new -x509 -key rsa.key -subj /CN=PSS-Root -days 30 -out pssroot.pem \
  -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:-1 -sha256 \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
ossl req -new -key ed.key -subj /CN=leaf -out ed.csr
ossl x509 -req -in ed.csr -CA pssroot.pem -CAkey rsa.key -CAcreateserial \
  -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:-1 -sha384 \
  -days 10 -extfile ext.cnf -extensions leaf -out edleaf.pem
check 0 "verified 2 1 0 depth=1 name=mx.example.net" --tlsa "2 1 0 $(spki_hex pssroot.pem)" --chain edleaf.pem --name mx.example.net
ossl req -new -x509 -key ed.key -subj /CN=Ed-Root -days 30 -out edroot.pem \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
ossl x509 -req -in leaf.csr -CA edroot.pem -CAkey ed.key -CAcreateserial \
  -days 10 -extfile ext.cnf -extensions leaf -out leaf-by-ed.pem
cat leaf-by-ed.pem edroot.pem > edchain.pem
check 0 "verified 2 0 2 depth=1 name=mx.example.net" --tlsa "2 0 2 $(cert_hash edroot.pem sha512)" --chain edchain.pem --name mx.example.net
# SHA-1 signed intermediate: refused by the allow-list on both backends.
ossl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial \
  -sha1 -days 20 -extfile ext.cnf -extensions ca -out int-sha1.pem
cat leaf.pem int-sha1.pem > sha1chain.pem
check 1 "not-verified weak-algorithm depth=1 tlsrpt=certificate-not-trusted" --tlsa "2 1 0 $ROOT_SPKI" --chain sha1chain.pem --name mx.example.net

check 2 "" --tlsa "3 1 1 zz" --chain chain.pem --name mx.example.net
check 2 "" --tlsa "3 1 1" --chain chain.pem --name mx.example.net
check 2 "" --tlsa "3 1 1 $LEAF11" --chain chain.pem
check 2 "" --tlsa "3 1 1 $LEAF11" --chain chain.pem --name a --time yesterday
check 2 "" --bogus
exit $fail
