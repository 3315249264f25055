/*************************************************
*     Exim - an Internet mail transport agent    *
*************************************************/

/* Copyright (c) The Exim overlay authors 2026 */
/* See the file NOTICE for conditions of use and distribution. */

/* cxx_units.h - what C++ units this Exim binary carries.

The C++ units of src/cxx (the event dispatcher and the DANE verifier) are
reached from Exim's C only through C headers such as this one.  This unit
reports which of them were compiled in, and the version of the series, for
"exim -bV".

Entry point:
  cxx_units_report()  a constant, NUL-terminated, static string; the caller
                      must not free or modify it.  Never fails. */

#ifndef CXX_UNITS_H
#define CXX_UNITS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Describe the C++ units compiled into this binary, for exim -bV. */
const char *cxx_units_report(void);

#ifdef __cplusplus
}
#endif

#endif  /* CXX_UNITS_H */
