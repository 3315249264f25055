; dane-tls.ex - a two-label name for the "*.ex" wildcard case of 0301
; (a wildcard is allowed only as the leftmost label of three or more).
$DNSSEC secure
$TTL 3600
@               SOA  ns.test.ex. hostmaster.test.ex. 1 3600 600 86400 300
@               A    127.0.0.1
