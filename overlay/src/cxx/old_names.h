/*************************************************
*     Exim - an Internet mail transport agent    *
*************************************************/

/* Copyright (c) The Exim overlay authors 2026 */
/* See the file NOTICE for conditions of use and distribution. */

/* old_names.h - names from earlier releases of the features this series
builds: TPDA (EXPERIMENTAL_TPDA, now event actions) and EXPERIMENTAL_CERTNAMES
(now tls_verify_cert_hostnames).  An old name is not an alias (the meanings
differ): readconf.c and expand.c still fail on it, and add the hint these
return to their "unknown" error, so that the administrator learns what
replaced it.

Entry points:
  old_option_hint()    for an option name
  old_variable_hint()  for an expansion variable name (without the $)
Both return a static string, "" when the name is not an old one or when
the build lacks the flag (EXPERIMENTAL_EVENT for the TPDA names,
EXPERIMENTAL_DANE for the CERTNAMES one), so that a build without those
flags says exactly what 4.96 says.  The caller must not free it.

The old build flags stop the build in exim.h. */

#ifndef OLD_NAMES_H
#define OLD_NAMES_H

/* The replacement of an old option name, as ": ..." text, or "". */
extern const uschar *old_option_hint(const uschar *);

/* The replacement of an old variable name, as ": ..." text, or "". */
extern const uschar *old_variable_hint(const uschar *);

#endif  /* OLD_NAMES_H */
