/*************************************************
*     Exim - an Internet mail transport agent    *
*************************************************/

/* Copyright (c) The Exim overlay authors 2026 */
/* See the file NOTICE for conditions of use and distribution. */

/* old_names.c - the hints for names from earlier releases (see
old_names.h).  The tables are the ones doc-txt/events.txt and
doc-txt/dane-exim-tls.txt print; keep them in step. */

#include "../exim.h"
#include "old_names.h"

typedef struct {
  const char *old;            /* the name of an earlier release */
  const char *hint;           /* what the error adds */
} old_name;

static const old_name old_options[] = {
#ifdef EXPERIMENTAL_EVENT
  { "delivery_event_action",
    ": a name from an earlier release (TPDA); use the main option event_action,"
    " which is raised for every event: test $event_name" },
  { "tpda_delivery_action",
    ": a name from an earlier release (TPDA); use the transport option"
    " event_action and test $event_name for msg:delivery" },
  { "tpda_host_defer_action",
    ": a name from an earlier release (TPDA); use the transport option"
    " event_action and test $event_name for msg:host:defer" },
  { "tpda_event_action",
    ": a name from an earlier release (TPDA); use the transport option"
    " event_action" },
#endif
#ifdef EXPERIMENTAL_DANE
  { "tls_verify_cert_hostname",
    ": a name from an earlier release (EXPERIMENTAL_CERTNAMES); use"
    " tls_verify_cert_hostnames, a host list" },
#endif
  { NULL, NULL }
};

static const old_name old_variables[] = {
#ifdef EXPERIMENTAL_EVENT
  { "tpda_event", ": a name from an earlier release (TPDA); use $event_name" },
  { "tpda_delivery_ip",
    ": a name from an earlier release (TPDA); use $host_address" },
  { "tpda_delivery_port",
    ": a name from an earlier release (TPDA); use $host_port" },
  { "tpda_delivery_fqdn",
    ": a name from an earlier release (TPDA); use $host" },
  { "tpda_delivery_local_part",
    ": a name from an earlier release (TPDA); use $local_part" },
  { "tpda_delivery_domain",
    ": a name from an earlier release (TPDA); use $domain" },
  { "tpda_delivery_confirmation",
    ": a name from an earlier release (TPDA); use $event_data of msg:delivery" },
  { "tpda_defer_errno",
    ": a name from an earlier release (TPDA); use $event_defer_errno" },
  { "tpda_defer_errstr",
    ": a name from an earlier release (TPDA); use $event_data of msg:host:defer" },
#endif
  { NULL, NULL }
};


/*************************************************
*        Look a name up in one table             *
*************************************************/

/* Arguments:
  table     one of the tables above
  name      the name, as the configuration has it

Returns:    the hint, or ""
*/

static const uschar *
old_name_hint(const old_name * table, const uschar * name)
{
for (const old_name * o = table; o->old; o++)
  if (Ustrcmp(name, o->old) == 0) return US o->hint;
return US"";
}


/* The hint for an option name (see old_names.h). */

const uschar *
old_option_hint(const uschar * name)
{
return old_name_hint(old_options, name);
}


/* The hint for a variable name (see old_names.h). */

const uschar *
old_variable_hint(const uschar * name)
{
return old_name_hint(old_variables, name);
}

/* End of old_names.c */
