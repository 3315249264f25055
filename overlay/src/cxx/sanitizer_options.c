/*************************************************
*     Exim - an Internet mail transport agent    *
*************************************************/

/* Copyright (c) The Exim overlay authors 2026 */
/* See the file NOTICE for conditions of use and distribution. */

/* sanitizer_options.c - default options of the sanitizer builds
(Local/Makefile-asan-*; GCC and clang define __SANITIZE_ADDRESS__ under
-fsanitize=address).  Exim allocates its store pools and never frees them
before exit, by design, so leak reports would be noise; any other finding
is written to /tmp/exim-asan/ (the test runner checks that it stays empty)
and aborts the process.

The sanitizer runtime finds these functions through exim's dynamic symbol
table, so they live in cxx.a, whose symbols are exported like the rest of
Exim's C (the C++ units' archive, units.a, is kept private), and the
sanitizer builds link them in with -Wl,--undefined=... as nothing in exim
calls them.  Other builds compile this file to nothing. */

#if defined(__SANITIZE_ADDRESS__)
const char * __asan_default_options(void);
const char * __ubsan_default_options(void);

const char *
__asan_default_options(void)
{
return "detect_leaks=0:abort_on_error=1:log_path=/tmp/exim-asan/asan";
}

const char *
__ubsan_default_options(void)
{
return "print_stacktrace=1:log_path=/tmp/exim-asan/ubsan";
}
#else
/* ISO C forbids an empty translation unit. */
typedef int sanitizer_options_empty;
#endif

/* End of sanitizer_options.c */
