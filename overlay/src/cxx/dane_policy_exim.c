/*************************************************
*     Exim - DANE policy of the smtp transport   *
*************************************************/

/* NAME
     dane_policy_exim.c - the DNS side of DANE for the smtp transport.

   DESCRIPTION
     Given a host chosen by a router (or by the transport's hosts option),
     find the TLSA RRset that applies to it and decide the row of the
     outcome table (doc-txt/dane-exim-transport.txt):

       secure, usable records           DANE_POLICY_DANE
       secure, none usable              DANE_POLICY_TLS_ONLY (try) / DEFER
       secure NXDOMAIN/NODATA, insecure DANE_POLICY_NONE (try) / DEFER
       SERVFAIL, bogus, timeout         DANE_POLICY_DEFER
       MX or address lookup not secure  DANE_POLICY_NONE (try) / DEFER

     Exim's single host->dnssec flag says only whether every lookup that
     found the host's addresses validated.  RFC 7672 s2.2.1 and s2.2.2 need
     more: whether the MX RRset was secure, and for a CNAME chain whether
     its first hop and all its hops were.  This file makes the extra
     lookups: the MX RRset of the next-hop domain again, and the CNAME
     chain of the host name hop by hop (T_CNAME queries).

     Every lookup here runs with dns_again_means_nonexist disabled: a
     SERVFAIL, a bogus answer or a timeout must never read as "no TLSA
     records" (that is a downgrade).  Debian's patch 75_64 does this in
     dns.c for TLSA only; pristine 4.96 does not, and the CNAME and MX
     lookups here need it as well.

   ENTRY POINTS
     dane_policy_lookup(), dane_policy_outcome_text(),
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
#include "dane_policy_exim.h"

/* Outcome of one TLSA query */
typedef enum { TLSA_ABSENT, TLSA_FOUND, TLSA_FAILED } tlsa_state;

/* A walked CNAME chain */
typedef struct {
  const uschar * target;	/* fully expanded name (start if no CNAME) */
  int		 hops;		/* CNAME records followed */
  BOOL		 first_secure;	/* the first CNAME validated */
  BOOL		 all_secure;	/* every CNAME validated */
} cname_chain;


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
*          Walk a CNAME chain hop by hop          *
*************************************************/

/* RFC 7672 s2.2.2: the security of the first hop decides whether DANE
applies at all, that of every hop whether the expanded name may be used.

Arguments:
  name	the name to start from
  dnsa	scratch answer
  cc	where to put the chain
  why	set to a bounded reason on failure

Returns:  OK, or DEFER on any lookup failure, a loop or an over-long chain */

static int
cname_walk(const uschar * name, dns_answer * dnsa, cname_chain * cc,
  const uschar ** why)
{
cc->target = name;
cc->hops = 0;
cc->first_secure = cc->all_secure = TRUE;

for (;;)
  {
  dns_scan dnss;
  const dns_record * cname = NULL;
  const uschar * next;
  BOOL sec;
  int rc = dns_lookup(dnsa, cc->target, T_CNAME, NULL);

  if (rc == DNS_NOMATCH || rc == DNS_NODATA)
    return OK;				/* end of the chain */
  if (rc != DNS_SUCCEED)
    {
    *why = string_sprintf("CNAME lookup for %.256s: %s", cc->target,
      dns_rc_names[rc]);
    return DEFER;
    }

  for (const dns_record * rr = dns_next_rr(dnsa, &dnss, RESET_ANSWERS); rr;
       rr = dns_next_rr(dnsa, &dnss, RESET_NEXT))
    if (rr->type == T_CNAME) { cname = rr; break; }
  if (!cname) return OK;

  if (cc->hops >= DANE_POLICY_MAX_CNAME_HOPS)
    {
    *why = string_sprintf("CNAME chain from %.256s longer than %d", name,
      DANE_POLICY_MAX_CNAME_HOPS);
    return DEFER;
    }
  if (!(next = name_from_rr(dnsa, cname->data)))
    {
    *why = string_sprintf("bad CNAME record for %.256s", cc->target);
    return DEFER;
    }

  sec = dns_is_secure(dnsa);
  if (cc->hops == 0) cc->first_secure = sec;
  if (!sec) cc->all_secure = FALSE;
  DEBUG(D_transport) debug_printf("DANE: CNAME %s -> %s (%sDNSSEC)\n",
    cc->target, next, sec ? "" : "not ");
  cc->target = next;
  cc->hops++;
  }
}


/*************************************************
*   Is a host in the secure MX RRset of a domain  *
*************************************************/

/* RFC 7672 s2.2.1: DANE applies to MX hosts only from a secure MX RRset.

Arguments:
  domain	the next-hop domain
  mxname	the MX host's name
  dnsa		scratch answer
  listed	set TRUE if mxname is one of the domain's MX hosts
  secure	set TRUE if that MX RRset validated
  why		set to a reason on failure

Returns:  OK, or DEFER if the lookup failed */

static int
mx_check(const uschar * domain, const uschar * mxname, dns_answer * dnsa,
  BOOL * listed, BOOL * secure, const uschar ** why)
{
dns_scan dnss;
int rc = dns_lookup(dnsa, domain, T_MX, NULL);

*listed = *secure = FALSE;
if (rc == DNS_NOMATCH || rc == DNS_NODATA) return OK;
if (rc != DNS_SUCCEED)
  {
  *why = string_sprintf("MX lookup for %.256s: %s", domain, dns_rc_names[rc]);
  return DEFER;
  }
*secure = dns_is_secure(dnsa);
for (const dns_record * rr = dns_next_rr(dnsa, &dnss, RESET_ANSWERS); rr;
     rr = dns_next_rr(dnsa, &dnss, RESET_NEXT))
  if (rr->type == T_MX && rr->size > 2)
    {
    const uschar * n = name_from_rr(dnsa, rr->data + 2);
    if (n && strcmpic(n, mxname) == 0) { *listed = TRUE; break; }
    }
DEBUG(D_transport) debug_printf("DANE: MX %s for %s: %slisted, %sDNSSEC\n",
  domain, mxname, *listed ? "" : "not ", *secure ? "" : "not ");
return OK;
}


/*************************************************
*     Count the usable records of a TLSA RRset    *
*************************************************/

/* The verifier's table decides usability (RFC 7672 s3.1, RFC 7671).  An
RRset of more than DANE_MAX_RECORDS records is not used at all: the host is
not used (tlsa-invalid), the same as the TLS layer would decide (twin:
dane_exim_client_setup() in dane_exim.c).

Arguments:
  dnsa		the secure TLSA answer
  pol		num_records, num_usable, usage_bits are filled in
  why		set to a reason on failure
  tlsrpt	set to the RFC 8460 result type on failure
  states	gets a bounded list of the unusable records and why

Returns:  OK, or DEFER (too many records, or the verifier not usable) */

static int
tlsa_usability(const dns_answer * dnsa, dane_policy * pol, const uschar ** why,
  const uschar ** tlsrpt, gstring ** states)
{
dane_ctx * ctx = NULL;
dns_scan dnss;
size_t n;
int total = 0;

for (const dns_record * rr = dns_next_rr(dnsa, &dnss, RESET_ANSWERS); rr;
     rr = dns_next_rr(dnsa, &dnss, RESET_NEXT))
  if (rr->type == T_TLSA) total++;
if (total > DANE_MAX_RECORDS)
  {
  pol->num_records = total;
  *why = string_sprintf("%d TLSA records for %.256s, more than %d",
    total, pol->base, DANE_MAX_RECORDS);
  *tlsrpt = US"tlsa-invalid";
  return DEFER;
  }

if (dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx) != DANE_STATUS_OK)
  { *why = US"DANE verifier unavailable"; return DEFER; }

for (const dns_record * rr = dns_next_rr(dnsa, &dnss, RESET_ANSWERS); rr;
     rr = dns_next_rr(dnsa, &dnss, RESET_NEXT))
  if (  rr->type == T_TLSA
     && dane_add_tlsa_rdata(ctx, rr->data, (size_t)rr->size) == DANE_STATUS_OK)
    pol->num_records++;

/* Final states before counting: the full-value parse and agility too
(RFC 6698 s2.1.2, RFC 7671 s9), as the verifier will judge them. */

if (dane_classify_records(ctx, NULL) != DANE_STATUS_OK)
  {
  dane_ctx_free(ctx);
  *why = US"DANE verifier could not classify the TLSA records";
  return DEFER;
  }

n = dane_num_records(ctx);
for (size_t i = 0; i < n; i++)
  {
  dane_record_info ri;
  if (dane_get_record(ctx, i, &ri) != DANE_STATUS_OK) continue;
  if (ri.state == DANE_RECORD_USABLE)
    {
    pol->num_usable++;
    pol->usage_bits |= 1u << ri.usage;
    }
  else if (i < 16)		/* bounded: which records, and why */
    *states = string_fmt_append(*states, "%s%d:%s", *states ? " " : "",
      (int)i, dane_record_state_text(ri.state));
  DEBUG(D_transport) debug_printf("DANE: TLSA %d %d %d (%d bytes): %s\n",
    ri.usage, ri.selector, ri.mtype, (int)ri.data_len,
    dane_record_state_text(ri.state));
  }
dane_ctx_free(ctx);
return OK;
}


/*************************************************
*        TLSA lookup at one base domain           *
*************************************************/

/* Arguments:
  base	the candidate TLSA base domain
  port	the port the connection will use
  dnsa	answer to fill
  why	set to a reason on failure

Returns:  TLSA_FOUND (a secure RRset), TLSA_ABSENT (secure or insecure
          denial, or an insecure RRset), TLSA_FAILED (anything else) */

static tlsa_state
tlsa_at(const uschar * base, int port, dns_answer * dnsa, const uschar ** why)
{
const uschar * qname = string_sprintf("_%d._tcp.%.253s", port, base);
int rc = dns_lookup(dnsa, qname, T_TLSA, NULL);
BOOL sec = dns_is_secure(dnsa);

DEBUG(D_transport) debug_printf("DANE: TLSA lookup %s: %s, %sDNSSEC\n",
  qname, dns_rc_names[rc], sec ? "" : "not ");

switch (rc)
  {
  case DNS_SUCCEED:
    if (sec) return TLSA_FOUND;
    log_write(0, LOG_MAIN, "DANE: TLSA lookup for %.256s not DNSSEC", qname);
    return TLSA_ABSENT;
  case DNS_NOMATCH:
  case DNS_NODATA:
    return TLSA_ABSENT;
  default:			/* SERVFAIL, bogus, timeout (RFC 7672 s2.2) */
    *why = string_sprintf("TLSA lookup for %.256s: %s", qname,
      rc == DNS_AGAIN ? US"SERVFAIL, bogus or timeout" : dns_rc_names[rc]);
    return TLSA_FAILED;
  }
}


/*************************************************
*        Add a reference identifier               *
*************************************************/

static void
add_name(const uschar ** names, int * n, const uschar * name)
{
if (!name || !*name || *n >= DANE_POLICY_MAX_NAMES) return;
for (int i = 0; i < *n; i++)
  if (strcmpic(names[i], name) == 0) return;
names[(*n)++] = name;
names[*n] = NULL;
}


/*************************************************
*        Decide the DANE outcome for a host       *
*************************************************/

/* See the header.  The lookups follow RFC 7672 s2.2.1 (MX), s2.2.2
(CNAME), s2.2 (TLSA, denial, failure) and s3.2.2 (reference ids). */

dane_policy_outcome
dane_policy_lookup(const host_item * host, int port, const uschar * nexthop,
  BOOL required, dns_answer * tlsa_dnsa, dane_policy * pol)
{
uschar * save_again = dns_again_means_nonexist;
dns_answer * dnsa = store_get_dns_answer();
const uschar * cand[2];
const uschar * why = NULL;
int ncand = 0, nnames = 0;
/* The name as listed (MX target, or the next hop), before the address
lookup replaced host->name with the end of its CNAME chain */
const uschar * orig = host->certname ? host->certname : host->name;
BOOL is_mx = host->mx >= 0, listed = FALSE, mx_secure = FALSE;
BOOL chain_secure;
cname_chain cc;
tlsa_state ts = TLSA_ABSENT;
gstring * states = NULL;
const uschar * tlsrpt = US"dnssec-invalid";	/* for a DEFER */

memset(pol, 0, sizeof(*pol));
pol->outcome = DANE_POLICY_NONE;

#ifdef SUPPORT_I18N
/* An SMTPUTF8 next-hop domain may be a U-label; the DNS and the
certificates know its A-label form, which is the reference identifier
(RFC 7672 s3.2.2 with RFC 6125 s6.2.1: DNS-IDs are compared as A-labels) */

if (nexthop && string_is_utf8(nexthop))
  {
  uschar * err = NULL;
  const uschar * alabel = string_domain_utf8_to_alabel(nexthop, &err);

  if (!alabel || err)
    {
    why = string_sprintf("next-hop domain %.256s has no A-label form: %s",
      string_printing(nexthop), err ? err : US"conversion failed");
    tlsrpt = US"validation-failure";
    goto defer;
    }
  DEBUG(D_transport) debug_printf("DANE: next-hop domain %.256s as A-label %.256s\n",
    nexthop, alabel);
  nexthop = alabel;
  }
#endif

/* Not even requested: dnssec_request_domains did not match, an IP literal,
or a lookup that cannot report DNSSEC (gethostbyname). */

if (host->dnssec == DS_UNK || string_is_ip_address(host->name, NULL) != 0)
  { why = US"no DNSSEC status for the host (dnssec_request_domains)"; goto insecure; }

pol->domain_dependent = is_mx && nexthop;
dns_again_means_nonexist = NULL;	/* never a downgrade (see top) */
dns_init(FALSE, FALSE, TRUE);

/* RFC 7672 s2.2.1: an MX host only from a secure MX RRset.  The routing
lookup's flag mixes MX and address security; ask again. */

if (is_mx && nexthop)
  if (mx_check(nexthop, orig, dnsa, &listed, &mx_secure, &why) != OK)
    goto defer;
if (is_mx)
  {
  /* A host from another domain's MX RRset (manualroute /MX): trust routing,
  but the next-hop domain is then no reference identifier. */
  BOOL ok = listed ? mx_secure : host->dnssec == DS_YES;
  if (!ok)
    {
    why = string_sprintf("MX RRset for %.256s not DNSSEC-validated",
      nexthop ? nexthop : orig);
    goto insecure;
    }
  }

/* RFC 7672 s2.2.2: the host name's CNAME chain */

if (cname_walk(orig, dnsa, &cc, &why) != OK)
  goto defer;

chain_secure = host->dnssec == DS_YES && cc.all_secure;
if (cc.hops == 0)
  {
  if (host->dnssec != DS_YES)
    {
    why = string_sprintf("address records of %.256s not DNSSEC-validated",
      orig);
    goto insecure;
    }
  cand[ncand++] = orig;
  }
else if (!cc.first_secure)
  {
  why = string_sprintf("CNAME for %.256s not DNSSEC-validated", orig);
  goto insecure;
  }
else
  {
  if (chain_secure) cand[ncand++] = cc.target;	/* expanded name first */
  cand[ncand++] = orig;				/* then the original */
  }

for (int i = 0; i < ncand; i++)
  {
  if ((ts = tlsa_at(cand[i], port, tlsa_dnsa, &why)) == TLSA_FAILED)
    goto defer;
  if (ts == TLSA_FOUND) { pol->base = cand[i]; break; }
  }

if (ts != TLSA_FOUND)
  {
  why = string_sprintf("no DNSSEC-validated TLSA records for %.256s",
    cand[0]);
  goto insecure;
  }

if (tlsa_usability(tlsa_dnsa, pol, &why, &tlsrpt, &states) != OK)
  goto defer;

/* Reference identifiers, RFC 7672 s3.2.2 */

pol->names = store_get((DANE_POLICY_MAX_NAMES + 1) * sizeof(uschar *),
  GET_UNTAINTED);
pol->names[0] = NULL;
add_name(pol->names, &nnames, pol->base);
if (is_mx && listed && mx_secure)
  {
  cname_chain nc;
  add_name(pol->names, &nnames, nexthop);
  if (  cname_walk(nexthop, dnsa, &nc, &why) == OK
     && nc.hops > 0 && nc.all_secure)
    add_name(pol->names, &nnames, nc.target);
  why = NULL;
  }
else if (!is_mx && cc.hops > 0)
  add_name(pol->names, &nnames, orig);

DEBUG(D_transport)
  {
  debug_printf("DANE: TLSA base domain %s; %d/%d usable records; names:",
    pol->base, pol->num_usable, pol->num_records);
  for (int i = 0; pol->names[i]; i++) debug_printf(" %s", pol->names[i]);
  debug_printf("\n");
  }

if (pol->num_usable > 0)
  pol->outcome = DANE_POLICY_DANE;
else if (required)
  {
  pol->names = NULL;
  pol->outcome = DANE_POLICY_DEFER;
  pol->tlsrpt = US"tlsa-invalid";
  pol->reason = string_sprintf("%d TLSA records for %.256s, none usable"
    " (%s; hosts_require_dane)", pol->num_records, pol->base,
    states ? string_from_gstring(states) : US"");
  }
else
  pol->outcome = DANE_POLICY_TLS_ONLY;	/* RFC 7672 s2.2: TLS, no fallback */
goto out;

insecure:
  /* No DANE.  Under hosts_require_dane the host is not used for now: a
  temporary error, never a bounce and never clear text. */
  pol->reason = why;
  if (required)
    {
    pol->outcome = DANE_POLICY_DEFER;
    pol->tlsrpt = US"dane-required";
    pol->reason = string_sprintf("DANE required (hosts_require_dane) but %s",
      why);
    }
  goto out;

defer:
  pol->outcome = DANE_POLICY_DEFER;
  pol->tlsrpt = tlsrpt;
  pol->reason = why;

out:
  dns_again_means_nonexist = save_again;
  store_free_dns_answer(dnsa);
  DEBUG(D_transport) debug_printf("DANE: %s [%s] port %d: %s%s%s\n",
    host->name, host->address ? host->address : US"", port,
    dane_policy_outcome_text(pol->outcome),
    pol->reason ? US": " : US"", pol->reason ? pol->reason : US"");
  return pol->outcome;
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
