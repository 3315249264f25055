/*************************************************
*     Exim - DANE: routing's secure answers       *
*************************************************/

/* NAME
     dane_dns_memo.h - a small per-process memo of the DNSSEC-validated
     answers routing got, for the DANE policy of the smtp transport.

   DESCRIPTION
     RFC 7672 s2.2 needs to know whether the next-hop domain's MX RRset
     was secure, and whether the MX host's name and the next-hop domain are
     aliases.  Routing (host_find_bydns) has just asked the same questions
     of the same resolver: the MX RRset, and the host's address records,
     whose answers hold any CNAME chain.  dns.c notes each secure MX, A
     and AAAA answer here (dane_dns_memo_note(), called from
     dns_basic_lookup()); the transport process, a fork of the delivery
     process that routed, asks the memo before it asks the DNS again.

     Only answers with the AD bit (or trusted AA, dns_trust_aa) whose first
     record is owned by the name asked for are kept, for the least TTL of
     their answer section (at most DANE_DNS_MEMO_MAX_TTL seconds), in
     DANE_DNS_MEMO_SLOTS slots of at most DANE_DNS_MEMO_MAX_ANSWER bytes
     each; anything else is asked of the DNS as before.  An answer that is
     not secure is never remembered, so the memo can only ever save a
     lookup whose result the rules would accept anyway.

   ENTRY POINTS
     dane_dns_memo_note()      dns.c: remember a successful answer
     dane_dns_memo_recall()    the policy: an MX answer routing got
     dane_dns_memo_no_alias()  the policy: routing proved (DNSSEC) that a
                               name has data of its own, so no CNAME

   OWNERSHIP
     The slots are allocated once, in the permanent pool, tainted (they
     hold DNS data).  A recalled answer is copied into the caller's
     dns_answer.
*/

#ifndef EXIM_DANE_DNS_MEMO_H
#define EXIM_DANE_DNS_MEMO_H

#ifdef EXPERIMENTAL_DANE

#define DANE_DNS_MEMO_SLOTS       8
#define DANE_DNS_MEMO_MAX_ANSWER  4096
#define DANE_DNS_MEMO_MAX_TTL     300

/* Remember the answer to (name, type) if it is a secure MX, A or AAAA
answer for exactly that name.  Called for every successful lookup. */
extern void dane_dns_memo_note(const uschar * name, int type,
  const dns_answer * dnsa);

/* Copy a remembered, unexpired answer to (name, type) into dnsa.
Returns TRUE if there was one. */
extern BOOL dane_dns_memo_recall(const uschar * name, int type,
  dns_answer * dnsa);

/* TRUE if a remembered, unexpired secure answer shows records of the
type asked for owned by name itself and no CNAME owned by name: name is
not an alias (a name with a CNAME has no other data, RFC 1034 s3.6.2). */
extern BOOL dane_dns_memo_no_alias(const uschar * name);

#endif /* EXPERIMENTAL_DANE */
#endif /* EXIM_DANE_DNS_MEMO_H */
