; dane-tx.test.ex - the DANE outcome table of the smtp transport (tests
; 0200-0203, doc-txt/dane-exim-transport.txt).  Signed (AD bit set).  Every
; host is the daemon on 127.0.0.1 PORT_D; its certificate is CERTS/server.pem.
; Names starting "fix-" are where a test removes a fault (sed on the copy in
; TESTDIR/dnszones) to prove the deferred message is delivered once.
$DNSSEC secure
$TTL 3600
@               SOA  ns.dane-tx.test.ex. hostmaster.test.ex. 1 3600 600 86400 300

; row 1: secure TLSA RRset with a usable record (DANE-EE SPKI SHA2-256)
usable          MX   10 mx-usable
mx-usable       A    127.0.0.1
_PORT_D._tcp.mx-usable TLSA 3 1 1 TLSADATA(1 1 server.pem)

; row 2: secure RRset, no usable record (PKIX-EE, unknown usage 4)
unusable        MX   10 mx-unusable
mx-unusable     A    127.0.0.1
_PORT_D._tcp.mx-unusable TLSA 1 1 1 TLSADATA(1 1 server.pem)
_PORT_D._tcp.mx-unusable TLSA 4 1 1 TLSADATA(1 1 server.pem)

; row 2 again: secure RRset whose only DANE-EE records are full values that
; do not parse (a truncated certificate, an empty SPKI): none usable
badfull         MX   10 mx-badfull
mx-badfull      A    127.0.0.1
_PORT_D._tcp.mx-badfull TLSA 3 0 0 308201
_PORT_D._tcp.mx-badfull TLSA 3 1 0 3000

; row 3: secure denial (no TLSA RRset)
notlsa          MX   10 mx-notlsa
mx-notlsa       A    127.0.0.1

; row 4: SERVFAIL on the TLSA lookup; after the fix a usable RRset
servfail        MX   10 mx-servfail
mx-servfail     A    127.0.0.1
_PORT_D._tcp.mx-servfail SERVFAIL TLSA
_PORT_D._tcp.mx-servfail TLSA 3 1 1 TLSADATA(1 1 server.pem)

; row 4 on a CNAME hop: the TLSA owner is an alias into a bogus zone
tlsacname       MX   10 mx-tlsacname
mx-tlsacname    A    127.0.0.1
_PORT_D._tcp.mx-tlsacname CNAME tlsa.bogus.dane-tx.test.ex.

; row 5 (MX RRset not secure) is insmx.insec.dane-tx.test.ex, whose MX is
; mx-usable here

; two MX hosts: the first one's TLSA lookup fails, the second (another
; address: Exim drops hosts with an address seen before) is usable; the
; message goes to the second (host not used = next MX tried)
twomx           MX   10 mx-sf2
twomx           MX   20 mx-second
mx-sf2          A    127.0.0.1
_PORT_D._tcp.mx-sf2 SERVFAIL TLSA
mx-second       A    127.0.0.2
_PORT_D._tcp.mx-second TLSA 3 1 1 TLSADATA(1 1 server.pem)

; RFC 7672 s2.2.2, chain all secure: TLSA at the expanded name first (the
; record at the original name would not match; it must not be used)
cn-secure       MX   10 alias-s
alias-s         CNAME real-s
real-s          A    127.0.0.1
_PORT_D._tcp.real-s TLSA 3 1 1 TLSADATA(1 1 server.pem)
_PORT_D._tcp.alias-s TLSA 3 1 1 0000000000000000000000000000000000000000000000000000000000000000

; chain all secure, no TLSA at the expanded name: then the original name
cn-orig         MX   10 alias-o
alias-o         CNAME real-o
real-o          A    127.0.0.1
_PORT_D._tcp.alias-o TLSA 3 1 1 TLSADATA(1 1 server.pem)

; first hop secure, later hop insecure: only the original name
cn-half         MX   10 alias-h
alias-h         CNAME real.insec.dane-tx.test.ex.
_PORT_D._tcp.alias-h TLSA 3 1 1 TLSADATA(1 1 server.pem)

; first hop insecure: no DANE, although the target has a TLSA RRset
cn-ins          MX   10 alias.insec.dane-tx.test.ex.

; a non-MX next hop (no MX; the domain's address via a secure CNAME): TLSA
; at the expanded name real-s
nomx-cn         CNAME real-s

; a second domain on mx-usable (continued connections, test 0204)
usable2         MX   10 mx-usable

; DANE-TA (the intermediate CA of certs-dane) for test 0205; the server's
; leaf names *.wild.dane-tls.test.ex, not mx-ta
mx-ta           A    127.0.0.1
_PORT_D._tcp.mx-ta TLSA 2 0 1 TLSADATA(0 1 SRCDIR/certs-dane/ica.pem)

; retry scope (test 0206): a second next-hop domain on mx-usable whose own
; DNS is at fault.  retry-cn is a secure CNAME to fix-retry-t, whose MX RRset
; (naming mx-usable) is not DNSSEC-validated until the test removes the
; mark: under hosts_require_dane a fault of that domain, not of the host
retry-cn        CNAME fix-retry-t
fix-retry-t     MX   10 mx-usable
fix-retry-t     INSECURE MX

; retry scope of a DANE-TA name mismatch (test 0207): mx-refid's TLSA RRset
; is DANE-TA (the intermediate CA of certs-dane); the server's leaf names
; *.wild.dane-tls.test.ex (so refid-a.wild.dane-tls.test.ex, a next-hop
; domain on mx-refid) but neither mx-refid nor refid-b, the other next-hop
; domain on it: the certificate fails for refid-b only.  The test heals it
; by removing the ";fix-refid " mark: a DANE-EE record for the leaf's key,
; which needs no name.
refid-b         MX   10 mx-refid
mx-refid        A    127.0.0.1
_PORT_D._tcp.mx-refid TLSA 2 0 1 TLSADATA(0 1 SRCDIR/certs-dane/ica.pem)
;fix-refid _PORT_D._tcp.mx-refid TLSA 3 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)
