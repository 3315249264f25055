; bogus.test.ex - a zone whose signatures fail validation: SERVFAIL.
$DNSSEC bogus
@               MX   10 host
host            A    127.0.0.1
