; dane-tx.wild.dane-tls.test.ex - a next-hop domain named by the DANE tests'
; leaf certificate only through its wildcard *.wild.dane-tls.test.ex
; (certs-dane/leaf.pem), whose MX host mx-ta.dane-tx.test.ex it does not
; name: a DANE-TA match that rests on the next-hop domain (test 0205).
$DNSSEC secure
@               MX   10 mx-ta.dane-tx.test.ex.
