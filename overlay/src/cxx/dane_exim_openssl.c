/*************************************************
*     Exim - an Internet mail transport agent    *
*************************************************/

/* DANE (RFC 7672) on the TLS client side, the OpenSSL part: the
certificate verification hook that hands the PRESENTED chain to the
verifier as DER, the tls:cert events under DANE, the OCSP check against the
DANE-verified issuer, and the certificate name check.  The shared part is
dane_exim.c (see dane_exim.h for the order of calls, dane_exim_int.h for
what the two parts share).  Compiles to nothing without USE_OPENSSL. */

#include "../exim.h"

#if defined(EXPERIMENTAL_DANE) && defined(USE_OPENSSL)

#include "dane_verify.h"
#include "dane_exim.h"
#include "dane_exim_int.h"
#include "event_glue.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/err.h>
#ifndef DISABLE_OCSP
# include <openssl/ocsp.h>
#endif


/* What this part keeps of the connection */

static struct {
  void *		ssl;		/* the SSL that is DANE-verified */
  void *		ocsp_store;	/* X509_STORE for a stapled OCSP ... */
  void *		ocsp_stack;	/* ... and its STACK_OF(X509), or NULL */
  void *		ocsp_chain;	/* STACK_OF(X509): the chain DANE verified,
					until a stapled response needs its path */
  void *		ocsp_leaf;	/* X509: the DANE-verified leaf ... */
  void *		ocsp_issuer;	/* ... and its verified issuer, or NULL */
} ossl = { .ssl = NULL };


/* Forget the previous connection's SSL and OCSP certificates. */

void
dane_exim_tls_reset(void)
{
ossl.ssl = ossl.ocsp_store = ossl.ocsp_stack = NULL;
sk_X509_pop_free(ossl.ocsp_chain, X509_free);	/* NULL is harmless */
ossl.ocsp_chain = NULL;
X509_free(ossl.ocsp_leaf);
X509_free(ossl.ocsp_issuer);
ossl.ocsp_leaf = ossl.ocsp_issuer = NULL;
}


/* One name of tls_verify_cert_hostnames against an X509: an IP literal as
4.96 did, a DNS name through the verifier's shared matcher.
Returns 1 match, 0 no match */

int
dane_exim_tls_name_check(const uschar * name, void * cert)
{
X509 * x = cert;
unsigned char * der = NULL;
int len, match = 0;

if (string_is_ip_address(name, NULL) != 0)
  return X509_check_host(x, CCS name, 0,
      X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS
      | X509_CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS, NULL) > 0;

if ((len = i2d_X509(x, &der)) <= 0) return 0;
if (dane_cert_name_check(DANE_BACKEND_DEFAULT, der, (size_t)len, CCS name,
      &match) != DANE_STATUS_OK)
  match = 0;
OPENSSL_free(der);
return match;
}


/*************************************************
*     OpenSSL: certificate verification hook     *
*************************************************/

/* Raise tls:cert for each presented certificate, highest depth first,
through the rule shared with tls-gnu.c and the non-DANE OpenSSL path
(event_tls_cert_chain(), which logs a veto).  Returns FALSE if the event
action vetoed one: DANE verification then fails. */

static BOOL
dane_exim_openssl_events(STACK_OF(X509) * chain, int num)
{
#ifdef EXPERIMENTAL_EVENT
void * certs[EVENT_TLS_CERT_MAX];
int depth = 0;
uschar * yield;

for (int i = 0; i < num && i < EVENT_TLS_CERT_MAX; i++)
  certs[i] = sk_X509_value(chain, i);
if (!(yield = event_tls_cert_chain(dane_exim.event_action, dane_exim.tlsp,
	certs, num, &depth)))
  return TRUE;
dane_exim_event_veto(depth, yield);
if (!dane_exim.tlsp->peercert && depth >= 0 && depth < EVENT_TLS_CERT_MAX)
  dane_exim.tlsp->peercert = X509_dup(certs[depth]);	/* failing cert */
return FALSE;

#elif !defined(DISABLE_EVENT)		/* upstream's event_raise() */
tls_support * tlsp = dane_exim.tlsp;

if (!dane_exim.event_action) return TRUE;
for (int depth = num - 1; depth >= 0; depth--)
  {
  void * old = tlsp->peercert;
  uschar * yield;

  tlsp->peercert = sk_X509_value(chain, depth);
  yield = event_raise(dane_exim.event_action, US"tls:cert",
	    string_sprintf("%d", depth), &errno);
  tlsp->peercert = old;
  if (yield)
    {
    log_write(0, LOG_MAIN, "[%s] DANE verify denied by event-action: "
      "depth=%d: %.255s", deliver_host_address, depth, yield);
    dane_exim_event_veto(depth, yield);
    return FALSE;
    }
  }
return TRUE;
#else
return TRUE;
#endif
}


#ifndef DISABLE_OCSP
/* The issuer of cert among the presented certificates: its name and key
identifiers fit (X509_check_issued) and its key verifies cert's signature.
Returns NULL if the server did not send it. */

static X509 *
dane_exim_openssl_issuer(STACK_OF(X509) * chain, int num, X509 * cert)
{
for (int i = 1; i < num; i++)
  {
  X509 * c = sk_X509_value(chain, i);
  EVP_PKEY * k;

  if (c == cert || X509_check_issued(c, cert) != X509_V_OK) continue;
  if ((k = X509_get0_pubkey(c)) && X509_verify(cert, k) == 1) return c;
  ERR_clear_error();
  }
return NULL;
}


/* When a stapled response is to be checked (dane_exim_openssl_ocsp(), so
never on a connection where the server stapled nothing): from the chain
DANE verified, keep the leaf and its issuer for the OCSP check, and give the
OCSP store the verified path ABOVE the leaf: from the leaf's issuer up to
the DANE-TA anchor's depth (never the leaf itself, never a certificate the
server sent beside the path).  The store gets X509_V_FLAG_PARTIAL_CHAIN: the
DANE-TA anchor is trusted without the root.  Under DANE-EE (depth 0)
nothing above the leaf was verified, so the store stays empty and no
stapled response can verify. */

static void
dane_exim_openssl_ocsp_path(STACK_OF(X509) * chain, int num)
{
X509_STORE * st = ossl.ocsp_store;
STACK_OF(X509) * sk = ossl.ocsp_stack;
X509 * cur = sk_X509_value(chain, 0);
dane_result r;

if (!st || !cur || dane_get_result(dane_exim.ctx, &r) != DANE_STATUS_OK)
  return;
if (X509_up_ref(cur) == 1) ossl.ocsp_leaf = cur;
(void) X509_STORE_set_flags(st, X509_V_FLAG_PARTIAL_CHAIN);

for (int d = 1; d <= r.depth && d <= DANE_MAX_CHAIN; d++)
  {
  X509 * iss = dane_exim_openssl_issuer(chain, num, cur);

  if (!iss) break;			/* an anchor the server did not send */
  if (d == 1 && X509_up_ref(iss) == 1) ossl.ocsp_issuer = iss;
  if (!X509_STORE_add_cert(st, iss)) ERR_clear_error();
  if (sk && X509_up_ref(iss) == 1 && !sk_X509_push(sk, iss)) X509_free(iss);
  cur = iss;
  }
DEBUG(D_tls) debug_printf("DANE: OCSP store: %s verified issuer, depth %d\n",
  ossl.ocsp_issuer ? "the leaf's" : "no", r.depth);
}
#endif	/*!DISABLE_OCSP*/


/* The chain as presented, leaf first: on the client OpenSSL hands the
peer's chain with the leaf in it; make sure of it.  At most one certificate
over DANE_MAX_CHAIN (enough for the verdict chain-too-long).

Returns:	a new stack of the certificates (not owned), or NULL */

static STACK_OF(X509) *
dane_exim_openssl_presented(X509_STORE_CTX * sctx)
{
X509 * leaf = X509_STORE_CTX_get0_cert(sctx);
STACK_OF(X509) * presented = X509_STORE_CTX_get0_untrusted(sctx);
STACK_OF(X509) * chain;

if (!(chain = sk_X509_new_null()))
  return NULL;
if (leaf) (void) sk_X509_push(chain, leaf);
if (presented)
  for (int i = 0; i < sk_X509_num(presented) && sk_X509_num(chain) <= DANE_MAX_CHAIN; i++)
    {
    X509 * c = sk_X509_value(presented, i);
    if (i == 0 && leaf && X509_cmp(c, leaf) == 0) continue;
    (void) sk_X509_push(chain, c);
    }
return chain;
}


/* The certificates as DER, in tainted store; one that does not encode or
is too long gets a length the verifier's length check refuses.  Beside
each, its X509 as a hint (dane_add_chain_der_hint()): the verifier's
OpenSSL backend then need not decode again what OpenSSL already decoded,
when the X509 encodes to exactly this DER. */

static void
dane_exim_openssl_der(STACK_OF(X509) * chain, int num, const uschar *** derp,
  size_t ** der_lenp, void *** hintp)
{
const uschar ** der = store_get(num * sizeof(uschar *) + 1, GET_UNTAINTED);
size_t * der_len = store_get(num * sizeof(size_t) + 1, GET_UNTAINTED);
void ** hint = store_get(num * sizeof(void *) + 1, GET_UNTAINTED);

for (int i = 0; i < num; i++)
  {
  int len = i2d_X509(sk_X509_value(chain, i), NULL);
  uschar * p;

  hint[i] = sk_X509_value(chain, i);
  if (len <= 0 || len > DANE_MAX_CERT_DER)
    {
    der_len[i] = DANE_MAX_CERT_DER + 1;	/* refused by the length check */
    der[i] = US"";
    continue;
    }
  der[i] = p = store_get(len, GET_TAINTED);
  der_len[i] = i2d_X509(sk_X509_value(chain, i), &p);
  }
*derp = der;
*der_lenp = der_len;
*hintp = hint;
}


/* Replaces X509_verify_cert() for the SSL_CTX.  For the DANE-verified SSL,
the chain the server PRESENTED goes to the verifier (no local trust store,
no chain building by OpenSSL); for any other SSL on the same context,
OpenSSL's own verification as before.

Returns:	1 verified, 0 not (the handshake then fails: SSL_VERIFY_PEER) */

static int
dane_exim_openssl_cert_verify(X509_STORE_CTX * sctx, void * arg)
{
SSL * ssl = X509_STORE_CTX_get_ex_data(sctx,
	      SSL_get_ex_data_X509_STORE_CTX_idx());
STACK_OF(X509) * chain;
int num;
const uschar ** der;
size_t * der_len;
void ** hints;
BOOL verified = FALSE;

if (!dane_exim.in_force || !ssl || (void *)ssl != ossl.ssl)
  return X509_verify_cert(sctx);

if (!(chain = dane_exim_openssl_presented(sctx)))
  return 0;
num = sk_X509_num(chain);

if (dane_exim_openssl_events(chain, num))
  {
  dane_exim_openssl_der(chain, num, &der, &der_len, &hints);
  if ((verified = dane_exim_verify_chain(der, der_len, hints, (size_t)num)))

    /* A stapled OCSP response is checked against the DANE-verified path
    above the leaf only; that path is found only if one comes
    (dane_exim_openssl_ocsp()).  Keep the chain for it (new references). */

    if (ossl.ocsp_store && !ossl.ocsp_chain)
      ossl.ocsp_chain = X509_chain_up_ref(chain);
  }
sk_X509_free(chain);
X509_STORE_CTX_set_error(sctx,
  verified ? X509_V_OK : X509_V_ERR_APPLICATION_VERIFICATION);
return verified ? 1 : 0;
}


/* Install the DANE verification hook on an SSL_CTX (idempotent; harmless
for SSLs that are not DANE-verified). */

void
dane_exim_openssl_ctx_init(void * ctx)
{
SSL_CTX_set_cert_verify_callback((SSL_CTX *)ctx,
  dane_exim_openssl_cert_verify, NULL);
}


/* Per SSL: a certificate is required and its verification is ours.  The
verify mode is set on the SSL, not the possibly shared SSL_CTX. */

void
dane_exim_openssl_ssl_init(void * ssl, void * ocsp_store, void * ocsp_stack)
{
ossl.ssl = ssl;
ossl.ocsp_store = ocsp_store;
ossl.ocsp_stack = ocsp_stack;
SSL_set_verify((SSL *)ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
  NULL);
}


# ifndef DISABLE_OCSP
/*************************************************
*   OpenSSL: a stapled OCSP response under DANE  *
*************************************************/

/* A response whose signature verified: a status for the leaf's CertID
(with its verified issuer), in date, good.

Returns:	OCSP_VFIED or OCSP_FAILED (the reason logged) */

static int
dane_exim_openssl_ocsp_status(OCSP_BASICRESP * bs, X509 * leaf, X509 * issuer)
{
OCSP_CERTID * id;
ASN1_GENERALIZEDTIME * rev, * thisupd, * nextupd;
int status, reason, rc;

if (!(id = OCSP_cert_to_id(NULL, leaf, issuer)))
  {
  ERR_clear_error();
  log_write(0, LOG_MAIN, "DANE: stapled OCSP response: no certificate ID");
  return OCSP_FAILED;
  }
rc = OCSP_resp_find_status(bs, id, &status, &reason, &rev,
	&thisupd, &nextupd);
OCSP_CERTID_free(id);
if (rc <= 0)
  {
  log_write(0, LOG_MAIN, "DANE: stapled OCSP response has no status for"
    " the server certificate");
  return OCSP_FAILED;
  }

if (!OCSP_check_validity(thisupd, nextupd, DANE_EXIM_OCSP_SKEW, -1L))
  {
  ERR_clear_error();
  log_write(0, LOG_MAIN, "OCSP dates invalid");
  return OCSP_FAILED;
  }

return dane_exim_ocsp_status(
  status == V_OCSP_CERTSTATUS_GOOD ? DANE_EXIM_OCSP_GOOD
  : status == V_OCSP_CERTSTATUS_REVOKED ? DANE_EXIM_OCSP_REVOKED
  : DANE_EXIM_OCSP_UNKNOWN,
  status == V_OCSP_CERTSTATUS_REVOKED && reason != -1
  ? OCSP_crl_reason_str(reason) : NULL);
}


/* Called from tls-openssl.c's stapling callback when the server stapled a
response.  OpenSSL (1.1.1 and 3.0, ssl/statem/statem_clnt.c) calls the
status callback from tls_process_initial_server_flight(): after ServerDone
in TLS 1.2 (the CertificateStatus message follows Certificate), after the
server's Finished in TLS 1.3 (the response rides in the leaf's
CertificateEntry); the certificate verification hook ran on the
Certificate message before, in both.  The response counts only if
  - its signature verifies against the DANE-verified path above the leaf
    (dane_exim_openssl_ocsp_path(): the issuer itself or a responder it
    delegated to; OCSP_basic_verify() must return 1, anything <= 0 fails,
    whether or not OpenSSL left an error), and
  - it carries a status for the CertID of the leaf with its verified
    issuer (OCSP_resp_find_status(); a response about another certificate,
    or one naming another issuer, has none), and
  - that status is good and its dates are valid.
A response signed by a certificate the server merely appended to its
chain, or by the leaf's own key, fails the first or the second test.

Arguments:
  bs		the OCSP_BASICRESP of the stapled response

Returns:	OCSP_VFIED or OCSP_FAILED (for tls_out.ocsp); the reason of a
		failure is logged
*/

int
dane_exim_openssl_ocsp(void * bs)
{
X509 * leaf, * issuer;
int rc;

if (ossl.ocsp_chain)		/* the verified path, once per connection */
  {
  dane_exim_openssl_ocsp_path(ossl.ocsp_chain, sk_X509_num(ossl.ocsp_chain));
  sk_X509_pop_free(ossl.ocsp_chain, X509_free);
  ossl.ocsp_chain = NULL;
  }
leaf = ossl.ocsp_leaf;
issuer = ossl.ocsp_issuer;

if (!leaf || !issuer || !ossl.ocsp_store)
  {
  log_write(0, LOG_MAIN, "DANE: stapled OCSP response not usable: no"
    " DANE-verified issuer of the server certificate (DANE-EE, or the"
    " anchor was not sent)");
  return OCSP_FAILED;
  }

ERR_clear_error();
if ((rc = OCSP_basic_verify((OCSP_BASICRESP *)bs,
	(STACK_OF(X509) *)ossl.ocsp_stack,
	(X509_STORE *)ossl.ocsp_store, OCSP_NOEXPLICIT)) <= 0)
  {
  unsigned long e = ERR_peek_error();
  DEBUG(D_tls) debug_printf("DANE: OCSP_basic_verify: %d: %s\n", rc,
    e ? ERR_reason_error_string(e) : "no error");
  log_write(0, LOG_MAIN, "DANE: stapled OCSP response not signed by the"
    " DANE-verified issuer or its responder");
  ERR_clear_error();
  return OCSP_FAILED;
  }

return dane_exim_openssl_ocsp_status((OCSP_BASICRESP *)bs, leaf, issuer);
}
# endif	/*!DISABLE_OCSP*/

#endif	/*EXPERIMENTAL_DANE && USE_OPENSSL*/

/* End of dane_exim_openssl.c */
