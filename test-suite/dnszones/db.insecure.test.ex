; insecure.test.ex - an unsigned child zone (no AD bit).
$DNSSEC insecure
@               MX   10 mx
mx              A    127.0.0.1
back            CNAME mx1.test.ex.
