/*************************************************
*     Exim - DANE: routing's secure answers       *
*************************************************/

/* NAME
     dane_dns_memo.c - the memo of dane_dns_memo.h.

   DESCRIPTION
     A delivery asks the resolver for the next-hop domain's MX RRset and
     the MX host's addresses while routing; the smtp transport's DANE
     policy (dane_policy_exim.c) then needed the MX RRset again and asked
     whether the two names are aliases (T_CNAME queries): three more round
     trips to the resolver per delivery, the only cost the series adds to
     a DANE delivery that the instruction counts do not show (the kernel's
     side of each query).  Routing's secure answers already hold all
     three facts.

     A slot is reused for the same (name, type), else an empty or expired
     one, else the oldest.  The memo lives as long as the process; the TTL
     bounds how long an answer is believed, as a resolver's cache would.
*/

#include "../exim.h"

#ifdef EXPERIMENTAL_DANE
#include "dane_dns_memo.h"

typedef struct {
  uschar *	name;		/* the name asked for; NULL: slot unused */
  uschar *	answer;		/* DANE_DNS_MEMO_MAX_ANSWER bytes */
  int		len;
  int		type;
  time_t	expires;
  unsigned	age;		/* when noted, for the oldest-first reuse */
  BOOL		no_alias;	/* data of the type at name, no CNAME there */
} memo_slot;

static memo_slot memo[DANE_DNS_MEMO_SLOTS];
static unsigned memo_clock;


/*************************************************
*     What an answer says about its own name      *
*************************************************/

/* The least TTL of the answer section, or 0 if the section is empty or
its first record is not owned by name (a search-list answer, say).

Arguments:
  dnsa		the answer
  name		the name asked for
  type		the type asked for
  no_alias	set TRUE if a record of that type is owned by name and no
		CNAME is

Returns:	the TTL to believe, seconds */

static int
answer_facts(const dns_answer * dnsa, const uschar * name, int type,
  BOOL * no_alias)
{
dns_scan dnss;
BOOL first = TRUE, data = FALSE, alias = FALSE;
int ttl = DANE_DNS_MEMO_MAX_TTL;

for (const dns_record * rr = dns_next_rr(dnsa, &dnss, RESET_ANSWERS); rr;
     rr = dns_next_rr(dnsa, &dnss, RESET_NEXT))
  {
  BOOL own = strcmpic(rr->name, name) == 0;
  if (first && !own) return 0;
  first = FALSE;
  if (rr->ttl < ttl) ttl = rr->ttl;
  if (own && rr->type == type) data = TRUE;
  if (own && rr->type == T_CNAME) alias = TRUE;
  }
*no_alias = data && !alias;
return first ? 0 : ttl;
}


/* The slot for (name, type): its own, else an unused or expired one, else
the oldest. */

static memo_slot *
slot_for(const uschar * name, int type, time_t now)
{
memo_slot * oldest = memo;

for (memo_slot * s = memo; s < memo + DANE_DNS_MEMO_SLOTS; s++)
  if (s->name && s->type == type && strcmpic(s->name, name) == 0)
    return s;
for (memo_slot * s = memo; s < memo + DANE_DNS_MEMO_SLOTS; s++)
  {
  if (!s->name || s->expires <= now) return s;
  if (s->age < oldest->age) oldest = s;
  }
return oldest;
}


/*************************************************
*              The entry points                   *
*************************************************/

void
dane_dns_memo_note(const uschar * name, int type, const dns_answer * dnsa)
{
memo_slot * s;
BOOL no_alias = FALSE;
time_t now;
int ttl;

if (  (type != T_MX && type != T_A && type != T_AAAA)
   || dnsa->answerlen <= 0 || dnsa->answerlen > DANE_DNS_MEMO_MAX_ANSWER
   || Ustrlen(name) >= DNS_MAXNAME
   || !dns_is_secure(dnsa)
   || (ttl = answer_facts(dnsa, name, type, &no_alias)) <= 0)
  return;

now = time(NULL);
s = slot_for(name, type, now);
if (!s->answer)
  {
  s->answer = store_get_perm(DANE_DNS_MEMO_MAX_ANSWER, GET_TAINTED);
  s->name = store_get_perm(DNS_MAXNAME, GET_TAINTED);
  }
Ustrcpy(s->name, name);
memcpy(s->answer, dnsa->answer, dnsa->answerlen);
s->len = dnsa->answerlen;
s->type = type;
s->expires = now + ttl;
s->age = ++memo_clock;
s->no_alias = no_alias;
DEBUG(D_dns) debug_printf_indent("DANE memo: %s %s noted for %ds\n",
  name, dns_text_type(type), ttl);
}


BOOL
dane_dns_memo_recall(const uschar * name, int type, dns_answer * dnsa)
{
time_t now = time(NULL);

for (memo_slot * s = memo; s < memo + DANE_DNS_MEMO_SLOTS; s++)
  if (  s->name && s->type == type && s->expires > now
     && strcmpic(s->name, name) == 0)
    {
    memcpy(dnsa->answer, s->answer, s->len);
    dnsa->answerlen = s->len;
    return TRUE;
    }
return FALSE;
}


BOOL
dane_dns_memo_no_alias(const uschar * name)
{
time_t now = time(NULL);

for (memo_slot * s = memo; s < memo + DANE_DNS_MEMO_SLOTS; s++)
  if (  s->name && s->no_alias && s->expires > now
     && strcmpic(s->name, name) == 0)
    return TRUE;
return FALSE;
}

#endif /* EXPERIMENTAL_DANE */
/* End of dane_dns_memo.c */
