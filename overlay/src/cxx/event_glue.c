/*************************************************
*     Exim - an Internet mail transport agent    *
*************************************************/

/* Copyright (c) The Exim overlay authors 2026 */
/* See the file NOTICE for conditions of use and distribution. */

/* event_glue.c - Exim's side of the event dispatcher (EXPERIMENTAL_EVENT).

With EXPERIMENTAL_EVENT, src/deliver.c leaves event_raise() and
msg_event_raise() to this file.  They keep 4.96's signatures, so the call
sites are unchanged, and they are thin: the event table, the binding and
restoring of the event variables, the expansion and the meaning of its
result all live in the C++ dispatcher (event_dispatch.h); this file fills
its host interface with Exim's expansion, variables and logging.

Entry points (declared in functions.h or event_glue.h):
  event_raise()           raise one event with a given action
  msg_event_raise()       raise a message event for an address
  event_tls_cert_chain()  raise tls:cert for each certificate a TLS peer sent

Storage: the dispatcher allocates nothing; the expansion result is in the
current pool, as in 4.96. */

#include "../exim.h"

#ifdef EXPERIMENTAL_EVENT

#include "event_dispatch.h"
#include "event_glue.h"

/* Most bytes of a certificate's subject DN in a veto's log line. */
#define EVENT_TLS_DN_MAX 128


/*************************************************
*        Host interface for the dispatcher       *
*************************************************/

/* Expand an event_action.  A forced failure is reported separately from an
error, so that the dispatcher can stay silent about it. */

static exim_event_expand_status
glue_expand(void * ctx, const char * action, const char ** out_result,
  const char ** out_error)
{
uschar * s = expand_string(US action);

if (s)
  {
  *out_result = CS s;
  return EXIM_EVENT_EXPAND_OK;
  }
if (f.expand_string_forcedfail)
  return EXIM_EVENT_EXPAND_FORCED_FAIL;
*out_error = CS expand_string_message;
return EXIM_EVENT_EXPAND_ERROR;
}

/* Point $event_name, $event_data and $event_defer_errno at one event's
values, handing back the ones they had. */

static void
glue_bind(void * ctx, const exim_event_vars * vars, exim_event_vars * saved)
{
saved->name = CCS event_name;
saved->data = CCS event_data;
saved->defer_errno = event_defer_errno;

event_name = CUS vars->name;
event_data = US vars->data;
event_defer_errno = vars->defer_errno;
}

static void
glue_restore(void * ctx, const exim_event_vars * saved)
{
event_name = CUS saved->name;
event_data = US saved->data;
event_defer_errno = saved->defer_errno;
}

static void
glue_log(void * ctx, exim_event_log_level level, const char * line)
{
log_write(0, level == EXIM_EVENT_LOG_MAIN_PANIC ? LOG_MAIN|LOG_PANIC : LOG_MAIN,
  "%s", line);
}

static void
glue_debug(void * ctx, const char * line)
{
DEBUG(D_deliver) debug_printf("%s\n", line);
}

static const exim_event_host event_host = {
  .ctx =	NULL,
  .expand =	glue_expand,
  .bind =	glue_bind,
  .restore =	glue_restore,
  .log =	glue_log,
  .debug =	glue_debug,
};



/*************************************************
*       Distribute a named event to listeners    *
*************************************************/

/* Raise one event through the dispatcher.

Arguments:
  action	config option specifying listener (not NULL)
  event		name of the event, from the dispatcher's table
  ev_data	associated data for the event
  errnop	pointer to errno for modification, or null
  detail	what a veto refused, for its log line (bounded by the
		dispatcher), or NULL

Returns:	for an event that can veto (tcp:connect, tls:cert, smtp:connect),
		a non-empty expansion result, with *errnop set to ERRNO_EVENT;
		otherwise NULL (a non-empty result of the other events is
		ignored, and no call site uses it)
*/

static uschar *
event_raise_detail(uschar * action, const uschar * event, uschar * ev_data,
  int * errnop, const uschar * detail)
{
exim_event_request req;
exim_event_outcome out;

DEBUG(D_deliver)
  debug_printf("Event(%s): event_action=|%s| delivery_IP=%s\n",
    event, action, deliver_host_address);

req.action = CCS action;
req.event = CCS event;
req.data = CCS ev_data;
req.defer_errno = event_defer_errno;
req.scope = CCS transport_name;
req.detail = CCS detail;

(void) exim_event_raise(&event_host, &req, &out);

if (out.verdict != EXIM_EVENT_VETO) return NULL;
if (errnop) *errnop = ERRNO_EVENT;
return US out.result;
}

/* The 4.96 interface, kept for its call sites (arguments and result as for
event_raise_detail(); action may be NULL: nothing done).  A veto of
tcp:connect or smtp:connect is logged with the host it refused; tls:cert
comes through event_tls_cert_chain(), with its own detail. */

uschar *
event_raise(uschar * action, const uschar * event, uschar * ev_data,
  int * errnop)
{
const exim_event_info * ev;

if (!action) return NULL;			/* the cheap path */

/* The host is named only in a veto's log line, so the text is made only
for an event that can veto. */

return event_raise_detail(action, event, ev_data, errnop,
  deliver_host_address
  && (ev = exim_event_find(CCS event)) && ev->effect != EXIM_EVENT_IGNORED
  ? string_sprintf("H=%s [%s]",
      deliver_host ? deliver_host : US"", deliver_host_address)
  : NULL);
}



/*************************************************
*      Raise a message event for an address      *
*************************************************/

/* Set the address's context ($router_name, $transport_name, $domain,
$local_part, $host), raise the event with its transport's event_action and
put the context back.  An address that failed without a transport (a filter
"fail") raises msg:fail:internal with the main event_action instead of
msg:fail:delivery, as in 4.96.

Arguments:
  event		name of the event
  addr		the address

Returns:	nothing
*/

void
msg_event_raise(const uschar * event, const address_item * addr)
{
const uschar * save_domain = deliver_domain;
uschar * save_local =  deliver_localpart;
const uschar * save_host = deliver_host;
const uschar * save_address = deliver_host_address;
const int      save_port =   deliver_host_port;

/* The cheap path: no action that this event could use.  The names are
left as a raise leaves them. */

if (addr->transport ? !addr->transport->event_action : !event_action)
  {
  router_name = transport_name = NULL;
  return;
  }

router_name =    addr->router ? addr->router->name : NULL;
deliver_domain = addr->domain;
deliver_localpart = addr->local_part;
deliver_host =   addr->host_used ? addr->host_used->name : NULL;

if (!addr->transport)
  {
  const exim_event_info * ev = exim_event_find(CCS event);

  if (ev && ev->id == EXIM_EVENT_MSG_FAIL_DELIVERY)
    (void) event_raise(event_action,
	    US exim_event_at(EXIM_EVENT_MSG_FAIL_INTERNAL)->name,
	    addr->message, NULL);
  }
else
  {
  const uschar * driver = addr->transport->driver_name;

  transport_name = addr->transport->name;

  /* The data is the transport's message only where it says something about
  this delivery: a host was used, or a transport that talks to a peer. */

  (void) event_raise(addr->transport->event_action, event,
	    addr->host_used
	    || Ustrcmp(driver, "smtp") == 0
	    || Ustrcmp(driver, "lmtp") == 0
	    || Ustrcmp(driver, "autoreply") == 0
	   ? addr->message : NULL,
	   NULL);
  }

deliver_host_port =    save_port;
deliver_host_address = save_address;
deliver_host =      save_host;
deliver_localpart = save_local;
deliver_domain =    save_domain;
router_name = transport_name = NULL;
}



#ifndef DISABLE_TLS
/*************************************************
*      Raise tls:cert for a peer's certificates  *
*************************************************/

/* One rule for both TLS libraries and both sides: tls:cert fires once for
each certificate the peer sent, in Certificate-message order from the highest
depth down to depth 0, with $event_data the depth and $tls_in_peercert or
$tls_out_peercert that certificate.  Certificates the peer did not send (a
locally trusted root, a TLSA-supplied anchor) are never passed in by the
backends.  The first veto stops the walk.

Arguments:
  action	the event_action (main on the server, transport on the client)
  tlsp		tls_in or tls_out; its peercert is pointed at each certificate
		in turn and put back afterwards
  certs		the certificates, certs[i] at depth i (the backend's type)
  count		how many
  out_depth	set to the depth of a vetoed certificate, if not NULL

Returns:	NULL, or the vetoing expansion result
*/

uschar *
event_tls_cert_chain(uschar * action, tls_support * tlsp, void * const * certs,
  int count, int * out_depth)
{
void * save_cert = tlsp->peercert;
const uschar * peer = tlsp == &tls_out ? deliver_host_address
					: sender_host_address;
uschar * yield = NULL;

if (!action || count <= 0) return NULL;

if (count > EVENT_TLS_CERT_MAX)
  {
  log_write(0, LOG_MAIN, "[%s] tls:cert: peer sent %d certificates, more "
    "than %d: verification refused", peer, count, EVENT_TLS_CERT_MAX);
  if (out_depth) *out_depth = count - 1;
  return US"certificate chain too long";
  }

for (int depth = count - 1; depth >= 0; depth--)
  {
  uschar * dn;

  DEBUG(D_tls) debug_printf("tls:cert event: depth %d of %d sent\n",
    depth, count);
  tlsp->peercert = certs[depth];
  if (!(dn = tls_cert_subject(certs[depth], NULL))) dn = US"";
  yield = event_raise_detail(action, US"tls:cert", string_sprintf("%d", depth),
    NULL, string_sprintf("[%s] depth=%d cert=<%.*s>", peer, depth,
      EVENT_TLS_DN_MAX, dn));
  if (yield)
    {
    if (out_depth) *out_depth = depth;
    break;
    }
  }

tlsp->peercert = save_cert;
return yield;
}
#endif	/*!DISABLE_TLS*/

#endif	/*EXPERIMENTAL_EVENT*/

/* End of event_glue.c */
