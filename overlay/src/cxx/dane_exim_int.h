/*************************************************
 *     Exim - DANE verifier: TLS-side glue        *
 *************************************************/

/* NAME
     dane_exim_int.h - what the shared TLS glue (dane_exim.c) and its
     per-library parts (dane_exim_openssl.c, dane_exim_gnutls.c) share;
     internal to those three files.

   DESCRIPTION
     dane_exim.c holds the connection's state and everything that does not
     name a TLS library: loading the TLSA RRset and the reference
     identifiers, the decision whether DANE is in force, verifying a chain
     given as DER, recording a failure.  Each library file turns its
     library's certificates into DER for dane_exim_verify_chain(), checks a
     stapled OCSP response, and provides the two hooks below.  Exactly one
     library file compiles to something in a given build (USE_OPENSSL or
     USE_GNUTLS).

   OWNERSHIP
     As dane_exim.h: one outbound TLS connection per process, static state.
*/

#ifndef EXIM_DANE_EXIM_INT_H
#define EXIM_DANE_EXIM_INT_H

#ifdef EXPERIMENTAL_DANE

/* Clock skew allowed for OCSP dates, as tls-openssl.c's */
#define DANE_EXIM_OCSP_SKEW 300L

/* The library-neutral state of the one outbound TLS connection */

typedef struct {
  dane_ctx *ctx;        /* verifier context, records + names */
  BOOL active;          /* TLSA RRset given for this connection */
  BOOL in_force;        /* at least one usable record */
  const uschar *base;   /* TLSA base domain (SNI) */
  uschar *event_action; /* transport's, for tls:cert */
  tls_support *tlsp;
  const uschar *failure; /* text of the last DANE failure */
  dane_reason reason;    /* its reason (DANE_REASON_OK: none) */
} dane_exim_state;

extern dane_exim_state dane_exim;

/* Shared part (dane_exim.c) */

/* The one TLSA loader (the transport's policy and the TLS layer): add the
records of a TLSA answer (raw RDATA, copied tainted) to a verifier context
and classify them.  DANE_REASON_OK; DANE_REASON_TOO_MANY_RECORDS (over the
bounds; *num is the count of TLSA records); DANE_REASON_INTERNAL_ERROR
(*detail set).  *num is the number of records loaded otherwise. */
extern dane_reason dane_exim_tlsa_load(dane_ctx *, const dns_answer *, size_t *,
                                       const uschar **);

/* Record a DANE failure: the reason from the verifier's table, its RFC
8460 type (NULL: the table's), a bounded detail text. */
extern void dane_exim_fail(dane_reason, const uschar *, const uschar *);

/* DANE-verify certificates given as DER, leaf first, each with an
optional hint (the library's parsed object of exactly that DER; the array
may be NULL); TRUE if verified, else FALSE with the failure recorded. */
extern BOOL dane_exim_verify_chain(const uschar *const *, const size_t *,
                                   void *const *, size_t);

#ifndef DISABLE_OCSP
/* A stapled OCSP response's status for the leaf, once its signature,
CertID and dates are checked: OCSP_VFIED or OCSP_FAILED (logged). */
enum { DANE_EXIM_OCSP_GOOD, DANE_EXIM_OCSP_REVOKED, DANE_EXIM_OCSP_UNKNOWN };
extern int dane_exim_ocsp_status(int, const char *);
#endif

/* Per library (dane_exim_openssl.c or dane_exim_gnutls.c) */

/* Forget what the library part kept of an earlier connection. */
extern void dane_exim_tls_reset(void);

/* One name of tls_verify_cert_hostnames against a library certificate;
1 match, 0 no match. */
extern int dane_exim_tls_name_check(const uschar *, void *);

#endif /*EXPERIMENTAL_DANE*/
#endif /*EXIM_DANE_EXIM_INT_H*/
