; dane-tx2.wild.dane-tls.test.ex - a second next-hop domain on the MX host
; mx-ta.dane-tx.test.ex, also named by the leaf certificate only through
; its wildcard *.wild.dane-tls.test.ex: a connection whose DANE-TA match
; rested on dane-tx.wild.dane-tls.test.ex does not cover it (test 0205).
$DNSSEC secure
@               MX   10 mx-ta.dane-tx.test.ex.
