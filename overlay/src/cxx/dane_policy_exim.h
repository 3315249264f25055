/*************************************************
*     Exim - DANE policy of the smtp transport   *
*************************************************/

/* NAME
     dane_policy_exim.h - the DNS side of DANE (RFC 7672 s2.2) for the smtp
     transport: which TLSA RRset applies to a host, what that means for the
     connection, and the reference identifiers (RFC 7672 s3.2.2).

   ENTRY POINTS
     dane_policy_lookup()       decide for one host (does the DNS lookups)
     dane_policy_outcome_text() fixed text for an outcome, for logs/debug
     dane_policy_defer_domain() defer one next-hop domain's addresses, not
                                the host (address retry items)
     dane_policy_tls_domain_fault() whether a failed DANE handshake is the
                                next-hop domain's fault (name mismatch)
     dane_policy_host_options() evaluate the host-list options whose
                                errors must never lower security (DEFER)
     dane_policy_dnssec_lists() the same for dnssec_request_domains and
                                dnssec_require_domains (host_find_bydns)
     dane_policy_check_named_lists() at start-up: report unknown named
                                lists in those options

   OWNERSHIP
     Everything dane_policy_lookup() returns in the dane_policy block lives
     in Exim's current store pool; strings that came from the DNS are
     tainted.  The TLSA answer is left in the caller's dns_answer.

   The caller (smtp.c) has already decided that DANE is wanted for the host
   (hosts_try_dane or hosts_require_dane matched).
*/

#ifndef EXIM_DANE_POLICY_EXIM_H
#define EXIM_DANE_POLICY_EXIM_H

#ifdef EXPERIMENTAL_DANE

/* The rows of the outcome table (see doc-txt/dane-exim-transport.txt). */
typedef enum {
  DANE_POLICY_NONE = 0,   /* DANE does not apply: ordinary TLS settings */
  DANE_POLICY_DANE,       /* secure TLSA RRset with usable records:
                             TLS mandatory and DANE-verified */
  DANE_POLICY_TLS_ONLY,   /* secure TLSA RRset, no usable record: TLS
                             mandatory, ordinary verification (RFC 7672 s2.2) */
  DANE_POLICY_DEFER       /* host not used now (temporary error) */
} dane_policy_outcome;

/* Bounds on what the DNS may make us do: the rules' (dane_policy_abi.h;
the glue checks that they agree). */
#define DANE_POLICY_MAX_CNAME_HOPS  8	/* CNAMEs followed per name */
#define DANE_POLICY_MAX_NAMES       6	/* reference identifiers */

typedef struct {
  dane_policy_outcome outcome;
  const uschar *  base;         /* TLSA base domain (DANE, TLS_ONLY) */
  const uschar ** names;        /* reference identifiers, NULL-terminated,
                                   [0] == base; NULL for NONE/DEFER */
  BOOL            domain_dependent; /* an MX host: the outcome depends on
                                   the next-hop domain's MX RRset */
  BOOL            domain_scope; /* DEFER: a fault of the next-hop domain
                                   (its MX RRset, its A-label form), not of
                                   the host */
  BOOL            names_domain; /* DANE, TLS_ONLY: a reference identifier
                                   is the next-hop domain (or its
                                   expansion), so a certificate may match
                                   for one domain and not another */
  unsigned        usage_bits;   /* 1<<usage of the usable records */
  int             num_records;  /* TLSA records in the secure RRset */
  int             num_usable;   /* of those, usable */
  const uschar *  reason;       /* why (DEFER: for the log; NONE: debug) */
  const uschar *  tlsrpt;       /* DEFER: RFC 8460 s4.3 result type for
                                   the dane:fail event */
} dane_policy;

/* Decide the DANE outcome for a host.  nexthop is the domain every address
of the batch shares (the MX lookup's domain), or NULL.  required is TRUE
when hosts_require_dane matched.  Returns pol->outcome. */
extern dane_policy_outcome dane_policy_lookup(const host_item * host,
  int port, const uschar * nexthop, BOOL required, dns_answer * tlsa_dnsa,
  dane_policy * pol);

/* After a DEFER whose domain_scope is set, or a TLS handshake for which
dane_policy_tls_domain_fault() is TRUE: defer the addresses of first's
domain still pending from first on (address retry items, as a 4xx to RCPT;
no host retry record) and hold those of other domains for a connection of
their own (transport_return DANE).  basic_errno and msg go on each
deferred address; start is the delivery's start time.  Returns TRUE if any
address was held. */
extern BOOL dane_policy_defer_domain(address_item * first, int basic_errno,
  const uschar * msg, const struct timeval * start);

/* After a failed TLS handshake with DANE in force on a connection whose
names_domain was set: TRUE when the verifier's reason was name-mismatch (a
sound DANE-TA path, a certificate naming none of the reference
identifiers), a failure of the next-hop domain, not of the host. */
extern BOOL dane_policy_tls_domain_fault(void);

/* Return a fixed text naming an outcome. */
extern const uschar * dane_policy_outcome_text(dane_policy_outcome o);

/* Evaluate hosts_require_dane, hosts_try_dane, hosts_require_tls,
tls_verify_hosts, tls_verify_cert_hostnames and hosts_require_ocsp for a
host (smtp_transport_options_block *).  OK, or DEFER with *errstr naming the
option and the error. */
extern int dane_policy_host_options(const void * ob, const host_item * host,
  uschar ** errstr);

/* Evaluate dnssec_require_domains and dnssec_request_domains for a name
about to be looked up.  OK, or DEFER (logged with the option and error). */
extern int dane_policy_dnssec_lists(const uschar * name,
  const dnssec_domains * d);

/* After the configuration is read (daemon start, -bV): log each "+name"
item of those options whose named list does not exist (main and panic
log). */
extern void dane_policy_check_named_lists(void);

#endif	/*EXPERIMENTAL_DANE*/
#endif	/*EXIM_DANE_POLICY_EXIM_H*/
