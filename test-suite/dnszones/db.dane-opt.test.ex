; dane-opt.test.ex - test 0311: DNSSEC requests and dane_require_tls_ciphers.
; DNSSEC-signed.  mx-d: secure A and TLSA 3 1 1 on the leaf the daemon
; presents; mx-n: address not secure (no DANE).
$DNSSEC secure
$TTL 3600

@               SOA  ns.test.ex. hostmaster.test.ex. 1 3600 600 86400 300
@               NS   ns.test.ex.

mx-d            A    127.0.0.1
_PORT_D._tcp.mx-d TLSA 3 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)
mx-n            A    127.0.0.1
mx-n            INSECURE

rq              MX   10 mx-d
norq            MX   10 mx-d
norq-req        MX   10 mx-d
ciph            MX   10 mx-d
ciph-n          MX   10 mx-n
