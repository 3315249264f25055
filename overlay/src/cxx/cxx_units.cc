/*************************************************
 *     Exim - an Internet mail transport agent    *
 *************************************************/

/* Copyright (c) The Exim overlay authors 2026 */
/* See the file NOTICE for conditions of use and distribution. */

/* cxx_units.cc - the report of the C++ units compiled in.  The text is
assembled by the preprocessor, so the entry point does no allocation and
cannot throw. */

#include "cxx_units.h"

/* The series' version: series_version.h is generated into the series'
last patch by "make series" from the project's VERSION file, so every tree
made from the series has it; a build of these sources outside such a tree
(the unit tests) says so. */
#if __has_include("series_version.h")
#include "series_version.h"
#else
#define EXIM_OVERLAY_SERIES_VERSION "unknown (not built from the series)"
#endif

#define CXX_UNITS_STR2(x) #x
#define CXX_UNITS_STR(x) CXX_UNITS_STR2(x)

#if __cplusplus >= 201703L
#define CXX_UNITS_STD "C++17"
#else
#error The C++ units of src/cxx need C++17 (set CXXFLAGS=-std=c++17)
#endif

#ifdef EXPERIMENTAL_EVENT
#define CXX_UNITS_EVENT "; event-dispatcher"
#else
#define CXX_UNITS_EVENT ""
#endif

#ifdef EXPERIMENTAL_DANE
#if defined(USE_GNUTLS)
#define CXX_UNITS_DANE "; dane-verifier(gnutls)"
#elif defined(USE_OPENSSL)
#define CXX_UNITS_DANE "; dane-verifier(openssl)"
#else
#define CXX_UNITS_DANE " dane-verifier"
#endif
#else
#define CXX_UNITS_DANE ""
#endif

#if defined(__clang__)
#define CXX_UNITS_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define CXX_UNITS_COMPILER                          \
  "g++ " CXX_UNITS_STR(__GNUC__) "." CXX_UNITS_STR( \
      __GNUC_MINOR__) "." CXX_UNITS_STR(__GNUC_PATCHLEVEL__)
#else
#define CXX_UNITS_COMPILER "unknown compiler"
#endif

extern "C" const char *cxx_units_report(void)
{
  static const char report[] =
      CXX_UNITS_STD " (" CXX_UNITS_COMPILER ")" CXX_UNITS_EVENT CXX_UNITS_DANE
                    "; series exim-overlay " EXIM_OVERLAY_SERIES_VERSION;
  return report;
}
