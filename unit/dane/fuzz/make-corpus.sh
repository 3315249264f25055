#!/bin/sh
# Regenerate the seed corpora under corpus/ with the openssl command line.
# Usage: make-corpus.sh [openssl]   (run from anywhere; writes next to it)
set -eu
OPENSSL=${1:-openssl}
HERE=$(cd "$(dirname "$0")" && pwd)
C=$HERE/corpus
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
o() { "$OPENSSL" "$@" 2>/dev/null; }
o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out r.key
o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out i.key
o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out l.key
printf '[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n[leaf]\nsubjectAltName=DNS:mx.example.net,DNS:*.example.org\n' > x.cnf
o req -new -x509 -key r.key -subj /CN=Root -days 3650 -out r.pem \
  -addext basicConstraints=critical,CA:TRUE -addext nameConstraints=critical,permitted\;DNS:example.net,permitted\;DNS:example.org
o req -new -key i.key -subj /CN=Int -out i.csr
o x509 -req -in i.csr -CA r.pem -CAkey r.key -CAcreateserial -days 3650 -extfile x.cnf -extensions ca -out i.pem
o req -new -key l.key -subj /CN=mx.example.net -out l.csr
o x509 -req -in l.csr -CA i.pem -CAkey i.key -CAcreateserial -days 3650 -extfile x.cnf -extensions leaf -out l.pem
for n in r i l; do o x509 -in $n.pem -outform DER -out $n.der; o x509 -in $n.pem -noout -pubkey | o pkey -pubin -outform DER -out $n.spki; done

# Only the named seeds below are rewritten; fuzzer-found inputs (hash
# names, merged with -merge=1) are kept.
mkdir -p "$C/rdata" "$C/names" "$C/verify"
perl -e '
  use strict;
  my $c = shift;
  sub slurp { local $/; open my $f, "<", $_[0] or die; binmode $f; my $d = <$f>; $d }
  use Digest::SHA qw(sha256 sha512);
  my %der = map { $_ => slurp("$_.der") } qw(r i l);
  my %spki = map { $_ => slurp("$_.spki") } qw(r i l);
  sub rr { my ($u,$s,$m,$d) = @_; pack("CCC", $u,$s,$m) . $d }
  sub chunk { my ($t,$d) = @_; pack("Cn", $t, length $d) . $d }
  sub put { my ($f,$d) = @_; open my $o, ">", $f or die; binmode $o; print $o $d; close $o }
  my @recs = (
    rr(3,1,1,sha256($spki{l})), rr(3,0,2,sha512($der{l})), rr(2,0,1,sha256($der{r})),
    rr(2,1,0,$spki{r}), rr(2,0,0,$der{r}), rr(2,1,2,sha512($spki{i})),
    rr(1,1,1,sha256($spki{l})), rr(3,1,1,"\0" x 31), rr(4,2,3,"x"), rr(3,1,0,"\x30\x00"),
  );
  my $i = 0;
  put("$c/rdata/rec$i", $_), $i++ for @recs;
  put("$c/rdata/text0", "3 1 1 " . unpack("H*", sha256($spki{l})));
  put("$c/rdata/text1", "2 0 1 AB CD ef");
  put("$c/rdata/set0", join("\xff", @recs[0..3]));
  my @names = ("*.example.org\na.example.org", "mx.example.net\nMX.EXAMPLE.NET.",
    "f*.example.com\nfoo.example.com", "*.com\nexample.com", "mx.example.net\0x\nmx.example.net",
    "xn--mnchen-3ya.example\nxn--MNCHEN-3ya.example");
  $i = 0;
  put("$c/names/n$i", $_), $i++ for @names;
  my $chain = chunk(1, $der{l}) . chunk(1, $der{i});
  my $full = $chain . chunk(1, $der{r});
  my @v = (
    chunk(0, $recs[0]) . $chain,
    chunk(0, $recs[2]) . $full . chunk(2, "mx.example.net"),
    chunk(0, $recs[3]) . $chain . chunk(2, "a.example.org"),
    chunk(0, $recs[4]) . $chain . chunk(3, pack("Q>", 4000000000)),
    chunk(0, $recs[5]) . chunk(1, $der{i}) . chunk(1, $der{r}) . chunk(1, $der{l}),
    chunk(0, $recs[1]) . chunk(0, $recs[6]) . chunk(0, $recs[7]) . $chain,
    chunk(0, $recs[2]) . chunk(1, $der{l}) . chunk(1, substr($der{i}, 0, 100)) . chunk(1, $der{r}),
  );
  $i = 0;
  put("$c/verify/v$i", $_), $i++ for @v;
' "$C"
ls "$C"/*
