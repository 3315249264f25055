; dane-ign.test.ex - test 0310: the options DANE overrides.  DNSSEC-signed.
; d-<option> has a DANE host (mx-d: secure A, TLSA 3 1 1 on the leaf the
; daemon presents); n-<option> has a host whose address is not secure
; (mx-n, marked INSECURE), so no DANE and the option applies.
$DNSSEC secure
$TTL 3600

@               SOA  ns.test.ex. hostmaster.test.ex. 1 3600 600 86400 300
@               NS   ns.test.ex.

mx-d            A    127.0.0.1
_PORT_D._tcp.mx-d TLSA 3 1 1 TLSADATA(1 1 SRCDIR/certs-dane/leaf.pem)
mx-n            A    127.0.0.1
mx-n            INSECURE

d-verify        MX   10 mx-d
n-verify        MX   10 mx-n
d-names         MX   10 mx-d
n-names         MX   10 mx-n
d-crl           MX   10 mx-d
n-crl           MX   10 mx-n
d-sni           MX   10 mx-d
n-sni           MX   10 mx-n
