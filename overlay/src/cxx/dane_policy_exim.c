/*************************************************
*     Exim - DANE policy of the smtp transport   *
*************************************************/

/* NAME
     dane_policy_exim.c - the DNS side of DANE for the smtp transport.

   DESCRIPTION
     Given a host chosen by a router (or by the transport's hosts option),
     find the TLSA RRset that applies to it and decide the row of the
     outcome table (doc-txt/dane-exim-transport.txt).  The rules are not
     here: they are the pure next-step function of dane_policy_abi.h
     (dane_policy.cc, tested by unit/dane/vectors/policy.vec).  This file
     only makes the lookups it asks for - the MX RRset of the next-hop
     domain again, the CNAME chain of a name hop by hop (T_CNAME queries),
     TLSA at _port._tcp.NAME - hands back the answers, and copies the
     decision into the dane_policy block.  The MX RRset, and "this name is
     no alias", come from routing's own secure answers when the process
     still has them (dane_dns_memo.h); otherwise from the DNS.

     Exim's single host->dnssec flag says only whether every lookup that
     found the host's addresses validated.  RFC 7672 s2.2.1 and s2.2.2 need
     more: whether the MX RRset was secure, and for a CNAME chain whether
     its first hop and all its hops were; hence the extra lookups.

     Every lookup here runs with dns_again_means_nonexist disabled: a
     SERVFAIL, a bogus answer or a timeout must never read as "no TLSA
     records" (that is a downgrade).  Debian's patch 75_64 does this in
     dns.c for TLSA only; pristine 4.96 does not, and the CNAME and MX
     lookups here need it as well.

   ENTRY POINTS
     dane_policy_lookup(), dane_policy_outcome_text(),
     dane_policy_defer_domain(), dane_policy_tls_domain_fault(),
     dane_policy_host_options(), dane_policy_dnssec_lists(),
     dane_policy_check_named_lists(); see the header.

   OWNERSHIP
     Results are in the current store pool; DNS data is copied tainted.
     TLSA usability is decided by the verifier's one table (dane_verify.h,
     dane_classify_records() then dane_get_record()), not here.
*/

#include "../exim.h"

#ifdef EXPERIMENTAL_DANE
#include "../transports/smtp.h"
#include "dane_verify.h"
#include "dane_policy_abi.h"
#include "dane_policy_exim.h"
#include "dane_exim_int.h"
#include "dane_dns_memo.h"

#if DANE_POLICY_MAX_NAMES != DANE_RULES_MAX_NAMES \
  || DANE_POLICY_MAX_CNAME_HOPS != DANE_RULES_MAX_CNAME_HOPS
# error "dane_policy_exim.h and dane_policy_abi.h disagree on the bounds"
#endif

/*************************************************
*            Fixed texts                          *
*************************************************/

/* Return a fixed text naming an outcome. */

const uschar *
dane_policy_outcome_text(dane_policy_outcome o)
{
switch (o)
  {
  case DANE_POLICY_NONE:	return US"no-dane";
  case DANE_POLICY_DANE:	return US"dane";
  case DANE_POLICY_TLS_ONLY:	return US"tls-only";
  case DANE_POLICY_DEFER:	return US"defer";
  }
return US"?";
}


/*************************************************
*       Expand a domain name from an answer       *
*************************************************/

/* Arguments:
  dnsa	the answer
  p	where the (possibly compressed) name starts

Returns:  tainted copy, or NULL if it does not expand */

static const uschar *
name_from_rr(const dns_answer * dnsa, const uschar * p)
{
uschar * data = store_get(256, GET_TAINTED);	/* DNS data */
if (dn_expand(dnsa->answer, dnsa->answer + dnsa->answerlen, p,
    (DN_EXPAND_ARG4_TYPE)data, 256) < 0)
  return NULL;
return data;
}


/*************************************************
*      The class of a dns_lookup() result         *
*************************************************/

/* SERVFAIL, a bogus answer and a timeout are all DNS_AGAIN here: every
lookup runs with dns_again_means_nonexist disabled (see the top). */

static dane_rules_rcode
rules_rcode(int rc)
{
switch (rc)
  {
  case DNS_SUCCEED:	return DANE_RULES_RC_OK;
  case DNS_NOMATCH:	return DANE_RULES_RC_NXDOMAIN;
  case DNS_NODATA:	return DANE_RULES_RC_NODATA;
  case DNS_AGAIN:	return DANE_RULES_RC_AGAIN;
  default:		return DANE_RULES_RC_FAIL;
  }
}


/*************************************************
*        MX lookup asked for by the rules         *
*************************************************/

/* RFC 7672 s2.2.1: the rules look for the host among the exchanges.  The
names are tainted copies; their number is bounded by the answer's size.

Arguments:
  qname	the next-hop domain
  dnsa	scratch answer
  ans	the answer to fill */

static void
lookup_mx(const uschar * qname, dns_answer * dnsa, dane_rules_answer * ans)
{
dns_scan dnss;
const char ** names;
BOOL memo = dane_dns_memo_recall(qname, T_MX, dnsa);
int n = 0, rc = memo ? DNS_SUCCEED : dns_lookup(dnsa, qname, T_MX, NULL);

ans->rcode = rules_rcode(rc);
if (rc != DNS_SUCCEED) return;
ans->secure = dns_is_secure(dnsa);

for (const dns_record * rr = dns_next_rr(dnsa, &dnss, RESET_ANSWERS); rr;
     rr = dns_next_rr(dnsa, &dnss, RESET_NEXT))
  if (rr->type == T_MX) n++;
names = store_get((n + 1) * sizeof(char *), GET_UNTAINTED);

n = 0;
for (const dns_record * rr = dns_next_rr(dnsa, &dnss, RESET_ANSWERS); rr;
     rr = dns_next_rr(dnsa, &dnss, RESET_NEXT))
  if (rr->type == T_MX && rr->size > 2)
    {
    const uschar * name = name_from_rr(dnsa, rr->data + 2);
    if (name) names[n++] = CCS name;
    }
ans->names = names;
ans->num_names = n;
DEBUG(D_transport) debug_printf("DANE: MX %s: %d exchanges, %sDNSSEC%s\n",
  qname, n, ans->secure ? "" : "not ", memo ? " (routing's answer)" : "");
}


/*************************************************
*       CNAME lookup asked for by the rules       *
*************************************************/

/* One hop of a CNAME chain (RFC 7672 s2.2.2).

Arguments:
  qname	the name
  dnsa	scratch answer
  ans	the answer to fill (names: the target, a tainted copy) */

static void
lookup_cname(const uschar * qname, dns_answer * dnsa, dane_rules_answer * ans)
{
dns_scan dnss;
const char ** names;
int rc;

if (dane_dns_memo_no_alias(qname))	/* routing saw its own records */
  {
  ans->rcode = DANE_RULES_RC_NODATA;
  ans->secure = TRUE;
  DEBUG(D_transport) debug_printf("DANE: CNAME %s: none (routing's "
    "DNSSEC-validated answer)\n", qname);
  return;
  }
rc = dns_lookup(dnsa, qname, T_CNAME, NULL);

ans->rcode = rules_rcode(rc);
if (rc != DNS_SUCCEED) return;
ans->secure = dns_is_secure(dnsa);

for (const dns_record * rr = dns_next_rr(dnsa, &dnss, RESET_ANSWERS); rr;
     rr = dns_next_rr(dnsa, &dnss, RESET_NEXT))
  if (rr->type == T_CNAME)
    {
    const uschar * target = name_from_rr(dnsa, rr->data);
    if (!target) { ans->rcode = DANE_RULES_RC_MALFORMED; return; }
    names = store_get(sizeof(char *), GET_UNTAINTED);
    names[0] = CCS target;
    ans->names = names;
    ans->num_names = 1;
    DEBUG(D_transport) debug_printf("DANE: CNAME %s -> %s (%sDNSSEC)\n",
      qname, target, ans->secure ? "" : "not ");
    return;
    }
}


/*************************************************
*     Classify the records of a TLSA RRset        *
*************************************************/

/* The TLS layer's loader (dane_exim_tlsa_load() in dane_exim.c: one loader
for both) fills a verifier context, whose one table decides usability (RFC
7672 s3.1, RFC 7671).  An RRset of more than DANE_MAX_RECORDS records is
only counted: the rules then do not use the host (tlsa-invalid), the same
as the TLS layer would decide.

Arguments:
  dnsa	the secure TLSA answer
  ans	the answer to fill: total_records, records (or unclassified) */

static void
classify_tlsa(const dns_answer * dnsa, dane_rules_answer * ans)
{
dane_ctx * ctx = NULL;
dane_rules_tlsa * recs;
const uschar * detail = NULL;
size_t total = 0, n = 0;
dane_reason reason;

if (dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx) != DANE_STATUS_OK)
  { ans->unclassified = 1; return; }
reason = dane_exim_tlsa_load(ctx, dnsa, &total, &detail);
ans->total_records = total;
if (reason != DANE_REASON_OK)
  {
  DEBUG(D_transport) if (detail) debug_printf("DANE: %s\n", detail);
  if (reason != DANE_REASON_TOO_MANY_RECORDS) ans->unclassified = 1;
  dane_ctx_free(ctx);
  return;
  }

recs = store_get((dane_num_records(ctx) + 1) * sizeof(*recs), GET_UNTAINTED);
for (size_t i = 0; i < dane_num_records(ctx); i++)
  {
  dane_record_info ri;
  if (dane_get_record(ctx, i, &ri) != DANE_STATUS_OK) continue;
  recs[n] = (dane_rules_tlsa) { .usage = ri.usage, .selector = ri.selector,
    .mtype = ri.mtype, .data_len = ri.data_len, .state = ri.state };
  n++;
  DEBUG(D_transport) debug_printf("DANE: TLSA %d %d %d (%d bytes): %s\n",
    ri.usage, ri.selector, ri.mtype, (int)ri.data_len,
    dane_record_state_text(ri.state));
  }
dane_ctx_free(ctx);
ans->records = recs;
ans->num_records = n;
}


/*************************************************
*        TLSA lookup asked for by the rules       *
*************************************************/

/* Arguments:
  qname	_port._tcp.NAME
  dnsa	answer to fill (the caller's: a secure RRset stays there)
  ans	the answer to fill */

static void
lookup_tlsa(const uschar * qname, dns_answer * dnsa, dane_rules_answer * ans)
{
int rc = dns_lookup(dnsa, qname, T_TLSA, NULL);

ans->rcode = rules_rcode(rc);
ans->secure = dns_is_secure(dnsa);
DEBUG(D_transport) debug_printf("DANE: TLSA lookup %s: %s, %sDNSSEC\n",
  qname, dns_rc_names[rc], ans->secure ? "" : "not ");

if (rc != DNS_SUCCEED) return;
if (ans->secure)
  classify_tlsa(dnsa, ans);
else
  log_write(0, LOG_MAIN, "DANE: TLSA lookup for %.256s not DNSSEC", qname);
}


/*************************************************
*     Copy the rules' decision for the caller     *
*************************************************/

/* Strings are copied tainted (they hold names from the DNS) into the
current pool, before the rules' context is freed.

Arguments:
  r	the rules' context, decided
  pol	the block to fill */

static void
copy_decision(const dane_rules_ctx * r, dane_policy * pol)
{
dane_rules_decision d;

if (dane_rules_get_decision(r, &d) != DANE_STATUS_OK)
  {
  pol->outcome = DANE_POLICY_DEFER;
  pol->reason = US"DANE outcome rules failed";
  pol->tlsrpt = US"dnssec-invalid";
  return;
  }
pol->outcome = d.outcome == DANE_RULES_DANE ? DANE_POLICY_DANE
  : d.outcome == DANE_RULES_TLS_ONLY ? DANE_POLICY_TLS_ONLY
  : d.outcome == DANE_RULES_NOT_USED ? DANE_POLICY_DEFER : DANE_POLICY_NONE;
pol->domain_dependent = d.domain_dependent != 0;
/* Twin: Rules::begin_names() (dane_policy.cc).  For an MX host the names
after the TLSA base domain are the next-hop domain and its expansion, and
only those (RFC 7672 s3.2.2); they are there when its MX RRset is secure */
pol->names_domain = d.domain_dependent && d.num_names > 1;
pol->domain_scope = d.outcome == DANE_RULES_NOT_USED
  && d.scope == DANE_RULES_SCOPE_DOMAIN;
pol->usage_bits = d.usage_bits;
pol->num_records = (int)d.num_records;
pol->num_usable = (int)d.num_usable;
if (d.base) pol->base = string_copy_taint(US d.base, GET_TAINTED);
if (d.reason) pol->reason = string_copy_taint(US d.reason, GET_TAINTED);
if (d.tlsrpt) pol->tlsrpt = string_copy(US d.tlsrpt);

if (d.num_names > 0 && d.num_names <= DANE_POLICY_MAX_NAMES)
  {
  pol->names = store_get((DANE_POLICY_MAX_NAMES + 1) * sizeof(uschar *),
    GET_UNTAINTED);
  pol->names[0] = pol->base;		/* dane_rules_name(r, 0) == base */
  for (size_t i = 1; i < d.num_names; i++)
    pol->names[i] = string_copy_taint(US dane_rules_name(r, i), GET_TAINTED);
  pol->names[d.num_names] = NULL;
  }
}


#ifdef SUPPORT_I18N
/* An SMTPUTF8 next-hop domain may be a U-label; the DNS and the
certificates know its A-label form, which is the reference identifier
(RFC 7672 s3.2.2 with RFC 6125 s6.2.1: DNS-IDs are compared as A-labels).
Sets h->nexthop to it; FALSE (pol filled: defer, the domain's fault) when
there is none. */

static BOOL
nexthop_alabel(const uschar * nexthop, dane_rules_host * h, dane_policy * pol)
{
uschar * err = NULL;
const uschar * alabel;

if (!nexthop || !string_is_utf8(nexthop)) return TRUE;
alabel = string_domain_utf8_to_alabel(nexthop, &err);
if (!alabel || err)
  {
  pol->outcome = DANE_POLICY_DEFER;
  pol->domain_scope = TRUE;		/* the domain's fault */
  pol->tlsrpt = US"validation-failure";
  pol->reason = string_sprintf("next-hop domain %.256s has no A-label form: %s",
    string_printing(nexthop), err ? err : US"conversion failed");
  return FALSE;
  }
DEBUG(D_transport) debug_printf("DANE: next-hop domain %.256s as A-label %.256s\n",
  nexthop, alabel);
h->nexthop = CCS alabel;
return TRUE;
}
#endif

/* The decision, for -d+transport */

static void
debug_decision(const host_item * host, int port, const dane_policy * pol)
{
if (pol->names)
  {
  debug_printf("DANE: TLSA base domain %s; %d/%d usable records; names:",
    pol->base, pol->num_usable, pol->num_records);
  for (int i = 0; pol->names[i]; i++) debug_printf(" %s", pol->names[i]);
  debug_printf("\n");
  }
debug_printf("DANE: %s [%s] port %d: %s%s%s\n",
  host->name, host->address ? host->address : US"", port,
  dane_policy_outcome_text(pol->outcome),
  pol->reason ? US": " : US"", pol->reason ? pol->reason : US"");
}


/*************************************************
*        Decide the DANE outcome for a host       *
*************************************************/

/* See the header.  The rules (RFC 7672 s2.2.1 MX, s2.2.2 CNAME, s2.2 TLSA,
denial and failure, s3.2.2 reference ids) ask for the lookups; they make at
most 21 (one MX, two CNAME walks of 9, two TLSA). */

dane_policy_outcome
dane_policy_lookup(const host_item * host, int port, const uschar * nexthop,
  BOOL required, dns_answer * tlsa_dnsa, dane_policy * pol)
{
uschar * save_again = dns_again_means_nonexist;
dns_answer * dnsa = store_get_dns_answer();
dane_rules_ctx * r = NULL;
dane_rules_query q;
const char * qname;
const uschar * qn;
BOOL inited = FALSE;
dane_rules_host h = {
  .name = CCS (host->certname ? host->certname : host->name),
  .nexthop = CCS nexthop, .port = port, .is_mx = host->mx >= 0,
  .ip_literal = string_is_ip_address(host->name, NULL) != 0,
  .addr_dnssec = host->dnssec == DS_YES ? DANE_RULES_DNSSEC_YES
    : host->dnssec == DS_NO ? DANE_RULES_DNSSEC_NO : DANE_RULES_DNSSEC_UNKNOWN,
  .required = required };

memset(pol, 0, sizeof(*pol));

#ifdef SUPPORT_I18N
if (!nexthop_alabel(nexthop, &h, pol))
  {
  store_free_dns_answer(dnsa);
  return pol->outcome;
  }
#endif

dns_again_means_nonexist = NULL;	/* never a downgrade (see top) */

if (dane_rules_new(&h, &r) != DANE_STATUS_OK) r = NULL;
for (int i = 0; r && i < 32; i++)
  {
  dane_rules_answer ans = { .rcode = DANE_RULES_RC_OK };
  if (dane_rules_next(r, &q, &qname) != DANE_STATUS_OK
     || q == DANE_RULES_QUERY_NONE) break;
  qn = string_copy_taint(US qname, GET_TAINTED);	/* may be DNS data */
  if (!inited) { dns_init(FALSE, FALSE, TRUE); inited = TRUE; }
  if (q == DANE_RULES_QUERY_MX) lookup_mx(qn, dnsa, &ans);
  else if (q == DANE_RULES_QUERY_CNAME) lookup_cname(qn, dnsa, &ans);
  else lookup_tlsa(qn, tlsa_dnsa, &ans);
  if (dane_rules_set_answer(r, &ans) != DANE_STATUS_OK) break;
  }
copy_decision(r, pol);
dane_rules_free(r);

dns_again_means_nonexist = save_again;
store_free_dns_answer(dnsa);
DEBUG(D_transport) debug_decision(host, port, pol);
return pol->outcome;
}


/*************************************************
*    Defer one domain's addresses, not the host   *
*************************************************/

/* A DANE failure that concerns the next-hop domain only (RFC 7672 s2.2.1:
its MX RRset is not DNSSEC-validated or cannot be looked up; s3.2.2: a
DANE-TA certificate that names none of the reference identifiers, one of
them the domain's) says nothing about the host, which other domains' mail
may use with DANE.  So, as for a 4xx reply to RCPT, each address of that
domain gets an address retry item (R:local_part@domain; deliver.c then
routes it again only once its retry time has come, in a queue run) and the
transport writes no host retry record and does not mark the host unusable.
Addresses of other domains in the batch are held (DANE) for a connection of
their own.  The batch's addresses before first already have their
statuses.  Each deferred address raises msg:rcpt:host:defer (the host-level
msg:host:defer is not raised).

Arguments:
  first		the first address of the connection; its domain failed
  basic_errno	the error number for the addresses (ERRNO_DNSDEFER, or
		ERRNO_TLSFAILURE for the handshake)
  msg		the error text for the addresses
  start		the delivery's start time

Returns:	TRUE if an address of another domain was held */

BOOL
dane_policy_defer_domain(address_item * first, int basic_errno,
  const uschar * msg, const struct timeval * start)
{
struct timeval t;
BOOL held = FALSE;

timesince(&t, start);
for (address_item * a = first; a; a = a->next)
  {
  if (a->transport_return != PENDING_DEFER) continue;
  if (strcmpic(a->domain, first->domain) != 0)
    {
    a->transport_return = DANE;
    held = TRUE;
    continue;
    }
  a->transport_return = DEFER;
  a->basic_errno = basic_errno;
  a->message = US msg;
  a->delivery_time = t;
  retry_add_item(a, a->address_retry_key, 0);
#ifndef DISABLE_EVENT
  event_defer_errno = a->basic_errno;	/* per recipient per host, as a 4xx */
  msg_event_raise(US"msg:rcpt:host:defer", a);
#endif
  }
DEBUG(D_transport) debug_printf("DANE: %s deferred for the domain only%s\n",
  first->domain, held ? "; other domains held" : "");
return held;
}


/* RFC 7672 s3.2.2: under DANE-TA the certificate must carry a reference
identifier, and those include the next-hop domain when its MX RRset is
secure.  A certificate that names another domain on the same MX host, and
neither this domain nor the host, fails for this domain only: the verdict
name-mismatch (a sound DANE-TA path) is then this domain's fault.  Any
other verdict (no record matches, an expired or badly signed chain) is the
host's.  The caller has checked that a reference identifier was the
domain's (names_domain).

Returns:	TRUE if the last handshake's DANE failure was a name mismatch */

BOOL
dane_policy_tls_domain_fault(void)
{
return dane_exim.in_force && dane_exim.reason == DANE_REASON_NAME_MISMATCH;
}


/*************************************************
*  Host-list options whose errors must not lower security  *
*************************************************/

/* A host list that cannot be evaluated (an unknown named list, a lookup
that defers, an expansion that fails) reads as "not in the list" wherever
Exim 4.96 tests it with "== OK", and for these options that means less
security: no DANE, clear text, no verification, no OCSP.  They are evaluated
once before the host is used; an error defers the host.  Twin: the option
list in doc-txt/dane-exim-transport.txt. */

static const struct {
  const char *	name;
  size_t	offset;
} host_options[] = {
  { "hosts_require_dane",	 offsetof(smtp_transport_options_block, hosts_require_dane) },
  { "hosts_try_dane",		 offsetof(smtp_transport_options_block, hosts_try_dane) },
  { "hosts_require_tls",	 offsetof(smtp_transport_options_block, hosts_require_tls) },
  { "tls_verify_hosts",		 offsetof(smtp_transport_options_block, tls_verify_hosts) },
  { "tls_verify_cert_hostnames", offsetof(smtp_transport_options_block, tls_verify_cert_hostnames) },
#ifndef DISABLE_OCSP
  { "hosts_require_ocsp",	 offsetof(smtp_transport_options_block, hosts_require_ocsp) },
#endif
};


/* Evaluate each of those options for the host.

Arguments:
  ob		the smtp transport's options (smtp_transport_options_block)
  host		the host about to be used
  errstr	where to put the error: the option, the host, the error

Returns:	OK, or DEFER (*errstr set; the transport logs it for the
		host and on the address's defer line)
*/

int
dane_policy_host_options(const void * ob, const host_item * host,
  uschar ** errstr)
{
for (size_t i = 0; i < nelem(host_options); i++)
  {
  const uschar * list =
    *(const uschar * const *)((const uschar *)ob + host_options[i].offset);
  const uschar * why;
  int rc;

  if (!list) continue;
  search_error_message = NULL;
  expand_string_message = NULL;
  if ((rc = verify_check_given_host(&list, host)) == OK || rc == FAIL)
    continue;

  /* match.c has logged an unknown named list (panic log) and an expansion
  failure; a deferred lookup leaves its text in search_error_message */

  why = search_error_message ? search_error_message
      : expand_string_message ? expand_string_message
      : US"unknown named list, or lookup or expansion failure";
  *errstr = string_sprintf("%s: cannot be evaluated for %.255s [%s]: %.255s",
    host_options[i].name, host->name, host->address ? host->address : US"",
    string_printing(why));
  return DEFER;
  }
return OK;
}


/* The same rule for the DNSSEC lists of a router or of the transport's
hosts option (dnssec_request_domains, dnssec_require_domains): an error
must not read as "DNSSEC not wanted" (no AD bit, so no DANE, or an insecure
answer accepted).  host_find_bydns() asks before its lookups and, on DEFER,
returns HOST_FIND_AGAIN: the router defers the address (the transport, that
host).

Arguments:
  name		the name about to be looked up
  d		the dnssec_domains lists

Returns:	OK, or DEFER (logged with the option and the error)
*/

int
dane_policy_dnssec_lists(const uschar * name, const dnssec_domains * d)
{
const uschar * lists[2] = { d->require, d->request };
static const char * const opts[2] =
  { "dnssec_require_domains", "dnssec_request_domains" };

for (int i = 0; i < 2; i++)
  {
  const uschar * why;

  if (!lists[i]) continue;
  search_error_message = NULL;
  expand_string_message = NULL;
  if (match_isinlist(name, &lists[i], 0, &domainlist_anchor, NULL, MCL_DOMAIN,
	TRUE, NULL) != DEFER)
    continue;
  why = search_error_message ? search_error_message
      : expand_string_message ? expand_string_message
      : US"unknown named list, or lookup or expansion failure";
  log_write(0, LOG_MAIN, "%s: cannot be evaluated for %.255s: %.255s;"
    " DNS lookup deferred", opts[i], name, string_printing(why));
  return DEFER;
  }
return OK;
}


/* At start-up: report a "+name" item of those lists whose named list does
not exist (Exim's list matcher finds it only when it evaluates the list,
and 4.96 then reads it as "not in the list").  Options whose value is
expanded are not looked at: their items are known only at use time. */

static void
check_named(const uschar * list, tree_node * anchor, const char * kind,
  const uschar * driver, const uschar * dname, const char * option)
{
int sep = 0;
const uschar * l = list;
uschar * item;

if (!list || Ustrchr(list, '$')) return;
while ((item = string_nextinlist(&l, &sep, NULL, 0)))
  {
  while (*item == '!' || isspace(*item)) item++;
  if (*item == '+' && !tree_search(anchor, item + 1))
    log_write(0, LOG_MAIN|LOG_PANIC, "%s %s: %s: unknown named %s list"
      " \"%.64s\": %s", dname, driver, option, kind, string_printing(item),
      *kind == 'h' ? "hosts will not be used (deferred) until it is defined"
      : "routing will defer until it is defined");
  }
}


/* Check every smtp transport's host-list options (the table above) and
every router's and smtp transport's DNSSEC lists.  Called once the
configuration has been read, by a daemon starting and by -bV. */

void
dane_policy_check_named_lists(void)
{
for (transport_instance * t = transports; t; t = t->next)
  {
  const smtp_transport_options_block * ob;

  if (!t->info || Ustrcmp(t->info->driver_name, "smtp") != 0) continue;
  ob = t->options_block;
  for (size_t i = 0; i < nelem(host_options); i++)
    check_named(*(const uschar * const *)
	  ((const uschar *)ob + host_options[i].offset),
      hostlist_anchor, "host", t->name, US"transport", host_options[i].name);
  check_named(ob->dnssec.request, domainlist_anchor, "domain", t->name,
    US"transport", "dnssec_request_domains");
  check_named(ob->dnssec.require, domainlist_anchor, "domain", t->name,
    US"transport", "dnssec_require_domains");
  }
for (router_instance * r = routers; r; r = r->next)
  {
  check_named(r->dnssec.request, domainlist_anchor, "domain", r->name,
    US"router", "dnssec_request_domains");
  check_named(r->dnssec.require, domainlist_anchor, "domain", r->name,
    US"router", "dnssec_require_domains");
  }
}

#endif	/*EXPERIMENTAL_DANE*/
/* End of dane_policy_exim.c */
