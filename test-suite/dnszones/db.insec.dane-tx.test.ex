; insec.dane-tx.test.ex - unsigned child zone of dane-tx.test.ex (no AD bit)
$DNSSEC insecure
@               MX   10 mx
mx              A    127.0.0.1
; an unsigned TLSA RRset: must be ignored
_PORT_D._tcp.mx TLSA 3 1 1 TLSADATA(1 1 server.pem)
; an insecure MX RRset naming a secure host that has TLSA records
insmx           MX   10 mx-usable.dane-tx.test.ex.
real            A    127.0.0.1
alias           CNAME real-s.dane-tx.test.ex.
; an insecure MX RRset naming alias-h.dane-tx.test.ex (secure CNAME to an
; insecure target): batched by 4.96 with cn-half.dane-tx.test.ex (same host,
; same DNSSEC flag), but only cn-half gets DANE (at alias-h)
insmx2          MX   10 alias-h.dane-tx.test.ex.
