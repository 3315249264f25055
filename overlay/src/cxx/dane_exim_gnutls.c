/*************************************************
*     Exim - an Internet mail transport agent    *
*************************************************/

/* DANE (RFC 7672) on the TLS client side, the GnuTLS part: after the
handshake the PRESENTED chain goes to the verifier as DER (no PKIX
fallthrough), the OCSP check against the DANE-verified issuer, and the
certificate name check.  The shared part is dane_exim.c (see dane_exim.h
for the order of calls, dane_exim_int.h for what the two parts share).
Compiles to nothing without USE_GNUTLS. */

#include "../exim.h"

#if defined(EXPERIMENTAL_DANE) && defined(USE_GNUTLS)

#include "dane_verify.h"
#include "dane_exim.h"
#include "dane_exim_int.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#ifndef DISABLE_OCSP
# include <gnutls/ocsp.h>
#endif


/* Nothing of the connection is kept here. */

void
dane_exim_tls_reset(void)
{
}


/* One name of tls_verify_cert_hostnames against a gnutls_x509_crt_t: an IP
literal as 4.96 did, a DNS name through the verifier's shared matcher.
Returns 1 match, 0 no match */

int
dane_exim_tls_name_check(const uschar * name, void * cert)
{
gnutls_x509_crt_t x = cert;
gnutls_datum_t d = { .data = NULL, .size = 0 };
int match = 0;

if (string_is_ip_address(name, NULL) != 0)
  return gnutls_x509_crt_check_hostname(x, CCS name) != 0;

if (gnutls_x509_crt_export2(x, GNUTLS_X509_FMT_DER, &d) != 0) return 0;
if (dane_cert_name_check(DANE_BACKEND_DEFAULT, d.data, d.size, CCS name,
      &match) != DANE_STATUS_OK)
  match = 0;
gnutls_free(d.data);
return match;
}


/*************************************************
*     GnuTLS: verify after the handshake         *
*************************************************/

/* The chain the server presented (gnutls_certificate_get_peers: DER, leaf
first) goes to the verifier.  Its verdict is final: no PKIX fallthrough.

Arguments:
  session	the gnutls_session_t
  errstr	where to put the failure text

Returns:	TRUE if DANE-verified
*/

BOOL
dane_exim_gnutls_verify(void * session, uschar ** errstr)
{
unsigned num = 0;
const gnutls_datum_t * list =
  gnutls_certificate_get_peers((gnutls_session_t)session, &num);
const uschar ** der;
size_t * der_len;

if (!list || num == 0)
  {
  dane_exim_fail(DANE_REASON_CHAIN_EMPTY, NULL,
    US"no certificate presented");
  *errstr = US dane_exim.failure;
  return FALSE;
  }
if (num > DANE_MAX_CHAIN + 1) num = DANE_MAX_CHAIN + 1;

der = store_get(num * sizeof(uschar *), GET_UNTAINTED);
der_len = store_get(num * sizeof(size_t), GET_UNTAINTED);
for (unsigned i = 0; i < num; i++)
  {
  uschar * p;

  der_len[i] = list[i].size;
  if (list[i].size > DANE_MAX_CERT_DER)
    {				/* refused by the length check, not copied */
    der[i] = US"";
    continue;
    }
  der[i] = p = store_get(list[i].size ? list[i].size : 1, GET_TAINTED);
  memcpy(p, list[i].data, list[i].size);
  }

if (dane_exim_verify_chain(der, der_len, NULL, (size_t)num))
  return TRUE;
*errstr = US dane_exim.failure;
return FALSE;
}


# ifndef DISABLE_OCSP
/*************************************************
*   GnuTLS: a stapled OCSP response under DANE   *
*************************************************/

/* GnuTLS checks a stapled response only inside its own PKIX verification,
which DANE replaces; here the response is checked as on OpenSSL
(dane_exim_openssl_ocsp()): against the leaf's DANE-verified issuer
(gnutls_ocsp_resp_verify_direct(): the issuer itself, or a responder it
certified for OCSP signing), for the leaf (gnutls_ocsp_resp_check_crt():
serial and issuer name), good, and in date.

The issuer is the presented certificate that issued the leaf (names and
signature), when the DANE-TA match was above the leaf; under DANE-EE nothing
above the leaf was verified and no response can verify. */

static gnutls_x509_crt_t
dane_exim_gnutls_issuer(const gnutls_datum_t * list, unsigned num,
  gnutls_x509_crt_t leaf)
{
for (unsigned i = 1; i < num && i <= DANE_MAX_CHAIN; i++)
  {
  gnutls_x509_crt_t c;
  unsigned vstatus = 1;

  if (gnutls_x509_crt_init(&c) != 0) return NULL;
  if (  gnutls_x509_crt_import(c, &list[i], GNUTLS_X509_FMT_DER) == 0
     && gnutls_x509_crt_check_issuer(leaf, c) == 1
     && gnutls_x509_crt_verify(leaf, &c, 1,
	  GNUTLS_VERIFY_DISABLE_TIME_CHECKS
	  | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS, &vstatus) == 0
     && vstatus == 0)
    return c;
  gnutls_x509_crt_deinit(c);
  }
return NULL;
}


/* The leaf and its DANE-verified issuer, both imported; FALSE (and
nothing to free) if there is none: DANE-EE, or the anchor was not sent. */

static BOOL
dane_exim_gnutls_ocsp_certs(gnutls_session_t session, gnutls_x509_crt_t * leaf,
  gnutls_x509_crt_t * issuer)
{
unsigned num = 0;
const gnutls_datum_t * list = gnutls_certificate_get_peers(session, &num);
dane_result r;

*leaf = *issuer = NULL;
if (  !list || num == 0 || !dane_exim.ctx
   || dane_get_result(dane_exim.ctx, &r) != DANE_STATUS_OK || !r.verified
   || r.depth < 1)
  return FALSE;
if (gnutls_x509_crt_init(leaf) != 0) { *leaf = NULL; return FALSE; }
if (  gnutls_x509_crt_import(*leaf, &list[0], GNUTLS_X509_FMT_DER) != 0
   || !(*issuer = dane_exim_gnutls_issuer(list, num, *leaf)))
  {
  gnutls_x509_crt_deinit(*leaf);
  *leaf = NULL;
  return FALSE;
  }
return TRUE;
}


/* A parsed, successful response: signed by the issuer or its responder, a
status for the leaf, in date, good.

Returns:	OCSP_VFIED or OCSP_FAILED; *why set for some failures (the
		others are logged here) */

static int
dane_exim_gnutls_ocsp_status(gnutls_ocsp_resp_t resp, gnutls_x509_crt_t leaf,
  gnutls_x509_crt_t issuer, const char ** why)
{
unsigned verify = 1, cstatus, reason;
time_t thisupd, nextupd, revtime, now = time(NULL);
int idx = -1;

if (gnutls_ocsp_resp_verify_direct(resp, issuer, &verify, 0) != 0 || verify)
  {
  *why = "not signed by the DANE-verified issuer or its responder";
  return OCSP_FAILED;
  }

for (int i = 0; i < DANE_MAX_RECORDS; i++)
  {
  int rc = gnutls_ocsp_resp_check_crt(resp, i, leaf);
  if (rc == 0) { idx = i; break; }
  if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) break;
  }
if (  idx < 0
   || gnutls_ocsp_resp_get_single(resp, idx, NULL, NULL, NULL, NULL,
	&cstatus, &thisupd, &nextupd, &revtime, &reason) != 0)
  {
  *why = "has no status for the server certificate";
  return OCSP_FAILED;
  }

if (  thisupd == (time_t)-1 || thisupd > now + DANE_EXIM_OCSP_SKEW
   || (nextupd != (time_t)-1 && nextupd < now - DANE_EXIM_OCSP_SKEW))
  {
  log_write(0, LOG_MAIN, "OCSP dates invalid");
  return OCSP_FAILED;
  }

return dane_exim_ocsp_status(
  cstatus == GNUTLS_OCSP_CERT_GOOD ? DANE_EXIM_OCSP_GOOD
  : cstatus == GNUTLS_OCSP_CERT_REVOKED ? DANE_EXIM_OCSP_REVOKED
  : DANE_EXIM_OCSP_UNKNOWN, NULL);
}


/* Arguments:
  session	the gnutls_session_t, after the handshake and DANE verification

Returns:	OCSP_NOT_RESP (nothing stapled), OCSP_VFIED, or OCSP_FAILED
		(reason logged); for tls_out.ocsp
*/

int
dane_exim_gnutls_ocsp(void * session)
{
gnutls_datum_t stapled;
gnutls_x509_crt_t leaf, issuer;
gnutls_ocsp_resp_t resp = NULL;
int yield = OCSP_FAILED;
const char * why = NULL;

if (gnutls_ocsp_status_request_get((gnutls_session_t)session, &stapled) != 0)
  return OCSP_NOT_RESP;

if (!dane_exim_gnutls_ocsp_certs((gnutls_session_t)session, &leaf, &issuer))
  why = "not usable: no DANE-verified issuer of the server certificate"
	" (DANE-EE, or the anchor was not sent)";
else if (  gnutls_ocsp_resp_init(&resp) != 0
	|| gnutls_ocsp_resp_import(resp, &stapled) != 0
	|| gnutls_ocsp_resp_get_status(resp) != GNUTLS_OCSP_RESP_SUCCESSFUL)
  why = "cannot be parsed, or is not a successful response";
else
  yield = dane_exim_gnutls_ocsp_status(resp, leaf, issuer, &why);

if (why)
  log_write(0, LOG_MAIN, "DANE: stapled OCSP response %s", why);
if (resp) gnutls_ocsp_resp_deinit(resp);
if (issuer) gnutls_x509_crt_deinit(issuer);
if (leaf) gnutls_x509_crt_deinit(leaf);
return yield;
}
# endif	/*!DISABLE_OCSP*/

#endif	/*EXPERIMENTAL_DANE && USE_GNUTLS*/

/* End of dane_exim_gnutls.c */
