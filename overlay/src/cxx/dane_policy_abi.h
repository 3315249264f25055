/*************************************************
*     Exim - DANE outcome rules: C ABI           *
*************************************************/

/* NAME
     dane_policy_abi.h - C interface to the RFC 7672 outcome rules
     (dane_policy.cc): which TLSA RRset applies to an SMTP server, and
     whether the connection uses DANE, mandatory TLS without DANE, no DANE,
     or does not use the host now.

   DESCRIPTION
     A next-step function.  The caller describes the host, then loops:
     dane_rules_next() names the next DNS lookup (MX, CNAME, or TLSA at
     _port._tcp.NAME); the caller makes it and hands the answer to
     dane_rules_set_answer(); when dane_rules_next() says DANE_RULES_QUERY_NONE
     the decision is ready.  The library does no I/O and reads no clock; it
     is shared by Exim's smtp transport glue (dane_policy_exim.c) and the
     exim_dane_verify tool.  TLSA records are handed in already classified
     by the verifier (dane_verify.h: dane_classify_records(), then
     dane_get_record()).

   SYNOPSIS
     dane_rules_host h = { "mx.example.net", "example.net", 25, 1, 0,
                           DANE_RULES_DNSSEC_YES, 0 };
     dane_rules_ctx *r;
     dane_rules_query q;
     const char *qname;
     dane_rules_new(&h, &r);
     while (dane_rules_next(r, &q, &qname) == DANE_STATUS_OK
            && q != DANE_RULES_QUERY_NONE)
       { ... look qname up, fill a dane_rules_answer ...
         dane_rules_set_answer(r, &answer); }
     dane_rules_get_decision(r, &d);  ... dane_rules_name(r, i) ...
     dane_rules_free(r);

   RULES OF THIS INTERFACE (as dane_verify.h)
   - Functions return a dane_status; DANE_STATUS_OK is 0.  The decision is
     separate (dane_rules_decision).  No C++ exception crosses.
   - Handles are opaque; dane_rules_free(NULL) is a no-op.  Inputs are
     copied.  Strings returned are owned by the context: qname until the
     next dane_rules_set_answer(), the decision's strings until
     dane_rules_free().
   - Limits: names at most 255 bytes (longer host names are
     DANE_STATUS_LIMIT; a longer CNAME target is a malformed answer);
     CNAME chains of at most 8 hops; at most 64 TLSA records (more give
     "not used", tlsa-invalid); at most 6 reference identifiers.
*/

#ifndef EXIM_DANE_POLICY_ABI_H
#define EXIM_DANE_POLICY_ABI_H

#include <stddef.h>

#include "dane_verify.h"

#ifdef __cplusplus
extern "C" {
#endif

/* (The prefix is dane_rules_: dane_policy_ is the Exim glue's.) */

#define DANE_RULES_MAX_CNAME_HOPS 8
#define DANE_RULES_MAX_NAMES      6

/* Opaque deciding context. */
typedef struct dane_rules_ctx dane_rules_ctx;

/* The routing lookup's DNSSEC status for the host's addresses. */
typedef enum dane_rules_dnssec {
  DANE_RULES_DNSSEC_UNKNOWN = 0,   /* not requested / cannot say */
  DANE_RULES_DNSSEC_NO = 1,
  DANE_RULES_DNSSEC_YES = 2,
  DANE_RULES_DNSSEC__INT = 0x7fffffff
} dane_rules_dnssec;

/* The facts known before any lookup. */
typedef struct dane_rules_host {
  const char *name;        /* as listed (MX target or next hop), before
                              CNAME expansion; required */
  const char *nexthop;     /* the batch's next-hop domain, or NULL */
  int port;                /* the port the connection will use */
  int is_mx;               /* the host came from an MX RRset */
  int ip_literal;          /* the "name" is an IP address */
  dane_rules_dnssec addr_dnssec;
  int required;            /* hosts_require_dane matched */
} dane_rules_host;

typedef enum dane_rules_query {
  DANE_RULES_QUERY_NONE = 0,       /* decided */
  DANE_RULES_QUERY_MX,             /* MX RRset of qname (the next hop) */
  DANE_RULES_QUERY_CNAME,          /* CNAME of qname (one hop) */
  DANE_RULES_QUERY_TLSA,           /* TLSA RRset at qname */
  DANE_RULES_QUERY__INT = 0x7fffffff
} dane_rules_query;

/* An answer's class. */
typedef enum dane_rules_rcode {
  DANE_RULES_RC_OK = 0,            /* records of the type (or none of it,
                                      for CNAME: end of chain) */
  DANE_RULES_RC_NXDOMAIN,
  DANE_RULES_RC_NODATA,
  DANE_RULES_RC_AGAIN,             /* SERVFAIL, bogus, timeout */
  DANE_RULES_RC_FAIL,              /* any other failure */
  DANE_RULES_RC_MALFORMED,         /* a CNAME whose target cannot be read */
  DANE_RULES_RC__INT = 0x7fffffff
} dane_rules_rcode;

/* One TLSA record as the verifier classified it. */
typedef struct dane_rules_tlsa {
  int usage, selector, mtype;
  size_t data_len;
  dane_record_state state;
} dane_rules_tlsa;

typedef struct dane_rules_answer {
  dane_rules_rcode rcode;
  int secure;                      /* AD bit */
  const char *const *names;        /* MX: the exchanges; CNAME: the target
                                      ([0]); may be NULL when num_names 0 */
  size_t num_names;
  const dane_rules_tlsa *records;  /* TLSA, in answer order */
  size_t num_records;
  size_t total_records;            /* TLSA RRs in the answer: more than 64
                                      may be counted without records */
  int unclassified;                /* the verifier could not classify */
} dane_rules_answer;

typedef enum dane_rules_outcome {
  DANE_RULES_NO_DANE = 0,          /* ordinary TLS settings */
  DANE_RULES_DANE,                 /* TLS mandatory, DANE-verified */
  DANE_RULES_TLS_ONLY,             /* TLS mandatory, ordinary checks */
  DANE_RULES_NOT_USED,             /* host not used now (temporary) */
  DANE_RULES_OUTCOME__INT = 0x7fffffff
} dane_rules_outcome;

/* What a NOT_USED outcome (or a NO_DANE reason) concerns. */
typedef enum dane_rules_scope {
  DANE_RULES_SCOPE_HOST = 0,       /* this host, whatever the domain */
  DANE_RULES_SCOPE_DOMAIN,         /* this host for this next-hop domain
                                      only (its MX RRset) */
  DANE_RULES_SCOPE__INT = 0x7fffffff
} dane_rules_scope;

typedef struct dane_rules_decision {
  dane_rules_outcome outcome;
  dane_rules_scope scope;
  int domain_dependent;    /* an MX host of a next-hop domain: the outcome
                              depends on that domain's MX RRset */
  const char *reason;      /* NULL for DANE / TLS_ONLY */
  const char *tlsrpt;      /* RFC 8460 s4.3 type (NOT_USED), else NULL */
  const char *base;        /* TLSA base domain, or NULL */
  size_t num_bases;        /* candidate base domains: dane_rules_base() */
  size_t num_names;        /* reference ids: dane_rules_name(), [0]==base */
  unsigned usage_bits;     /* 1 << usage of the usable records */
  size_t num_records;      /* TLSA records in the RRset */
  size_t num_usable;
} dane_rules_decision;

/* Start deciding for one host. */
dane_status dane_rules_new(const dane_rules_host *host,
  dane_rules_ctx **out_ctx);

/* Free a context; NULL is a no-op. */
void dane_rules_free(dane_rules_ctx *ctx);

/* The next lookup to make (DANE_RULES_QUERY_NONE: decided, *out_qname
NULL). */
dane_status dane_rules_next(const dane_rules_ctx *ctx,
  dane_rules_query *out_query, const char **out_qname);

/* Answer the pending lookup.  DANE_STATUS_INVALID_ARGUMENT when nothing is
pending or the answer is inconsistent (names NULL with num_names > 0). */
dane_status dane_rules_set_answer(dane_rules_ctx *ctx,
  const dane_rules_answer *answer);

/* The decision; DANE_STATUS_NOT_VERIFIED_YET while a lookup is pending. */
dane_status dane_rules_get_decision(const dane_rules_ctx *ctx,
  dane_rules_decision *out);

/* The i-th candidate TLSA base domain / reference identifier, or NULL. */
const char *dane_rules_base(const dane_rules_ctx *ctx, size_t i);
const char *dane_rules_name(const dane_rules_ctx *ctx, size_t i);

/* Fixed texts: "no-dane", "dane", "tls-only", "not-used"; "none", "MX",
"CNAME", "TLSA".  "?" for a value out of range. */
const char *dane_rules_outcome_text(dane_rules_outcome outcome);
const char *dane_rules_query_text(dane_rules_query query);

#ifdef __cplusplus
}
#endif

#endif  /* EXIM_DANE_POLICY_ABI_H */
