; dane-glue.test.ex - tests 0320-0349: the DANE glue's fail-closed rules.
; DNSSEC-signed.
$DNSSEC secure
$TTL 3600

@               SOA  ns.test.ex. hostmaster.test.ex. 1 3600 600 86400 300
@               NS   ns.test.ex.

; 0320: a TLS 1.2 anonymous-only server (the harness's server -anon on
; PORT_S) behind a usable DANE-EE record for the DANE test leaf
anon            MX   10 mx-anon
mx-anon         A    127.0.0.1
_PORT_S._tcp.mx-anon TLSA 3 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)

; 0321: an MX host with a usable DANE-EE record for the daemon's leaf
lists           MX   10 mx-l
mx-l            A    127.0.0.1
_PORT_D._tcp.mx-l TLSA 3 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)

; 0323: an internationalised next-hop domain (bücher, A-label
; xn--bcher-kva) whose MX host has a DANE-TA record for the intermediate
; "ica"; the test makes a leaf under ica naming only the A-label
xn--bcher-kva   MX   10 mx-idn
mx-idn          A    127.0.0.1
_PORT_D._tcp.mx-idn TLSA 2 0 1 TLSADATA(0 1 SRCDIR/certs-dane/ica.pem)
