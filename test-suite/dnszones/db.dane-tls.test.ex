; dane-tls.test.ex - the DANE TLS-side tests (0300-0309), DNSSEC-signed.
; Every host is 127.0.0.1; the test daemon picks the chain it presents by
; the SNI (the TLSA base domain), from a map the test writes.  Certificates:
; test-suite/certs-dane (scripts/mkcerts-dane).  TLSA records are at the
; port the tests' daemons listen on (PORT_D).
$DNSSEC secure
$TTL 3600

@               SOA  ns.test.ex. hostmaster.test.ex. 1 3600 600 86400 300
@               NS   ns.test.ex.

; --- DANE-EE(3): every selector and matching type; the leaf's names are
;     irrelevant under DANE-EE
ee-c1           MX   10 ee-c1
ee-c1           A    127.0.0.1
_PORT_D._tcp.ee-c1  TLSA 3 0 1 TLSADATA(0 1 SRCDIR/certs-dane/leaf.pem)
ee-c2           MX   10 ee-c2
ee-c2           A    127.0.0.1
_PORT_D._tcp.ee-c2  TLSA 3 0 2 TLSADATA(0 2 SRCDIR/certs-dane/leaf.pem)
ee-c0           MX   10 ee-c0
ee-c0           A    127.0.0.1
_PORT_D._tcp.ee-c0  TLSA 3 0 0 TLSADATA(0 0 SRCDIR/certs-dane/leaf.pem)
ee-s1           MX   10 ee-s1
ee-s1           A    127.0.0.1
_PORT_D._tcp.ee-s1  TLSA 3 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)
ee-s2           MX   10 ee-s2
ee-s2           A    127.0.0.1
_PORT_D._tcp.ee-s2  TLSA 3 1 2 TLSADATA(1 2 SRCDIR/certs-dane/leaf.pem)
ee-s0           MX   10 ee-s0
ee-s0           A    127.0.0.1
_PORT_D._tcp.ee-s0  TLSA 3 1 0 TLSADATA(1 0 SRCDIR/certs-dane/leaf.pem)

; --- DANE-TA(2): the intermediate (depth 1) and the root (depth 2), both
;     presented; then the root not presented ("2 0 0", "2 1 0")
ta1             MX   10 ta1
ta1             A    127.0.0.1
_PORT_D._tcp.ta1    TLSA 2 0 1 TLSADATA(0 1 SRCDIR/certs-dane/ica.pem)
ta2             MX   10 ta2
ta2             A    127.0.0.1
_PORT_D._tcp.ta2    TLSA 2 1 2 TLSADATA(1 2 SRCDIR/certs-dane/root.pem)
ta3             MX   10 ta3
ta3             A    127.0.0.1
_PORT_D._tcp.ta3    TLSA 2 0 0 TLSADATA(0 0 SRCDIR/certs-dane/root.pem)
ta4             MX   10 ta4
ta4             A    127.0.0.1
_PORT_D._tcp.ta4    TLSA 2 1 0 TLSADATA(1 0 SRCDIR/certs-dane/root.pem)

; --- names: under DANE-TA the leaf must carry a reference identifier
;     (fails); under DANE-EE it need not (passes).  Both present "other",
;     whose only name is elsewhere.example.
ta-name         MX   10 ta-name
ta-name         A    127.0.0.1
_PORT_D._tcp.ta-name TLSA 2 0 1 TLSADATA(0 1 SRCDIR/certs-dane/ica.pem)
ee-name         MX   10 ee-name
ee-name         A    127.0.0.1
_PORT_D._tcp.ee-name TLSA 3 1 1 TLSADATA(1 1 SRCDIR/certs-dane/other.pem)

; --- an expired leaf: passes under DANE-EE (RFC 7672 s3.1.1), fails under
;     DANE-TA
ee-exp          MX   10 ee-exp
ee-exp          A    127.0.0.1
_PORT_D._tcp.ee-exp TLSA 3 1 1 TLSADATA(1 1 SRCDIR/certs-dane/expired.pem)
ta5             MX   10 ta5
ta5             A    127.0.0.1
_PORT_D._tcp.ta5    TLSA 2 0 1 TLSADATA(0 1 SRCDIR/certs-dane/ica.pem)

; --- digests: a wrong one (fails); one of the wrong length beside a good
;     one (the bad record is unusable, the good one verifies)
ee-wrong        MX   10 ee-wrong
ee-wrong        A    127.0.0.1
_PORT_D._tcp.ee-wrong TLSA 3 1 1 0000000000000000000000000000000000000000000000000000000000000000
ee-short        MX   10 ee-short
ee-short        A    127.0.0.1
_PORT_D._tcp.ee-short TLSA 3 1 1 00112233445566778899aabbccddeeff
_PORT_D._tcp.ee-short TLSA 3 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)

; --- all records unusable: PKIX-TA(0), PKIX-EE(1), an unknown usage, an
;     unknown matching type
unusable        MX   10 unusable
unusable        A    127.0.0.1
_PORT_D._tcp.unusable TLSA 0 0 1 TLSADATA(0 1 SRCDIR/certs-dane/root.pem)
_PORT_D._tcp.unusable TLSA 1 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)
_PORT_D._tcp.unusable TLSA 4 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)
_PORT_D._tcp.unusable TLSA 3 1 9 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)

; --- a man in the middle: the TLSA pins the real leaf, the daemon first
;     presents another certificate with the right names
mitm            MX   10 mitm
mitm            A    127.0.0.1
_PORT_D._tcp.mitm   TLSA 3 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)

; --- tls_verify_cert_hostnames (0301): hosts without TLSA records
exact.names     A    127.0.0.1
cnonly.names    A    127.0.0.1
san.names       A    127.0.0.1
cn.names        A    127.0.0.1
a.wild.names    A    127.0.0.1
b.a.wild.names  A    127.0.0.1
foo.partial.names A  127.0.0.1
f.partial.names A    127.0.0.1
upper.names     A    127.0.0.1
xn--bcher-kva.names A 127.0.0.1
; positive controls (names-partial2, names-wildtld2 carry these exactly)
ok.partial.names A   127.0.0.1
ok.wildtld.names A   127.0.0.1

; --- a man in the middle under DANE-TA (0302): no path to the anchor
ta6             MX   10 ta6
ta6             A    127.0.0.1
_PORT_D._tcp.ta6    TLSA 2 0 1 TLSADATA(0 1 SRCDIR/certs-dane/ica.pem)

; --- all records unusable under hosts_require_dane (0303)
unusable-req    MX   10 unusable-req
unusable-req    A    127.0.0.1
_PORT_D._tcp.unusable-req TLSA 0 0 1 TLSADATA(0 1 SRCDIR/certs-dane/root.pem)
_PORT_D._tcp.unusable-req TLSA 1 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)
_PORT_D._tcp.unusable-req TLSA 3 1 9 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)

; --- resumption and continued connections (0304)
resume          MX   10 resume
resume          A    127.0.0.1
_PORT_D._tcp.resume TLSA 3 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)
nodane          MX   10 nodane
nodane          A    127.0.0.1

; --- DANE-TA, leaf of another name, CA also in tls_verify_certificates
;     (0303): upstream GnuTLS falls through to PKIX and accepts it
ta-pkix         MX   10 ta-pkix
ta-pkix         A    127.0.0.1
_PORT_D._tcp.ta-pkix TLSA 2 0 1 TLSADATA(0 1 SRCDIR/certs-dane/ica.pem)

; --- all records unusable under hosts_try_dane, with tls_verify_hosts
;     (0303): TLS mandatory, the ordinary verification applies
unusable-vfy    MX   10 unusable-vfy
unusable-vfy    A    127.0.0.1
_PORT_D._tcp.unusable-vfy TLSA 0 0 1 TLSADATA(0 1 SRCDIR/certs-dane/root.pem)
_PORT_D._tcp.unusable-vfy TLSA 1 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)
_PORT_D._tcp.unusable-vfy TLSA 3 1 9 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)

; --- retry scope of a DANE-TA name mismatch (0207): a next-hop domain
;     named by the leaf's *.wild.dane-tls.test.ex, on the MX host
;     mx-refid.dane-tx.test.ex, whose name the leaf does not carry
refid-a.wild    MX   10 mx-refid.dane-tx.test.ex.
