/*************************************************
*     Exim - an Internet mail transport agent    *
*************************************************/

/* DANE (RFC 7672) on the TLS client side through the overlay's verifier:
the glue between tls-openssl.c / tls-gnu.c and dane_verify.h, the part that
names no TLS library (the library parts are dane_exim_openssl.c and
dane_exim_gnutls.c).  See dane_exim.h for the order of calls and for
ownership.

Everything that came from DNS (TLSA RDATA, the reference identifiers) or
from the peer (its certificates) is bounded here before it reaches the
verifier, copied into tainted store, and never logged other than as
numbers, fixed texts, or names cut at 255 characters.  Every reason
reported is one of the verifier's (dane_reason_text()). */

#include "../exim.h"

#ifdef EXPERIMENTAL_DANE

#if !defined(USE_OPENSSL) && !defined(USE_GNUTLS)
# error "EXPERIMENTAL_DANE needs a TLS library (USE_OPENSSL or USE_GNUTLS)"
#endif

#include "../transports/smtp.h"
#include "dane_verify.h"
#include "dane_exim.h"
#include "dane_exim_int.h"


/* The state of the one outbound TLS connection of this process (the
library part keeps its own beside it) */

dane_exim_state dane_exim = { .ctx = NULL };



/*************************************************
*    Record a DANE failure for the transport     *
*************************************************/

/* Sets tls_out.dane_reason/_tlsrpt/_detail and the failure text.

Arguments:
  reason	the verifier's reason code
  tlsrpt	RFC 8460 s4.3 result type (static), or NULL for the reason's
  detail	bounded detail text, in the current pool
*/

void
dane_exim_fail(dane_reason reason, const uschar * tlsrpt,
  const uschar * detail)
{
tls_support * tlsp = dane_exim.tlsp;

dane_exim.reason = reason;
tlsp->dane_reason = CUS dane_reason_text(reason);
tlsp->dane_tlsrpt = tlsrpt ? tlsrpt : CUS dane_reason_tlsrpt(reason);
tlsp->dane_detail = detail;
tlsp->dane_verified = FALSE;
dane_exim.failure = string_sprintf("DANE: %s (%s): %s", tlsp->dane_reason,
  tlsp->dane_tlsrpt, detail);
DEBUG(D_tls) debug_printf("DANE: %s\n", dane_exim.failure);
}


/* The same during setup, where a failure means the host is not used.

Returns:	DEFER, with *errstr set */

static int
dane_exim_setup_fail(dane_reason reason, const uschar * tlsrpt,
  const uschar * detail, uschar ** errstr)
{
dane_exim_fail(reason, tlsrpt, detail);
*errstr = string_copy(dane_exim.failure);
return DEFER;
}



/*************************************************
*          Load a TLSA RRset: the one loader     *
*************************************************/

/* The TLSA RRset, raw RDATA as it came from DNS (RFC 6698 s2.1): each
record is copied into tainted store before the verifier sees it, and the
verifier judges each record (RFC 7672 s3.1: DANE-TA(2) and DANE-EE(3) with a
known selector and matching type and a digest of the right length; a full
value that parses, RFC 6698 s2.1.2; digest agility, RFC 7671 s9).  The
states are final once classified; read them with dane_get_record().  More
than DANE_MAX_RECORDS records (or one longer than DANE_MAX_RDATA) is an
RRset neither the transport's policy nor the TLS layer uses: nothing is
loaded.

Arguments:
  ctx		the verifier context to fill
  dnsa		the (secure) TLSA answer
  num		set to the number of TLSA records
  detail	set to a text for DANE_REASON_INTERNAL_ERROR

Returns:	DANE_REASON_OK, DANE_REASON_TOO_MANY_RECORDS or
		DANE_REASON_INTERNAL_ERROR
*/

dane_reason
dane_exim_tlsa_load(dane_ctx * ctx, const dns_answer * dnsa, size_t * num,
  const uschar ** detail)
{
dns_scan dnss;
size_t n = 0;
BOOL over = FALSE;
dane_status st;

for (const dns_record * rr = dns_next_rr(dnsa, &dnss, RESET_ANSWERS); rr;
     rr = dns_next_rr(dnsa, &dnss, RESET_NEXT))
  if (rr->type == T_TLSA)
    if (++n > DANE_MAX_RECORDS || rr->size < 0 || rr->size > DANE_MAX_RDATA)
      over = TRUE;
*num = n;
if (over) return DANE_REASON_TOO_MANY_RECORDS;

n = 0;
for (const dns_record * rr = dns_next_rr(dnsa, &dnss, RESET_ANSWERS); rr;
     rr = dns_next_rr(dnsa, &dnss, RESET_NEXT))
  if (rr->type == T_TLSA)
    {
    uschar * rdata = store_get(rr->size ? rr->size : 1, GET_TAINTED);

    memcpy(rdata, rr->data, rr->size);
    if ((st = dane_add_tlsa_rdata(ctx, rdata, rr->size)) != DANE_STATUS_OK)
      {
      *detail = string_sprintf("TLSA record %d: status %d", (int)n, (int)st);
      return DANE_REASON_INTERNAL_ERROR;
      }
    n++;
    }

if ((st = dane_classify_records(ctx, NULL)) != DANE_STATUS_OK)
  {
  *detail = string_sprintf("TLSA records not classified: status %d", (int)st);
  return DANE_REASON_INTERNAL_ERROR;
  }
return DANE_REASON_OK;
}



/*************************************************
*         Set up DANE for a client connection    *
*************************************************/

/* Forget the previous connection of this process. */

static void
dane_exim_reset(smtp_connect_args * conn_args, tls_support * tlsp)
{
transport_instance * tb = conn_args->tblock;

dane_ctx_free(dane_exim.ctx);
dane_exim.ctx = NULL;
dane_exim.active = dane_exim.in_force = FALSE;
dane_exim.base = NULL;
dane_exim.failure = NULL;
dane_exim.reason = DANE_REASON_OK;
dane_exim.tlsp = tlsp;
dane_exim.event_action = tb ? tb->event_action : NULL;
dane_exim_tls_reset();

tlsp->dane_verified = FALSE;
tlsp->tlsa_usage = 0;
tlsp->dane_reason = tlsp->dane_tlsrpt = tlsp->dane_detail = NULL;
tlsp->dane_matched = NULL;
}


/* The reference identifiers (RFC 7672 s3.2.2); [0] is the TLSA base
domain.  Without a list from the transport, the host name alone.

Returns:	NULL, or the text of a failure */

static const uschar *
dane_exim_load_names(smtp_connect_args * conn_args)
{
const uschar * single[2] = { conn_args->host->name, NULL };
const uschar ** names = conn_args->dane_names;

if (!names || !names[0]) names = single;
dane_exim.base = names[0];

for (int i = 0; names[i]; i++)
  if (  i >= DANE_MAX_NAMES
     || Ustrlen(names[i]) > DANE_MAX_NAME_LEN
     || dane_add_reference_name(dane_exim.ctx, CCS names[i]) != DANE_STATUS_OK)
    return string_sprintf("reference identifier %d unusable", i);
return NULL;
}


/* Count the usable records, their usage bits, and list the others.

Arguments:
  nrec		how many records were loaded
  bits		set to the OR of (1 << usage) over the usable records
  unusable	set to "INDEX:STATE ..." for the others, or NULL

Returns:	the number of usable records */

static size_t
dane_exim_usable(size_t nrec, unsigned * bits, gstring ** unusable)
{
size_t nusable = 0;

*bits = 0;
*unusable = NULL;
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
    *bits |= 1u << ri.usage;
    }
  else
    *unusable = string_fmt_append(*unusable, "%s%d:%s", *unusable ? " " : "",
		  (int)i, dane_record_state_text(ri.state));
  }
return nusable;
}


/* RFC 7672 s2.2: records present, none usable.  Under hosts_require_dane
the host is not used; otherwise TLS without DANE, the transport's ordinary
verification settings apply (the transport forces TLS).

Returns:	OK, or DEFER with *errstr set */

static int
dane_exim_none_usable(smtp_connect_args * conn_args, size_t nrec,
  gstring * unusable, uschar ** errstr)
{
host_item * host = conn_args->host;
transport_instance * tb = conn_args->tblock;
smtp_transport_options_block * ob = tb
  ? (smtp_transport_options_block *)tb->options_block : NULL;

if (ob && verify_check_given_host(CUSS &ob->hosts_require_dane, host) == OK)
  {
  /* Not reached: the transport does not use such a host (its DANE policy
  defers it before connecting).  If it ever is, the host is still not
  used: never TLS without DANE when DANE is required. */

  DEBUG(D_tls) debug_printf("DANE: internal: hosts_require_dane host %s"
    " with no usable TLSA record reached the TLS layer\n", host->name);
  return dane_exim_setup_fail(DANE_REASON_INTERNAL_ERROR, US"tlsa-invalid",
    US"hosts_require_dane, no usable TLSA record", errstr);
  }
log_write(0, LOG_MAIN, "DANE: no usable TLSA records for %.255s "
  "(%d records: %s); TLS without DANE to %s [%s]", dane_exim.base,
  (int)nrec, unusable ? string_from_gstring(unusable) : US"none",
  host->name, host->address);
return OK;
}


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
size_t nrec = 0, nusable;
unsigned bits;
gstring * unusable;
const uschar * detail = NULL;
dane_reason reason;
dane_status st;

dane_exim_reset(conn_args, tlsp);
if (!conn_args->dane) return OK;
dane_exim.active = TRUE;

if ((st = dane_ctx_new(DANE_BACKEND_DEFAULT, &dane_exim.ctx)) != DANE_STATUS_OK)
  return dane_exim_setup_fail(DANE_REASON_INTERNAL_ERROR, NULL,
    string_sprintf("verifier context: status %d", (int)st), errstr);

if ((detail = dane_exim_load_names(conn_args)))
  return dane_exim_setup_fail(DANE_REASON_INTERNAL_ERROR, NULL, detail,
    errstr);

/* Over the bounds, the transport's policy has deferred the host already
(it uses the same loader); here it is the same defer. */

if ((reason = dane_exim_tlsa_load(dane_exim.ctx, &conn_args->tlsa_dnsa,
	&nrec, &detail)) == DANE_REASON_TOO_MANY_RECORDS)
  return dane_exim_setup_fail(reason, NULL,
    string_sprintf("more than %d TLSA records for %.255s, or one too long",
      DANE_MAX_RECORDS, dane_exim.base), errstr);
if (reason != DANE_REASON_OK)
  return dane_exim_setup_fail(reason, US"tlsa-invalid", detail, errstr);

if ((nusable = dane_exim_usable(nrec, &bits, &unusable)) == 0)
  return dane_exim_none_usable(conn_args, nrec, unusable, errstr);

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
libraries come here (OpenSSL from dane_exim_openssl_events(), GnuTLS from
its verify_cb()).

Arguments:
  depth		the certificate's depth, or -1 if the chain was refused whole
  yield		what the event_action returned (bounded here), or NULL
*/

void
dane_exim_event_veto(int depth, const uschar * yield)
{
if (!dane_exim.in_force || !dane_exim.tlsp) return;
dane_exim_fail(DANE_REASON_EVENT_VETO, NULL,
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
  dane_exim_fail(DANE_REASON_NO_VERDICT, NULL,
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

/* Give the verifier the chain as presented.  More than DANE_MAX_CHAIN gives
the verdict chain-too-long; one over the limit is enough to get it, the rest
is not even looked at.

Returns:	TRUE, or FALSE with the failure recorded */

static BOOL
dane_exim_chain_add(const uschar * const * der, const size_t * der_len,
  void * const * hints, size_t num)
{
dane_status st;

(void) dane_clear_chain(dane_exim.ctx);
for (size_t i = 0; i < num && i <= DANE_MAX_CHAIN; i++)
  if (der_len[i] > DANE_MAX_CERT_DER)
    {
    dane_exim_fail(DANE_REASON_CHAIN_MALFORMED, NULL,
      string_sprintf("certificate at depth %d longer than %d bytes",
	(int)i, DANE_MAX_CERT_DER));
    return FALSE;
    }
  else if ((st = dane_add_chain_der_hint(dane_exim.ctx, der[i], der_len[i],
		    hints ? hints[i] : NULL)) != DANE_STATUS_OK)
    {
    dane_exim_fail(DANE_REASON_CHAIN_MALFORMED, NULL,
      string_sprintf("certificate at depth %d: status %d", (int)i, (int)st));
    return FALSE;
    }
return TRUE;
}


/* A verified chain: keep the reference identifier a DANE-TA match rested
on (none for DANE-EE) with the connection for the -MC hand-over (smtp.c,
transport.c), in permanent store as the connection may outlive this
message's pool. */

static void
dane_exim_verified(const dane_result * r)
{
tls_support * tlsp = dane_exim.tlsp;

tlsp->dane_verified = TRUE;
if (r->matched_name)
  {
  int old_pool = store_pool;
  size_t len = strlen(r->matched_name);

  store_pool = POOL_PERM;
  tlsp->dane_matched = string_copyn_taint(US r->matched_name,
    len > DANE_MAX_NAME_LEN ? DANE_MAX_NAME_LEN : len, GET_TAINTED);
  store_pool = old_pool;
  }
DEBUG(D_tls) debug_printf("DANE: verified: record %d (%d %d %d) at depth %d"
  "%s%.255s\n", r->record_index, r->usage, r->selector, r->mtype, r->depth,
  r->matched_name ? ", name " : "", r->matched_name ? r->matched_name : "");
}


/* A failed verification: record the verdict's reason with the facts that
are safe to log (numbers, the base domain cut at 255). */

static void
dane_exim_not_verified(const dane_result * r, size_t num)
{
gstring * g = string_fmt_append(NULL, "%.255s", dane_exim.base);

if (r->depth >= 0)
  g = string_fmt_append(g, " depth %d", r->depth);
if (r->record_index >= 0)
  {
  dane_record_info ri;
  if (dane_get_record(dane_exim.ctx, (size_t)r->record_index, &ri)
      == DANE_STATUS_OK)
    g = string_fmt_append(g, " record %d (%d %d %d)", r->record_index,
	  ri.usage, ri.selector, ri.mtype);
  }
g = string_fmt_append(g, ", %d certificate%s presented, %d of %d records"
      " usable", (int)num, num == 1 ? "" : "s", (int)r->num_usable,
      (int)r->num_records);
dane_exim_fail(r->reason, NULL, string_from_gstring(g));
}


/* Arguments:
  der		the certificates as presented, leaf first, DER
  der_len	their lengths
  hints		per certificate, the TLS library's parsed object of exactly
		that DER, or NULL (dane_add_chain_der_hint()); the caller keeps
		them alive for this call
  num		how many

Returns:	TRUE if DANE-verified; else FALSE, with the failure recorded
*/

BOOL
dane_exim_verify_chain(const uschar * const * der, const size_t * der_len,
  void * const * hints, size_t num)
{
dane_result r;
dane_status st;

if (!dane_exim.ctx || !dane_exim.in_force)
  {
  dane_exim_fail(DANE_REASON_INTERNAL_ERROR, NULL,
    US"DANE verification without a TLSA RRset");
  return FALSE;
  }
if (!dane_exim_chain_add(der, der_len, hints, num))
  return FALSE;

if ((st = dane_verify(dane_exim.ctx, &r)) != DANE_STATUS_OK)
  {
  dane_exim_fail(DANE_REASON_INTERNAL_ERROR, NULL,
    string_sprintf("verifier status %d", (int)st));
  return FALSE;
  }
if (r.verified)
  {
  dane_exim_verified(&r);
  return TRUE;
  }
dane_exim_not_verified(&r, num);
return FALSE;
}



#ifndef DISABLE_OCSP
/* The verdict on a stapled OCSP response's status for the leaf, the same on
both libraries, once the library part has checked its signature against
the DANE-verified issuer, its CertID and its dates.

Arguments:
  status	DANE_EXIM_OCSP_GOOD, _REVOKED or _UNKNOWN
  reason	the revocation reason's text (static), or NULL

Returns:	OCSP_VFIED or OCSP_FAILED (the reason logged)
*/

int
dane_exim_ocsp_status(int status, const char * reason)
{
switch (status)
  {
  case DANE_EXIM_OCSP_GOOD:
    DEBUG(D_tls) debug_printf("DANE: stapled OCSP response verified: good\n");
    return OCSP_VFIED;
  case DANE_EXIM_OCSP_REVOKED:
    log_write(0, LOG_MAIN, "Server certificate revoked%s%s",
      reason ? "; reason: " : "", reason ? reason : "");
    return OCSP_FAILED;
  default:
    log_write(0, LOG_MAIN,
      "Server certificate status unknown, in OCSP stapling");
    return OCSP_FAILED;
  }
}
#endif	/*!DISABLE_OCSP*/



/*************************************************
*   tls_verify_cert_hostnames, shared matcher    *
*************************************************/

/* tls_verify_cert_hostnames: the certificate must carry one of the names
(a colon-list; host->certname in A-label form).  DNS subjectAltNames first,
CN only without any, one wildcard only as the whole leftmost label of a name
of three or more labels (RFC 6125 s6.4.3, as RFC 7672 s3.2.3 restricts it).
Each name is checked by the library part (dane_exim_tls_name_check()).

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
  if (Ustrlen(name) <= DANE_MAX_NAME_LEN && dane_exim_tls_name_check(name, cert))
    {
    DEBUG(D_tls) debug_printf("certificate name check: %.255s matched\n", name);
    return TRUE;
    }
DEBUG(D_tls) debug_printf("certificate name check: no match for %.255s\n",
  namelist);
return FALSE;
}

#endif	/*EXPERIMENTAL_DANE*/

/* End of dane_exim.c */
