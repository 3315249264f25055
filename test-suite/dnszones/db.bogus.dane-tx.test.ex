; bogus.dane-tx.test.ex - signatures fail validation: every query SERVFAILs
$DNSSEC bogus
tlsa            TLSA 3 1 1 TLSADATA(1 1 server.pem)
