#!/bin/sh
# cli-test.sh - the exim_dane_verify command line on one backend.
#
# Usage: cli-test.sh EXIM_DANE_VERIFY OPENSSL DANETOOL
#
# Chains are made at test time by the openssl command-line tool.  Checks:
# verdicts with their detail lines (the matched record in full, the leaf's
# names on name-mismatch), every usage and input error (exit 2, stdout
# empty, exactly one stderr line naming the option or record and why),
# the 64/65 record limit, PEM/DER/stdin input, and --make-tlsa: its output
# equals what `openssl` and GnuTLS's `danetool --tlsa-rr` give for the
# same certificates, and every record it prints verifies when fed back
# through --tlsa.  Ends with "N passed, N failed"; exit 1 on any failure
# (a missing tool is a failure, nothing is skipped).
set -eu
V=$1
OPENSSL=$2
DANETOOL=${3:-danetool}
case $V in /*) ;; *) V=$PWD/$V ;; esac
for t in "$V" "$OPENSSL"; do
  [ -x "$t" ] || { echo "cli-test: $t is not executable"; echo "0 passed, 1 failed"; exit 1; }
done
command -v "$DANETOOL" >/dev/null || { echo "cli-test: no $DANETOOL"; echo "0 passed, 1 failed"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
pass=0 fail=0

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
[many]
basicConstraints=critical,CA:FALSE
subjectAltName=@many_names
[many_names]
DNS.1=n1.example.net
DNS.2=n2.example.net
DNS.3=n3.example.net
DNS.4=n4.example.net
DNS.5=n5.example.net
DNS.6=n6.example.net
DNS.7=n7.example.net
DNS.8=n8.example.net
DNS.9=n9.example.net
DNS.10=n10.example.net
DNS.11=n11.example.net
DNS.12=n12.example.net
DNS.13=n13.example.net
DNS.14=n14.example.net
DNS.15=n15.example.net
DNS.16=n16.example.net
DNS.17=n17.example.net
DNS.18=n18.example.net
DNS.19=n19.example.net
DNS.20=*.example.net
[hostile]
basicConstraints=critical,CA:FALSE
subjectAltName=DNS:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.net,DNS:ok.example.net
[cnonly]
basicConstraints=critical,CA:FALSE
EOC
ossl req -new -x509 -key root.key -subj /CN=Root -days 30 -out root.pem \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
ossl req -new -key int.key -subj /CN=Int -out int.csr
ossl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial \
  -days 20 -extfile ext.cnf -extensions ca -out int.pem
ossl req -new -key leaf.key -subj /CN=leaf -out leaf.csr
ossl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -CAcreateserial \
  -days 10 -extfile ext.cnf -extensions leaf -out leaf.pem
for e in many hostile; do
  ossl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -CAcreateserial \
    -days 10 -extfile ext.cnf -extensions $e -out $e.pem
done
ossl req -new -key leaf.key -subj /CN=mail.example.net -out cn.csr
ossl x509 -req -in cn.csr -CA int.pem -CAkey int.key -CAcreateserial \
  -days 10 -extfile ext.cnf -extensions cnonly -out cnonly.pem
cat leaf.pem int.pem > chain.pem
cat leaf.pem int.pem root.pem > full.pem
cat many.pem int.pem > many-chain.pem
cat hostile.pem int.pem > hostile-chain.pem
cat cnonly.pem int.pem > cnonly-chain.pem
[ -s chain.pem ] && [ -s full.pem ] && [ -s many-chain.pem ] && [ -s cnonly-chain.pem ] || {
  echo "cli-test: openssl could not make the test chains"; echo "0 passed, 1 failed"; exit 1; }

hexof() { od -An -v -tx1 | tr -d ' \n'; }
spki_der() { ossl x509 -in "$1" -noout -pubkey | ossl pkey -pubin -outform DER; }
spki_hash() { spki_der "$1" | ossl dgst -"$2" -binary | hexof; }
cert_hash() { ossl x509 -in "$1" -outform DER | ossl dgst -"$2" -binary | hexof; }
spki_hex() { spki_der "$1" | hexof; }
cert_hex() { ossl x509 -in "$1" -outform DER | hexof; }

# The detail lines of a record: detail WORD N "U S M" HEX
detail() {
  printf '  %s record %s: %s, %s bytes:\n' "$1" "$2" "$3" $((${#4} / 2))
  printf '%s\n' "$4" | fold -w 64 | sed 's/^/    /'
}

ok() { pass=$((pass + 1)); echo "ok: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; shift; for l in "$@"; do echo "  $l"; done; }

# run ARGS...: run the checker, stdout in $out, stderr in $err, exit in $rc
run() {
  set +e
  "$V" "$@" <"${STDIN:-/dev/null}" >out.txt 2>err.txt
  rc=$?
  set -e
  out=$(cat out.txt); err=$(cat err.txt)
}

# check RC STDOUT ARGS...: exit status and the whole stdout; stderr empty;
# verify mode keeps the run-vectors contract: no run of more than 64 hex
# digits (--make-tlsa prints zone-file lines, which may have more).
check() {
  want_rc=$1; want_out=$2; shift 2
  hexrun='[0-9a-fA-F]{65}'
  case " $* " in *" --make-tlsa "*) hexrun='^$' ;; esac
  run "$@"
  if [ "$rc" != "$want_rc" ] || [ "$out" != "$want_out" ] || [ -n "$err" ] ||
     grep -Eq "$hexrun" out.txt; then
    bad "$*" "want rc=$want_rc out=[$want_out]" "got  rc=$rc out=[$out] err=[$err]"
  else
    ok "$(head -n 1 out.txt)"
  fi
}

# check_err REGEX ARGS...: exit 2, nothing on stdout, exactly one stderr
# line "exim_dane_verify: ..." matching REGEX (grep -E), no long hex run.
check_err() {
  want=$1; shift
  run "$@"
  if [ "$rc" != 2 ] || [ -s out.txt ] || [ "$(wc -l < err.txt)" != 1 ] ||
     ! grep -Eq "^exim_dane_verify: $want\$" err.txt ||
     grep -Eq '[0-9a-fA-F]{65}' err.txt; then
    bad "$*" "want rc=2, one stderr line matching [exim_dane_verify: $want]" \
      "got  rc=$rc out=[$out] err=[$err]"
  else
    ok "$err"
  fi
}

LEAF11=$(spki_hash leaf.pem sha256)
ROOT_SPKI=$(spki_hex root.pem)
ROOT01=$(cert_hash root.pem sha256)
INT12=$(spki_hash int.pem sha512)

########################################################################
# Verdicts, with the matched record in full

check 0 "verified 3 1 1 depth=0 name=-
$(detail matched 1 '3 1 1' "$LEAF11")" --tlsa "3 1 1 $LEAF11" --chain chain.pem --name mx.example.net
check 0 "verified 2 0 1 depth=2 name=mx.example.net
$(detail matched 1 '2 0 1' "$ROOT01")" --tlsa "2 0 1 $ROOT01" --chain full.pem --name mx.example.net
check 0 "verified 2 1 2 depth=1 name=mx.example.net
$(detail matched 1 '2 1 2' "$INT12")" --tlsa "2 1 2 $INT12" --chain chain.pem --name example.net --name mx.example.net
check 0 "verified 2 1 0 depth=2 name=mx.example.net
$(detail matched 1 '2 1 0' "$ROOT_SPKI")" --tlsa "2 1 0 $ROOT_SPKI" --chain chain.pem --name mx.example.net
# Key rollover: two 3 1 1 records, the second one matches and is printed.
OTHER=$(printf '%064d' 0 | tr 0 a)
check 0 "verified 3 1 1 depth=0 name=-
$(detail matched 2 '3 1 1' "$LEAF11")" --tlsa "3 1 1 $OTHER" --tlsa "3 1 1 $LEAF11" --chain chain.pem --name mx.example.net
check 1 "not-verified expired depth=0 tlsrpt=certificate-expired
$(detail 'failure concerns' 1 '2 1 0' "$ROOT_SPKI")" --tlsa "2 1 0 $ROOT_SPKI" --chain chain.pem --name mx.example.net --time 2099-01-01T00:00:00Z
check 0 "verified 3 1 1 depth=0 name=-
$(detail matched 1 '3 1 1' "$LEAF11")" --tlsa "3 1 1 $LEAF11" --chain chain.pem --name mx.example.net --time 4000000000
check 1 "unusable 1 3 1 1: weaker-digest
unusable 2 1 1 1: pkix-usage
not-verified no-match depth=-1 tlsrpt=certificate-not-trusted" --tlsa "3 1 1 $LEAF11" --tlsa "1 1 1 $LEAF11" --tlsa "3 1 2 $INT12" --chain chain.pem --name mx.example.net
check 1 "unusable 1 3 1 1: bad-digest-length
not-verified no-usable-records depth=-1 tlsrpt=tlsa-invalid" --tlsa "3 1 1 00" --chain chain.pem --name mx.example.net
# Zone-file and danetool forms of a record are accepted as --tlsa.
check 0 "verified 3 1 1 depth=0 name=-
$(detail matched 1 '3 1 1' "$LEAF11")" --tlsa "_25._tcp.mx.example.net. 3600 IN TLSA ( 03 01 01 $LEAF11 ) ; comment" --chain chain.pem --name mx.example.net

# name-mismatch names the leaf's DNS names (bounded), or its CN when it
# has no DNS name; a name that is no DNS name is printed bounded.
INT11=$(spki_hash int.pem sha256)
check 1 "not-verified name-mismatch depth=0 tlsrpt=certificate-host-mismatch
$(detail 'failure concerns' 1 '2 1 1' "$INT11")
  certificate DNS name: mx.example.net" --tlsa "2 1 1 $INT11" --chain chain.pem --name mx.example.org
many_names=$(for i in $(seq 1 16); do echo "  certificate DNS name: n$i.example.net"; done)
check 1 "not-verified name-mismatch depth=0 tlsrpt=certificate-host-mismatch
$(detail 'failure concerns' 1 '2 1 1' "$INT11")
$many_names
  ... 20 names in all, 16 shown" --tlsa "2 1 1 $INT11" --chain many-chain.pem --name mx.example.org
check 1 "not-verified name-mismatch depth=0 tlsrpt=certificate-host-mismatch
$(detail 'failure concerns' 1 '2 1 1' "$INT11")
  certificate DNS name: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\" (not a DNS name, 112 bytes)
  certificate DNS name: ok.example.net" --tlsa "2 1 1 $INT11" --chain hostile-chain.pem --name mx.example.org
check 1 "not-verified name-mismatch depth=0 tlsrpt=certificate-host-mismatch
$(detail 'failure concerns' 1 '2 1 1' "$INT11")
  certificate subject CN: mail.example.net" --tlsa "2 1 1 $INT11" --chain cnonly-chain.pem --name mx.example.org

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
PSS_SPKI=$(spki_hex pssroot.pem)
check 0 "verified 2 1 0 depth=1 name=mx.example.net
$(detail matched 1 '2 1 0' "$PSS_SPKI")" --tlsa "2 1 0 $PSS_SPKI" --chain edleaf.pem --name mx.example.net
ossl req -new -x509 -key ed.key -subj /CN=Ed-Root -days 30 -out edroot.pem \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
ossl x509 -req -in leaf.csr -CA edroot.pem -CAkey ed.key -CAcreateserial \
  -days 10 -extfile ext.cnf -extensions leaf -out leaf-by-ed.pem
cat leaf-by-ed.pem edroot.pem > edchain.pem
ED02=$(cert_hash edroot.pem sha512)
check 0 "verified 2 0 2 depth=1 name=mx.example.net
$(detail matched 1 '2 0 2' "$ED02")" --tlsa "2 0 2 $ED02" --chain edchain.pem --name mx.example.net
# SHA-1 signed intermediate: refused by the allow-list on both backends.
ossl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial \
  -sha1 -days 20 -extfile ext.cnf -extensions ca -out int-sha1.pem
cat leaf.pem int-sha1.pem > sha1chain.pem
check 1 "not-verified weak-algorithm depth=1 tlsrpt=certificate-not-trusted
$(detail 'failure concerns' 1 '2 1 0' "$ROOT_SPKI")" --tlsa "2 1 0 $ROOT_SPKI" --chain sha1chain.pem --name mx.example.net

########################################################################
# Chain input: DER, standard input

ossl x509 -in leaf.pem -outform DER -out leaf.der
ossl x509 -in int.pem -outform DER -out int.der
cat leaf.der int.der > chain.der
check 0 "verified 2 1 2 depth=1 name=mx.example.net
$(detail matched 1 '2 1 2' "$INT12")" --tlsa "2 1 2 $INT12" --chain chain.der --name mx.example.net
set +e; "$V" --tlsa "2 1 2 $INT12" --chain - --name mx.example.net < chain.pem > out.txt 2>err.txt; rc=$?; set -e
if [ $rc = 0 ] && head -n 1 out.txt | grep -qx 'verified 2 1 2 depth=1 name=mx.example.net' && [ ! -s err.txt ]; then
  ok "--chain - (standard input)"
else
  bad "--chain - < chain.pem" "got rc=$rc out=[$(cat out.txt)] err=[$(cat err.txt)]"
fi

########################################################################
# The record limit: 64 records are used, 65 are an RRset exim refuses.

recs=
i=0
while [ $i -lt 63 ]; do recs="$recs --tlsa '3 1 1 $OTHER'"; i=$((i + 1)); done
eval "check 0 \"verified 3 1 1 depth=0 name=-
\$(detail matched 64 '3 1 1' \"\$LEAF11\")\" $recs --tlsa '3 1 1 $LEAF11' --chain chain.pem --name mx.example.net"
eval "check 1 \"not-verified too-many-records depth=-1 tlsrpt=tlsa-invalid
  65 TLSA records, more than 64: exim does not use the RRset (the host is deferred)\" $recs --tlsa '3 1 1 $LEAF11' --tlsa '3 1 1 $LEAF11' --chain chain.pem --name mx.example.net"

########################################################################
# Usage and input errors: exit 2, one line naming the option or record

G="--chain chain.pem --name mx.example.net"
run --help
if [ $rc = 0 ] && grep -q '^usage: exim_dane_verify --domain' out.txt && grep -q -- "--tlsa 'U S M HEX'" out.txt && grep -q 'hosts_try_dane = \*' out.txt && grep -q -- '--make-tlsa FILE' out.txt && [ ! -s err.txt ]; then
  ok "--help"; else bad "--help" "got rc=$rc err=[$err]"; fi
run --version
if [ $rc = 0 ] && grep -Eq '^exim_dane_verify 4\.96 .*backend (openssl|gnutls)$' out.txt && [ ! -s err.txt ]; then
  ok "--version: $out"; else bad "--version" "got rc=$rc out=[$out] err=[$err]"; fi
check_err 'no options \(see --help\)'
# online mode (world/online-test runs it against real servers)
check_err "--chain cannot be used with --domain/--host" --domain example.net --chain chain.pem
check_err "--require is an option of the online mode \(--domain\)" --require $G
check_err "--json takes no value" --domain example.net --json=1
check_err "--domain 'bad name': not a domain name" --domain 'bad name'
check_err "--timeout '0': must be 1 to 3600 seconds" --domain example.net --timeout 0
check_err "--domain given twice" --domain example.net --domain example.org
check_err 'unknown option --bogus \(see --help\)' --bogus
check_err 'unknown option --bogus \(see --help\)' --bogus=1 $G
check_err 'unexpected argument extra \(see --help\)' --tlsa "3 1 1 $LEAF11" $G extra
check_err '--tlsa needs a value \(see --help\)' $G --tlsa
check_err '--chain given twice' --tlsa "3 1 1 $LEAF11" $G --chain chain.pem
check_err '--chain is required' --tlsa "3 1 1 $LEAF11" --name mx.example.net
check_err '--name is required \(the TLSA base domain\)' --tlsa "3 1 1 $LEAF11" --chain chain.pem
check_err "--time 'yesterday': want seconds since the epoch or YYYY-MM-DDTHH:MM:SSZ" --tlsa "3 1 1 $LEAF11" $G --time yesterday
check_err "--time '2026-06-01': want seconds since the epoch or YYYY-MM-DDTHH:MM:SSZ" --tlsa "3 1 1 $LEAF11" $G --time 2026-06-01
check_err "--tlsa record 1: data character 1 \('z'\) is not a hex digit" --tlsa "3 1 1 zz" $G
check_err "--tlsa record 2: data character 65 \('g'\) is not a hex digit" --tlsa "3 1 1 $LEAF11" --tlsa "3 1 1 ${LEAF11}g0" $G
check_err "--tlsa record 2: odd number of hex digits \(63\)" --tlsa "3 1 1 $LEAF11" --tlsa "3 1 1 ${OTHER%?}" $G
check_err "--tlsa record 1: no certificate association data" --tlsa "3 1 1" $G
check_err "--tlsa record 1: no matching type \(want 'U S M HEX'\)" --tlsa "3 1" $G
check_err "--tlsa record 1: usage '256' is not a number from 0 to 255" --tlsa "256 1 1 $LEAF11" $G
check_err "--tlsa record 1: selector 'x' is not a number from 0 to 255" --tlsa "3 x 1 $LEAF11" $G
long=$(printf '%0300d' 0 | tr 0 a)
first64=$(printf '%064d' 0 | tr 0 a)
check_err "--name '$first64\.\.\.': not a usable name \(1 to 255 bytes\)" --tlsa "3 1 1 $LEAF11" --chain chain.pem --name "$long"
check_err "--name '': not a usable name \(1 to 255 bytes\)" --tlsa "3 1 1 $LEAF11" --chain chain.pem --name ''
names=; for i in $(seq 1 33); do names="$names --name n$i.example.net"; done
check_err "more than 32 --name" --tlsa "3 1 1 $LEAF11" --chain chain.pem $names
check_err "--chain cannot open /nonexistent/chain.pem: No such file or directory" --tlsa "3 1 1 $LEAF11" --chain /nonexistent/chain.pem --name mx.example.net
check_err "--chain cannot read \.: Is a directory" --tlsa "3 1 1 $LEAF11" --chain . --name mx.example.net
: > empty.pem
check_err "--chain empty.pem: empty \(no certificate\)" --tlsa "3 1 1 $LEAF11" --chain empty.pem --name mx.example.net
STDIN=empty.pem check_err "--chain standard input: empty \(no certificate\)" --tlsa "3 1 1 $LEAF11" --chain - --name mx.example.net
: > big.pem
while [ "$(wc -c < big.pem)" -lt 5000000 ]; do cat full.pem full.pem full.pem full.pem >> big.pem; done
check_err "--chain big.pem: larger than 4194304 bytes \(a certificate chain is far smaller\)" --tlsa "3 1 1 $LEAF11" --chain big.pem --name mx.example.net
check_err "--chain leaf.key: no PEM CERTIFICATE block \(only PRIVATE KEY\)" --tlsa "3 1 1 $LEAF11" --chain leaf.key --name mx.example.net
echo "This file holds no certificate." > garbage.txt
check_err "--chain garbage.txt: neither PEM \(no -----BEGIN line\) nor DER certificates" --tlsa "3 1 1 $LEAF11" --chain garbage.txt --name mx.example.net
head -c 200 leaf.der > trunc.der
check_err "--chain trunc.der: certificate 1: not DER \(truncated or not a SEQUENCE\)" --tlsa "3 1 1 $LEAF11" --chain trunc.der --name mx.example.net
cat leaf.der int.der garbage.txt > trailing.der
check_err "--chain trailing.der: certificate 3: not DER \(truncated or not a SEQUENCE\)" --tlsa "3 1 1 $LEAF11" --chain trailing.der --name mx.example.net
sed '2s/^./!/' leaf.pem > badb64.pem
check_err "--chain badb64.pem: certificate 1: bad base64" --tlsa "3 1 1 $LEAF11" --chain badb64.pem --name mx.example.net
{ cat leaf.pem; sed '$d' int.pem; } > noend.pem
check_err "--chain noend.pem: certificate 2: no END CERTIFICATE line" --tlsa "3 1 1 $LEAF11" --chain noend.pem --name mx.example.net

########################################################################
# --make-tlsa

INT11=$(spki_hash int.pem sha256)
ROOT11=$(spki_hash root.pem sha256)
HDR="; publish 3 1 1 for the server's key and a 2 1 1 for its issuer as a rollover backup"
O=_25._tcp.mx.example.net.
check 0 "; TLSA records for port 25 of mx.example.net (2 certificates)
$HDR
; depth 0: the server's certificate (DANE-EE)
$O IN TLSA 3 1 1 $LEAF11 ; recommended
; depth 1: issuer of the certificate above (DANE-TA)
$O IN TLSA 2 1 1 $INT11 ; recommended (rollover backup)" --make-tlsa chain.pem
check 0 "; TLSA records for port 25 of mx.example.net (3 certificates)
$HDR
; depth 1: issuer of the certificate above (DANE-TA)
$O IN TLSA 2 1 1 $INT11 ; recommended (rollover backup)
; depth 2: issuer of the certificate above (DANE-TA)
$O IN TLSA 2 1 1 $ROOT11" --make-tlsa full.pem --usage 2
check 0 "; TLSA records for port 465 of mx.example.org (1 certificate)
$HDR
; depth 0: the server's certificate (DANE-EE)
_465._tcp.mx.example.org. IN TLSA 3 0 2 $(cert_hash leaf.pem sha512)
; no issuer certificate in the file: no DANE-TA(2) record" --make-tlsa leaf.pem --selector 0 --mtype 2 --host mx.example.org --port 465
check 0 "; TLSA records for port 25 of mx.example.net (2 certificates)
$HDR
; depth 0: the server's certificate (DANE-EE)
$O IN TLSA 3 1 0 $(spki_hex leaf.pem)" --make-tlsa chain.der --usage 3 --mtype 0
cat leaf.pem root.pem > unordered.pem
check 0 "; TLSA records for port 25 of mx.example.net (2 certificates)
$HDR
; depth 1: NOT the issuer of the certificate above: is the file in order, leaf first?
$O IN TLSA 2 1 1 $ROOT11" --make-tlsa unordered.pem --usage 2

# Every record printed, for every selector and matching type, verifies
# when fed back through --tlsa (the line as printed, comment and all).
for s in 0 1; do
  for m in 0 1 2; do
    "$V" --make-tlsa full.pem --selector $s --mtype $m > made.txt 2>&1 || true
    n=0
    while IFS= read -r line; do
      case $line in *" IN TLSA "*) ;; *) continue ;; esac
      n=$((n + 1))
      u=${line#* IN TLSA }; u=${u%% *}
      run --tlsa "$line" --chain full.pem --name mx.example.net
      d=$(head -n 1 out.txt | sed -n 's/^verified \([23] [01] [012]\) depth=\([0-9]\).*/\1 \2/p')
      if [ $rc = 0 ] && [ "$d" = "$u $s $m $((n - 1))" ]; then
        ok "--make-tlsa $u $s $m fed back verifies at depth $((n - 1))"
      else
        bad "--make-tlsa record fed back: $line" "got rc=$rc out=[$out] err=[$err]"
      fi
    done < made.txt
    [ $n = 3 ] || bad "--make-tlsa full.pem --selector $s --mtype $m printed $n records, want 3" "$(cat made.txt)"
  done
done

# The same records as GnuTLS's danetool --tlsa-rr (selector 0/1,
# matching type 1/2; danetool has no full value).
dt() { "$DANETOOL" --tlsa-rr --host mx.example.net --port 25 "$@" 2>/dev/null |
  sed -E 's/\( 0*([0-9]+) 0*([0-9]+) 0*([0-9]+) ([0-9a-fA-F]+) \)$/\1 \2 \3 \4/'; }
for s in 0 1; do
  for m in 1 2; do
    dsel=; [ $s = 0 ] && dsel=--x509
    dhash=sha256; [ $m = 2 ] && dhash=sha512
    want=$(dt --load-certificate leaf.pem $dsel --hash $dhash; dt --load-certificate int.pem --ca $dsel --hash $dhash)
    got=$("$V" --make-tlsa chain.pem --selector $s --mtype $m 2>&1 | grep ' IN TLSA ' | sed 's/ ; .*//')
    if [ -n "$want" ] && [ "$got" = "$want" ]; then
      ok "--make-tlsa --selector $s --mtype $m equals danetool --tlsa-rr"
    else
      bad "--make-tlsa --selector $s --mtype $m vs danetool" "danetool: [$want]" "ours:     [$got]"
    fi
  done
done

# A full disk is an output error, not a success.
set +e; "$V" --make-tlsa chain.pem > /dev/full 2>err.txt; rc=$?; set -e
if [ $rc = 2 ] && grep -qx 'exim_dane_verify: writing standard output: No space left on device' err.txt; then
  ok "output to /dev/full: exit 2"
else
  bad "--make-tlsa chain.pem > /dev/full" "got rc=$rc err=[$(cat err.txt)]"
fi

# --make-tlsa errors
check_err "--usage '4': must be 3 \(DANE-EE\) or 2 \(DANE-TA\)" --make-tlsa chain.pem --usage 4
check_err "--selector '2': must be 1 \(key\) or 0 \(cert\)" --make-tlsa chain.pem --selector 2
check_err "--mtype '3': must be 1, 2 or 0" --make-tlsa chain.pem --mtype 3
check_err "--port '0': must be a number from 1 to 65535" --make-tlsa chain.pem --port 0
check_err "--host 'bad name': not a host name" --make-tlsa chain.pem --host 'bad name'
check_err "--usage is an option of --make-tlsa" --usage 3 $G
check_err "--tlsa cannot be used with --make-tlsa" --make-tlsa chain.pem --tlsa "3 1 1 $LEAF11"
check_err "--make-tlsa --usage 2: the file holds only the leaf; put its issuer's certificate after it" --make-tlsa leaf.pem --usage 2
check_err "--make-tlsa: the certificate has no DNS name: give --host" --make-tlsa cnonly.pem
check_err "--make-tlsa leaf.key: no PEM CERTIFICATE block \(only PRIVATE KEY\)" --make-tlsa leaf.key
{ echo "-----BEGIN CERTIFICATE-----"; head -c 200 leaf.der | base64; echo "-----END CERTIFICATE-----"; } > trunc.pem
check_err "--make-tlsa: certificate 1 does not parse \((openssl|gnutls)\)" --make-tlsa trunc.pem

echo "$pass passed, $fail failed"
[ $fail = 0 ]
