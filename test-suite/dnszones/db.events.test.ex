; events.test.ex - names for the event tests (0100-Events), DNSSEC-signed.
$DNSSEC secure
$TTL 3600

@               SOA  ns.test.ex. hostmaster.test.ex. 1 3600 600 86400 300
@               NS   ns.test.ex.
; a host whose TLSA record matches no certificate: DANE fails (dane:fail)
danefail        MX   10 mx
mx              A    127.0.0.1
_PORT_D._tcp.mx TLSA 3 1 1 0000000000000000000000000000000000000000000000000000000000000000
; a host whose TLSA record matches the test server certificate
daneok          MX   10 mxok
mxok            A    127.0.0.1
_PORT_D._tcp.mxok TLSA 3 1 1 TLSADATA(1 1 server.pem)
