/*************************************************
*     Exim - DANE verifier: TLS-side glue        *
*************************************************/

/* NAME
     dane_exim.h - connects Exim's TLS client code (tls-openssl.c,
     tls-gnu.c) to the overlay's DANE verifier (dane_verify.h).

   DESCRIPTION
     Compiled only with EXPERIMENTAL_DANE.  The smtp transport looks up the
     TLSA RRset and fills smtp_connect_args (dane, tlsa_dnsa, dane_names);
     tls_client_start() then calls, in this order:

       dane_exim_client_setup()   load the RRset (raw RDATA, bounded,
                                  copied tainted) and the reference
                                  identifiers; decide whether DANE is in
                                  force (RFC 7672 s2.2: at least one usable
                                  record) or whether the host gets ordinary
                                  TLS (all records unusable, hosts_try_dane)
                                  or is not used (all unusable,
                                  hosts_require_dane)
       dane_exim_sni()            replace the SNI by the TLSA base domain
       backend hook               OpenSSL: dane_exim_openssl_ctx_init() and
                                  dane_exim_openssl_ssl_init() take over
                                  certificate verification from the
                                  PRESENTED chain; GnuTLS:
                                  dane_exim_gnutls_verify() after the
                                  handshake, with no PKIX fallthrough
       dane_exim_handshake_verdict()  after a completed handshake: under
                                  DANE, no verifier verdict (anonymous
                                  suite) means the connection is not used
       dane_exim_failure()        the text for a failed verification

     On a failure tls_out.dane_reason / dane_tlsrpt / dane_detail are set
     (static texts and a bounded string in the current pool); the transport
     logs them and uses dane_tlsrpt for the dane:fail event.

     dane_exim_name_for_cert() is tls_verify_cert_hostnames through the
     verifier's shared name matcher, on both backends.

     dane_exim_tlsa_load() (dane_exim_int.h) is the one TLSA loader,
     shared with the transport's policy (dane_policy_exim.c).

     The shared part is dane_exim.c; the library parts (certificates to
     DER, the verification hook, OCSP under DANE) are dane_exim_openssl.c
     and dane_exim_gnutls.c, behind dane_exim_int.h.

   OWNERSHIP
     One outbound TLS connection per process (as in Exim), so the state is
     static.  The verifier context lives until the next setup in this
     process.  Strings handed back are static or in Exim's pool.
*/

#ifndef EXIM_DANE_EXIM_H
#define EXIM_DANE_EXIM_H

#ifdef EXPERIMENTAL_DANE

/* Set up DANE for a client connection; OK, or DEFER with *errstr set. */
extern int  dane_exim_client_setup(smtp_connect_args *, tls_support *,
              uschar **);

/* TRUE when this connection must be DANE-verified (usable records). */
extern BOOL dane_exim_in_force(void);

/* After a completed handshake: FALSE (with *errstr set, the failure
recorded) if DANE is in force and the verifier gave no verdict. */
extern BOOL dane_exim_handshake_verdict(const uschar *, uschar **);

/* Under DANE, set *snip to the TLSA base domain. */
extern void dane_exim_sni(uschar **);

/* The text for the last DANE verification failure, or NULL. */
extern const uschar * dane_exim_failure(void);

/* Record a tls:cert event veto under DANE (depth or -1, the action's
result) as the connection's DANE failure: validation-failure. */
extern void dane_exim_event_veto(int, const uschar *);

/* tls_verify_cert_hostnames: TRUE if the certificate (X509 * or
gnutls_x509_crt_t) carries one of the names in the colon-list. */
extern BOOL dane_exim_name_for_cert(const uschar *, void *);

# ifdef USE_OPENSSL
/* Install the DANE certificate verification callback on an SSL_CTX. */
extern void dane_exim_openssl_ctx_init(void *);
/* Require a peer certificate on this SSL and mark it for DANE; the
X509_STORE and STACK_OF(X509) (may be NULL) get the verified chain for the
OCSP check. */
extern void dane_exim_openssl_ssl_init(void *, void *, void *);
#  ifndef DISABLE_OCSP
/* Under DANE: check a stapled OCSP_BASICRESP against the DANE-verified
issuer of the leaf; OCSP_VFIED or OCSP_FAILED (reason logged). */
extern int  dane_exim_openssl_ocsp(void *);
#  endif
# endif

# ifdef USE_GNUTLS
/* DANE-verify the chain the peer presented on a gnutls session. */
extern BOOL dane_exim_gnutls_verify(void *, uschar **);
#  ifndef DISABLE_OCSP
/* Under DANE: check the stapled OCSP response against the DANE-verified
issuer of the leaf; OCSP_NOT_RESP, OCSP_VFIED or OCSP_FAILED. */
extern int  dane_exim_gnutls_ocsp(void *);
#  endif
# endif

#endif /*EXPERIMENTAL_DANE*/
#endif /*EXIM_DANE_EXIM_H*/
