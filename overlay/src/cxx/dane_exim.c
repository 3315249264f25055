/*************************************************
*     Exim - an Internet mail transport agent    *
*************************************************/

/* DANE (RFC 7672) on the TLS client side through the overlay's verifier:
the glue between tls-openssl.c / tls-gnu.c and dane_verify.h.  See
dane_exim.h for the order of calls and for ownership.

Everything that came from DNS (TLSA RDATA, the reference identifiers) or
from the peer (its certificates) is bounded here before it reaches the
verifier, copied into tainted store, and never logged other than as
numbers, fixed texts, or names cut at 255 characters. */

#include "../exim.h"

#ifdef EXPERIMENTAL_DANE

#include "../transports/smtp.h"
#include "dane_verify.h"
#include "dane_exim.h"
#include "event_glue.h"

#ifdef USE_OPENSSL
# include <openssl/ssl.h>
# include <openssl/x509.h>
# include <openssl/x509v3.h>
# include <openssl/err.h>
# ifndef DISABLE_OCSP
#  include <openssl/ocsp.h>
# endif
#endif
#ifdef USE_GNUTLS
# include <gnutls/gnutls.h>
# include <gnutls/x509.h>
# ifndef DISABLE_OCSP
#  include <gnutls/ocsp.h>
# endif
#endif


/* Clock skew allowed for OCSP dates, as tls-openssl.c's */
#define DANE_EXIM_OCSP_SKEW	300L

/* The state of the one outbound TLS connection of this process */

static struct {
  dane_ctx *		ctx;		/* verifier context, records + names */
  BOOL			active;		/* TLSA RRset given for this connection */
  BOOL			in_force;	/* at least one usable record */
  const uschar *	base;		/* TLSA base domain (SNI) */
  uschar *		event_action;	/* transport's, for tls:cert */
  tls_support *		tlsp;
  const uschar *	failure;	/* text of the last DANE failure */
#ifdef USE_OPENSSL
  void *		ssl;		/* the SSL that is DANE-verified */
  void *		ocsp_store;	/* X509_STORE for a stapled OCSP ... */
  void *		ocsp_stack;	/* ... and its STACK_OF(X509), or NULL */
  void *		ocsp_leaf;	/* X509: the DANE-verified leaf ... */
  void *		ocsp_issuer;	/* ... and its verified issuer, or NULL */
#endif
} dane_exim = { .ctx = NULL };



/*************************************************
*    Record a DANE failure for the transport     *
*************************************************/

/* Sets tls_out.dane_reason/_tlsrpt/_detail and the failure text.

Arguments:
  reason	reason code (static)
  tlsrpt	RFC 8460 s4.3 result type (static)
  detail	bounded detail text, in the current pool
*/

static void
dane_exim_fail(const uschar * reason, const uschar * tlsrpt,
  const uschar * detail)
{
tls_support * tlsp = dane_exim.tlsp;

tlsp->dane_reason = reason;
tlsp->dane_tlsrpt = tlsrpt;
tlsp->dane_detail = detail;
tlsp->dane_verified = FALSE;
dane_exim.failure = string_sprintf("DANE: %s (%s): %s", reason, tlsrpt, detail);
DEBUG(D_tls) debug_printf("DANE: %s\n", dane_exim.failure);
}



/*************************************************
*         Set up DANE for a client connection    *
*************************************************/

/* Called at the start of tls_client_start() on both backends.

Arguments:
  conn_args	connection details: dane, tlsa_dnsa, dane_names, host, tblock
  tlsp		tls_out
  errstr	where to put an error message

Returns:	OK, or DEFER (host not to be used; *errstr set)
*/

int
dane_exim_client_setup(smtp_connect_args * conn_args, tls_support * tlsp,
  uschar ** errstr)
{
host_item * host = conn_args->host;
transport_instance * tb = conn_args->tblock;
smtp_transport_options_block * ob = tb
  ? (smtp_transport_options_block *)tb->options_block : NULL;
const uschar * single[2];
const uschar ** names;
dns_scan dnss;
size_t nrec = 0, nusable = 0;
unsigned bits = 0;
gstring * g = NULL;
dane_status st;

dane_ctx_free(dane_exim.ctx);
dane_exim.ctx = NULL;
dane_exim.active = dane_exim.in_force = FALSE;
dane_exim.base = NULL;
dane_exim.failure = NULL;
dane_exim.tlsp = tlsp;
dane_exim.event_action = tb ? tb->event_action : NULL;
#ifdef USE_OPENSSL
dane_exim.ssl = dane_exim.ocsp_store = dane_exim.ocsp_stack = NULL;
X509_free(dane_exim.ocsp_leaf);		/* NULL is harmless */
X509_free(dane_exim.ocsp_issuer);
dane_exim.ocsp_leaf = dane_exim.ocsp_issuer = NULL;
#endif

tlsp->dane_verified = FALSE;
tlsp->tlsa_usage = 0;
tlsp->dane_reason = tlsp->dane_tlsrpt = tlsp->dane_detail = NULL;
tlsp->dane_matched = NULL;

if (!conn_args->dane) return OK;
dane_exim.active = TRUE;

/* The reference identifiers (RFC 7672 s3.2.2); [0] is the TLSA base
domain.  Without a list from the transport, the host name alone. */

if (!(names = conn_args->dane_names) || !names[0])
  {
  single[0] = host->name;
  single[1] = NULL;
  names = single;
  }
dane_exim.base = names[0];

if ((st = dane_ctx_new(DANE_BACKEND_DEFAULT, &dane_exim.ctx)) != DANE_STATUS_OK)
  {
  dane_exim_fail(US"internal-error", US"validation-failure",
    string_sprintf("verifier context: status %d", (int)st));
  *errstr = string_copy(dane_exim.failure);
  return DEFER;
  }

for (int i = 0; names[i]; i++)
  if (  i >= DANE_MAX_NAMES
     || Ustrlen(names[i]) > DANE_MAX_NAME_LEN
     || dane_add_reference_name(dane_exim.ctx, CCS names[i]) != DANE_STATUS_OK)
    {
    dane_exim_fail(US"internal-error", US"validation-failure",
      string_sprintf("reference identifier %d unusable", i));
    *errstr = string_copy(dane_exim.failure);
    return DEFER;
    }

/* The TLSA RRset, raw RDATA as it came from DNS (RFC 6698 s2.1): each
record is copied into tainted store before the verifier sees it.  The
verifier judges each record.  More than DANE_MAX_RECORDS is an RRset we
cannot use: the transport's policy has deferred the host already (twin:
tlsa_usability() in dane_policy_exim.c); here it is the same defer. */

for (dns_record * rr = dns_next_rr(&conn_args->tlsa_dnsa, &dnss, RESET_ANSWERS);
     rr; rr = dns_next_rr(&conn_args->tlsa_dnsa, &dnss, RESET_NEXT))
  if (rr->type == T_TLSA)
    {
    uschar * rdata;

    if (nrec >= DANE_MAX_RECORDS || rr->size < 0 || rr->size > DANE_MAX_RDATA)
      {
      dane_exim_fail(US"too-many-records", US"tlsa-invalid",
	string_sprintf("more than %d TLSA records for %.255s, or one too long",
	  DANE_MAX_RECORDS, dane_exim.base));
      *errstr = string_copy(dane_exim.failure);
      return DEFER;
      }
    rdata = store_get(rr->size ? rr->size : 1, GET_TAINTED);
    memcpy(rdata, rr->data, rr->size);
    if ((st = dane_add_tlsa_rdata(dane_exim.ctx, rdata, rr->size))
	!= DANE_STATUS_OK)
      {
      dane_exim_fail(US"internal-error", US"tlsa-invalid",
	string_sprintf("TLSA record %d: status %d", (int)nrec, (int)st));
      *errstr = string_copy(dane_exim.failure);
      return DEFER;
      }
    nrec++;
    }

/* Which records are usable (RFC 7672 s3.1: DANE-TA(2) and DANE-EE(3) with
a known selector and matching type and a digest of the right length; a full
value that parses, RFC 6698 s2.1.2; digest agility, RFC 7671 s9).  The
states are final only once classified. */

if ((st = dane_classify_records(dane_exim.ctx, NULL)) != DANE_STATUS_OK)
  {
  dane_exim_fail(US"internal-error", US"tlsa-invalid",
    string_sprintf("TLSA records not classified: status %d", (int)st));
  *errstr = string_copy(dane_exim.failure);
  return DEFER;
  }

for (size_t i = 0; i < nrec; i++)
  {
  dane_record_info ri;
  if (dane_get_record(dane_exim.ctx, i, &ri) != DANE_STATUS_OK) continue;
  DEBUG(D_tls) debug_printf("DANE: TLSA record %d: %d %d %d, %d bytes: %s\n",
    (int)i, ri.usage, ri.selector, ri.mtype, (int)ri.data_len,
    dane_record_state_text(ri.state));
  if (ri.state == DANE_RECORD_USABLE)
    {
    nusable++;
    bits |= 1u << ri.usage;
    }
  else
    g = string_fmt_append(g, "%s%d:%s", g ? " " : "", (int)i,
	  dane_record_state_text(ri.state));
  }

if (nusable == 0)
  {
  /* RFC 7672 s2.2: records present, none usable.  Under hosts_require_dane
  the host is not used; otherwise TLS without DANE, the transport's ordinary
  verification settings apply (the transport forces TLS). */

  const uschar * why = g ? string_from_gstring(g) : US"none";
  if (ob && verify_check_given_host(CUSS &ob->hosts_require_dane, host) == OK)
    {
    /* Not reached: the transport does not use such a host (its DANE policy
    defers it before connecting).  If it ever is, the host is still not
    used: never TLS without DANE when DANE is required. */

    DEBUG(D_tls) debug_printf("DANE: internal: hosts_require_dane host %s"
      " with no usable TLSA record reached the TLS layer\n", host->name);
    dane_exim_fail(US"internal-error", US"tlsa-invalid",
      US"hosts_require_dane, no usable TLSA record");
    *errstr = string_copy(dane_exim.failure);
    return DEFER;
    }
  log_write(0, LOG_MAIN, "DANE: no usable TLSA records for %.255s "
    "(%d records: %s); TLS without DANE to %s [%s]", dane_exim.base,
    (int)nrec, why, host->name, host->address);
  return OK;
  }

dane_exim.in_force = TRUE;
tlsp->tlsa_usage = (int)bits;
#ifndef DISABLE_TLS_RESUME
/* No resumption under DANE: a resumed session shows no chain to verify and
its verdict is not stored with it; force a full handshake.  Also drop what
an earlier connection of this process may have left. */
tlsp->host_resumable = FALSE;
#endif
(void) dane_set_time(dane_exim.ctx, time(NULL));
DEBUG(D_tls) debug_printf("DANE: in force for %s: %d of %d records usable,"
  " usage bits 0x%x\n", dane_exim.base, (int)nusable, (int)nrec, bits);
return OK;
}


/* A tls:cert event_action refused a certificate of a DANE connection.  A
veto is local policy, not a fault of the certificate: the dane:fail event
carries validation-failure, and the reason says the event refused it.  Both
backends come here (OpenSSL from dane_exim_openssl_events(), GnuTLS from
its verify_cb()).

Arguments:
  depth		the certificate's depth, or -1 if the chain was refused whole
  yield		what the event_action returned (bounded here), or NULL
*/

void
dane_exim_event_veto(int depth, const uschar * yield)
{
if (!dane_exim.in_force || !dane_exim.tlsp) return;
dane_exim_fail(US"event-veto", US"validation-failure",
  string_sprintf("the tls:cert event refused the certificate%s: %.64s",
    depth >= 0 ? string_sprintf(" at depth %d", depth) : US"",
    yield ? string_printing(yield) : US""));
}


/*************************************************
*   After the handshake: DANE must have run      *
*************************************************/

/* Under DANE a completed handshake is used only when the verifier gave its
verdict on the certificate chain (RFC 7672 s2.2: with usable TLSA records,
authentication is mandatory).  A handshake can complete without one: an
anonymous cipher suite sends no certificate, and OpenSSL then never calls
the verification hook.  Such a connection is not used (the transport
defers the host and raises dane:fail).  Both backends call this once the
handshake has succeeded.

Arguments:
  cipher	the negotiated cipher suite's name, for the log, or NULL
  errstr	where to put the failure text

Returns:	TRUE if DANE is not in force, or the chain was DANE-verified
*/

BOOL
dane_exim_handshake_verdict(const uschar * cipher, uschar ** errstr)
{
if (!dane_exim.in_force || !dane_exim.tlsp || dane_exim.tlsp->dane_verified)
  return TRUE;
if (!dane_exim.failure)
  dane_exim_fail(US"no-verdict", US"validation-failure",
    string_sprintf("%.255s: TLS handshake completed without a DANE verdict"
      " (no certificate chain verified; cipher %.64s)", dane_exim.base,
      cipher ? string_printing(cipher) : US"unknown"));
*errstr = string_sprintf("(certificate verification failed): %s",
  dane_exim.failure);
return FALSE;
}


/* TRUE when this connection must be DANE-verified. */

BOOL
dane_exim_in_force(void)
{
return dane_exim.in_force;
}


/* Under DANE (records present, usable or not), the SNI is the TLSA base
domain (RFC 7672 s3.2.2, RFC 6066), whatever tls_sni says. */

void
dane_exim_sni(uschar ** snip)
{
if (dane_exim.active && dane_exim.base)
  {
  DEBUG(D_tls) debug_printf("DANE: SNI is the TLSA base domain \"%s\"\n",
    dane_exim.base);
  *snip = string_copy(dane_exim.base);
  }
}


/* The text of the last DANE failure on this connection, or NULL. */

const uschar *
dane_exim_failure(void)
{
return dane_exim.in_force ? dane_exim.failure : NULL;
}



/*************************************************
*     Verify the presented chain with DANE       *
*************************************************/

/* Arguments:
  der		the certificates as presented, leaf first, DER
  der_len	their lengths
  num		how many

Returns:	TRUE if DANE-verified; else FALSE, with the failure recorded
*/

static BOOL
dane_exim_verify_chain(const uschar * const * der, const size_t * der_len,
  size_t num)
{
tls_support * tlsp = dane_exim.tlsp;
dane_result r;
dane_status st;

if (!dane_exim.ctx || !dane_exim.in_force)
  {
  dane_exim_fail(US"internal-error", US"validation-failure",
    US"DANE verification without a TLSA RRset");
  return FALSE;
  }
(void) dane_clear_chain(dane_exim.ctx);

/* More than DANE_MAX_CHAIN gives the verdict chain-too-long; one over the
limit is enough to get it, the rest is not even looked at. */

for (size_t i = 0; i < num && i <= DANE_MAX_CHAIN; i++)
  if (der_len[i] > DANE_MAX_CERT_DER)
    {
    dane_exim_fail(US"chain-malformed", US"validation-failure",
      string_sprintf("certificate at depth %d longer than %d bytes",
	(int)i, DANE_MAX_CERT_DER));
    return FALSE;
    }
  else if ((st = dane_add_chain_der(dane_exim.ctx, der[i], der_len[i]))
	   != DANE_STATUS_OK)
    {
    dane_exim_fail(US"chain-malformed", US"validation-failure",
      string_sprintf("certificate at depth %d: status %d", (int)i, (int)st));
    return FALSE;
    }

if ((st = dane_verify(dane_exim.ctx, &r)) != DANE_STATUS_OK)
  {
  dane_exim_fail(US"internal-error", US"validation-failure",
    string_sprintf("verifier status %d", (int)st));
  return FALSE;
  }

if (r.verified)
  {
  tlsp->dane_verified = TRUE;

  /* The reference identifier a DANE-TA match rested on (none for DANE-EE):
  kept with the connection for the -MC hand-over (smtp.c, transport.c), in
  permanent store as the connection may outlive this message's pool. */

  if (r.matched_name)
    {
    int old_pool = store_pool;
    size_t len = strlen(r.matched_name);

    store_pool = POOL_PERM;
    tlsp->dane_matched = string_copyn_taint(US r.matched_name,
      len > DANE_MAX_NAME_LEN ? DANE_MAX_NAME_LEN : len, GET_TAINTED);
    store_pool = old_pool;
    }
  DEBUG(D_tls) debug_printf("DANE: verified: record %d (%d %d %d) at depth %d"
    "%s%.255s\n", r.record_index, r.usage, r.selector, r.mtype, r.depth,
    r.matched_name ? ", name " : "", r.matched_name ? r.matched_name : "");
  return TRUE;
  }

  {
  gstring * g = string_fmt_append(NULL, "%.255s", dane_exim.base);
  if (r.depth >= 0)
    g = string_fmt_append(g, " depth %d", r.depth);
  if (r.record_index >= 0)
    {
    dane_record_info ri;
    if (dane_get_record(dane_exim.ctx, (size_t)r.record_index, &ri)
	== DANE_STATUS_OK)
      g = string_fmt_append(g, " record %d (%d %d %d)", r.record_index,
	    ri.usage, ri.selector, ri.mtype);
    }
  g = string_fmt_append(g, ", %d certificate%s presented, %d of %d records"
	" usable", (int)num, num == 1 ? "" : "s", (int)r.num_usable,
	(int)r.num_records);
  dane_exim_fail(CUS dane_reason_text(r.reason),
    CUS dane_reason_tlsrpt(r.reason), string_from_gstring(g));
  }
return FALSE;
}



/*************************************************
*   tls_verify_cert_hostnames, shared matcher    *
*************************************************/

/* One name against one certificate; for an IP literal, what 4.96 did.
Returns 1 match, 0 no match */

static int
dane_exim_name_check_one(const uschar * name, void * cert)
{
int match = 0;

if (Ustrlen(name) > DANE_MAX_NAME_LEN) return 0;

#ifdef USE_OPENSSL
  {
  X509 * x = cert;
  unsigned char * der = NULL;
  int len;

  if (string_is_ip_address(name, NULL) != 0)
    return X509_check_host(x, CCS name, 0,
	X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS
	| X509_CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS, NULL) > 0;

  if ((len = i2d_X509(x, &der)) <= 0) return 0;
  if (dane_cert_name_check(DANE_BACKEND_DEFAULT, der, (size_t)len, CCS name,
	&match) != DANE_STATUS_OK)
    match = 0;
  OPENSSL_free(der);
  }
#else	/* USE_GNUTLS */
  {
  gnutls_x509_crt_t x = cert;
  gnutls_datum_t d = { .data = NULL, .size = 0 };

  if (string_is_ip_address(name, NULL) != 0)
    return gnutls_x509_crt_check_hostname(x, CCS name) != 0;

  if (gnutls_x509_crt_export2(x, GNUTLS_X509_FMT_DER, &d) != 0) return 0;
  if (dane_cert_name_check(DANE_BACKEND_DEFAULT, d.data, d.size, CCS name,
	&match) != DANE_STATUS_OK)
    match = 0;
  gnutls_free(d.data);
  }
#endif
return match;
}


/* tls_verify_cert_hostnames: the certificate must carry one of the names
(a colon-list; host->certname in A-label form).  DNS subjectAltNames first,
CN only without any, one wildcard only as the whole leftmost label of a name
of three or more labels (RFC 6125 s6.4.3, as RFC 7672 s3.2.3 restricts it).

Arguments:
  namelist	names to check (untainted or tainted, not expanded)
  cert		X509 * or gnutls_x509_crt_t

Returns:	TRUE if one name matched
*/

BOOL
dane_exim_name_for_cert(const uschar * namelist, void * cert)
{
int sep = 0;
const uschar * list = namelist;
uschar * name;

if (!cert || !namelist) return FALSE;
while ((name = string_nextinlist(&list, &sep, NULL, 0)))
  if (dane_exim_name_check_one(name, cert))
    {
    DEBUG(D_tls) debug_printf("certificate name check: %.255s matched\n", name);
    return TRUE;
    }
DEBUG(D_tls) debug_printf("certificate name check: no match for %.255s\n",
  namelist);
return FALSE;
}



#ifdef USE_OPENSSL
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


/* After a DANE verification that succeeded: keep the leaf and its issuer
for the OCSP check, and give the OCSP store the verified path ABOVE the
leaf: from the leaf's issuer up to the DANE-TA anchor's depth (never the
leaf itself, never a certificate the server sent beside the path).  The
store gets X509_V_FLAG_PARTIAL_CHAIN: the DANE-TA anchor is trusted without
the root.  Under DANE-EE (depth 0) nothing above the leaf was verified, so
the store stays empty and no stapled response can verify. */

static void
dane_exim_openssl_ocsp_path(STACK_OF(X509) * chain, int num)
{
X509_STORE * st = dane_exim.ocsp_store;
STACK_OF(X509) * sk = dane_exim.ocsp_stack;
X509 * cur = sk_X509_value(chain, 0);
dane_result r;

if (!st || !cur || dane_get_result(dane_exim.ctx, &r) != DANE_STATUS_OK)
  return;
if (X509_up_ref(cur) == 1) dane_exim.ocsp_leaf = cur;
(void) X509_STORE_set_flags(st, X509_V_FLAG_PARTIAL_CHAIN);

for (int d = 1; d <= r.depth && d <= DANE_MAX_CHAIN; d++)
  {
  X509 * iss = dane_exim_openssl_issuer(chain, num, cur);

  if (!iss) break;			/* an anchor the server did not send */
  if (d == 1 && X509_up_ref(iss) == 1) dane_exim.ocsp_issuer = iss;
  if (!X509_STORE_add_cert(st, iss)) ERR_clear_error();
  if (sk && X509_up_ref(iss) == 1 && !sk_X509_push(sk, iss)) X509_free(iss);
  cur = iss;
  }
DEBUG(D_tls) debug_printf("DANE: OCSP store: %s verified issuer, depth %d\n",
  dane_exim.ocsp_issuer ? "the leaf's" : "no", r.depth);
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
X509 * leaf = X509_STORE_CTX_get0_cert(sctx);
STACK_OF(X509) * presented = X509_STORE_CTX_get0_untrusted(sctx);
STACK_OF(X509) * chain;
int num;
const uschar ** der;
size_t * der_len;

if (!dane_exim.in_force || !ssl || (void *)ssl != dane_exim.ssl)
  return X509_verify_cert(sctx);

/* The chain as presented, leaf first: on the client OpenSSL hands the
peer's chain with the leaf in it; make sure of it. */

if (!(chain = sk_X509_new_null()))
  return 0;
if (leaf) (void) sk_X509_push(chain, leaf);
if (presented)
  for (int i = 0; i < sk_X509_num(presented) && sk_X509_num(chain) <= DANE_MAX_CHAIN; i++)
    {
    X509 * c = sk_X509_value(presented, i);
    if (i == 0 && leaf && X509_cmp(c, leaf) == 0) continue;
    (void) sk_X509_push(chain, c);
    }
num = sk_X509_num(chain);

if (!dane_exim_openssl_events(chain, num))
  {
  sk_X509_free(chain);
  X509_STORE_CTX_set_error(sctx, X509_V_ERR_APPLICATION_VERIFICATION);
  return 0;
  }

der = store_get(num * sizeof(uschar *) + 1, GET_UNTAINTED);
der_len = store_get(num * sizeof(size_t) + 1, GET_UNTAINTED);
for (int i = 0; i < num; i++)
  {
  int len = i2d_X509(sk_X509_value(chain, i), NULL);
  uschar * p;

  if (len <= 0 || len > DANE_MAX_CERT_DER)
    {
    der_len[i] = DANE_MAX_CERT_DER + 1;	/* refused by the length check */
    der[i] = US"";
    continue;
    }
  der[i] = p = store_get(len, GET_TAINTED);
  der_len[i] = i2d_X509(sk_X509_value(chain, i), &p);
  }

if (dane_exim_verify_chain(der, der_len, (size_t)num))
  {
  /* A stapled OCSP response is checked against the DANE-verified path
  above the leaf only (dane_exim_openssl_ocsp()) */

  dane_exim_openssl_ocsp_path(chain, num);
  sk_X509_free(chain);
  X509_STORE_CTX_set_error(sctx, X509_V_OK);
  return 1;
  }
sk_X509_free(chain);
X509_STORE_CTX_set_error(sctx, X509_V_ERR_APPLICATION_VERIFICATION);
return 0;
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
dane_exim.ssl = ssl;
dane_exim.ocsp_store = ocsp_store;
dane_exim.ocsp_stack = ocsp_stack;
SSL_set_verify((SSL *)ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
  NULL);
}


# ifndef DISABLE_OCSP
/*************************************************
*   OpenSSL: a stapled OCSP response under DANE  *
*************************************************/

/* Called from tls-openssl.c's stapling callback, which runs after the
certificate verification hook.  The response counts only if
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
X509 * leaf = dane_exim.ocsp_leaf, * issuer = dane_exim.ocsp_issuer;
OCSP_CERTID * id;
ASN1_GENERALIZEDTIME * rev, * thisupd, * nextupd;
int status, reason, rc;

if (!leaf || !issuer || !dane_exim.ocsp_store)
  {
  log_write(0, LOG_MAIN, "DANE: stapled OCSP response not usable: no"
    " DANE-verified issuer of the server certificate (DANE-EE, or the"
    " anchor was not sent)");
  return OCSP_FAILED;
  }

ERR_clear_error();
if ((rc = OCSP_basic_verify((OCSP_BASICRESP *)bs,
	(STACK_OF(X509) *)dane_exim.ocsp_stack,
	(X509_STORE *)dane_exim.ocsp_store, OCSP_NOEXPLICIT)) <= 0)
  {
  unsigned long e = ERR_peek_error();
  DEBUG(D_tls) debug_printf("DANE: OCSP_basic_verify: %d: %s\n", rc,
    e ? ERR_reason_error_string(e) : "no error");
  log_write(0, LOG_MAIN, "DANE: stapled OCSP response not signed by the"
    " DANE-verified issuer or its responder");
  ERR_clear_error();
  return OCSP_FAILED;
  }

if (!(id = OCSP_cert_to_id(NULL, leaf, issuer)))
  {
  ERR_clear_error();
  log_write(0, LOG_MAIN, "DANE: stapled OCSP response: no certificate ID");
  return OCSP_FAILED;
  }
rc = OCSP_resp_find_status((OCSP_BASICRESP *)bs, id, &status, &reason, &rev,
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

switch (status)
  {
  case V_OCSP_CERTSTATUS_GOOD:
    DEBUG(D_tls) debug_printf("DANE: stapled OCSP response verified: good\n");
    return OCSP_VFIED;
  case V_OCSP_CERTSTATUS_REVOKED:
    log_write(0, LOG_MAIN, "Server certificate revoked%s%s",
      reason != -1 ? "; reason: " : "",
      reason != -1 ? OCSP_crl_reason_str(reason) : "");
    return OCSP_FAILED;
  default:
    log_write(0, LOG_MAIN,
      "Server certificate status unknown, in OCSP stapling");
    return OCSP_FAILED;
  }
}
# endif	/*!DISABLE_OCSP*/
#endif	/*USE_OPENSSL*/



#ifdef USE_GNUTLS
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
  dane_exim_fail(US"chain-empty", US"validation-failure",
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

if (dane_exim_verify_chain(der, der_len, (size_t)num))
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


/* Arguments:
  session	the gnutls_session_t, after the handshake and DANE verification

Returns:	OCSP_NOT_RESP (nothing stapled), OCSP_VFIED, or OCSP_FAILED
		(reason logged); for tls_out.ocsp
*/

int
dane_exim_gnutls_ocsp(void * session)
{
gnutls_datum_t stapled;
const gnutls_datum_t * list;
unsigned num = 0, verify = 1;
gnutls_x509_crt_t leaf = NULL, issuer = NULL;
gnutls_ocsp_resp_t resp = NULL;
unsigned cstatus;
time_t thisupd, nextupd, revtime, now = time(NULL);
unsigned reason;
int idx = -1, yield = OCSP_FAILED;
const char * why = NULL;
dane_result r;

if (gnutls_ocsp_status_request_get((gnutls_session_t)session, &stapled) != 0)
  return OCSP_NOT_RESP;

list = gnutls_certificate_get_peers((gnutls_session_t)session, &num);
if (  !list || num == 0 || !dane_exim.ctx
   || dane_get_result(dane_exim.ctx, &r) != DANE_STATUS_OK || !r.verified
   || r.depth < 1
   || gnutls_x509_crt_init(&leaf) != 0
   || gnutls_x509_crt_import(leaf, &list[0], GNUTLS_X509_FMT_DER) != 0
   || !(issuer = dane_exim_gnutls_issuer(list, num, leaf)))
  {
  why = "not usable: no DANE-verified issuer of the server certificate"
	" (DANE-EE, or the anchor was not sent)";
  goto out;
  }

if (  gnutls_ocsp_resp_init(&resp) != 0
   || gnutls_ocsp_resp_import(resp, &stapled) != 0
   || gnutls_ocsp_resp_get_status(resp) != GNUTLS_OCSP_RESP_SUCCESSFUL)
  { why = "cannot be parsed, or is not a successful response"; goto out; }

if (gnutls_ocsp_resp_verify_direct(resp, issuer, &verify, 0) != 0 || verify)
  {
  why = "not signed by the DANE-verified issuer or its responder";
  goto out;
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
  { why = "has no status for the server certificate"; goto out; }

if (  thisupd == (time_t)-1 || thisupd > now + DANE_EXIM_OCSP_SKEW
   || (nextupd != (time_t)-1 && nextupd < now - DANE_EXIM_OCSP_SKEW))
  {
  log_write(0, LOG_MAIN, "OCSP dates invalid");
  goto out;
  }

switch (cstatus)
  {
  case GNUTLS_OCSP_CERT_GOOD:
    DEBUG(D_tls) debug_printf("DANE: stapled OCSP response verified: good\n");
    yield = OCSP_VFIED;
    break;
  case GNUTLS_OCSP_CERT_REVOKED:
    log_write(0, LOG_MAIN, "Server certificate revoked");
    break;
  default:
    log_write(0, LOG_MAIN,
      "Server certificate status unknown, in OCSP stapling");
    break;
  }

out:
  if (why)
    log_write(0, LOG_MAIN, "DANE: stapled OCSP response %s", why);
  if (resp) gnutls_ocsp_resp_deinit(resp);
  if (issuer) gnutls_x509_crt_deinit(issuer);
  if (leaf) gnutls_x509_crt_deinit(leaf);
  return yield;
}
# endif	/*!DISABLE_OCSP*/
#endif	/*USE_GNUTLS*/

#endif	/*EXPERIMENTAL_DANE*/

/* End of dane_exim.c */
