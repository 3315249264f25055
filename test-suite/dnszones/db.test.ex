; test.ex - the main test zone, DNSSEC-signed (AD bit set).
$DNSSEC secure
$TTL 3600

@               SOA  ns.test.ex. hostmaster.test.ex. 1 3600 600 86400 300
@               NS   ns
ns              A    127.0.0.1
myhost          A    127.0.0.1
localhost       A    127.0.0.1

; a secure MX pointing at loopback hosts
mxs             MX   10 mx1
mx1             A    127.0.0.1
mx2             A    127.0.0.2
mx1             TXT  "secure host mx1"

; CNAME chains
cname1          CNAME mx1
cname-ins       CNAME mx.insecure.test.ex.
cname-bogus     CNAME host.bogus.test.ex.
cname-loop1     CNAME cname-loop2
cname-loop2     CNAME cname-loop1
cname-dangling  CNAME nowhere

; failure marks
servfail        SERVFAIL
; an A record that is fine, and a TLSA lookup for it that fails
tlsafail        A    127.0.0.1
_PORT_D._tcp.tlsafail SERVFAIL TLSA
insecname       A    127.0.0.1
insecname       INSECURE
*.wild          A    127.0.0.3

; TLSA data computed from a checked-in certificate (see README); port 25
; is not used by the tests' deliveries
_25._tcp.myhost TLSA 3 1 1 TLSADATA(1 1 server.pem)
_25._tcp.myhost TLSA 3 0 2 TLSADATA(0 2 server.pem)
