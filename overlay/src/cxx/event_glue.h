/*************************************************
*     Exim - an Internet mail transport agent    *
*************************************************/

/* Copyright (c) The Exim overlay authors 2026 */
/* See the file NOTICE for conditions of use and distribution. */

/* event_glue.h - what Exim's C needs from the event glue beyond the 4.96
interface.  event_raise() and msg_event_raise() stay declared in functions.h
and are defined in event_glue.c under EXPERIMENTAL_EVENT.

Entry point:
  event_tls_cert_chain()  raise tls:cert for each certificate a TLS peer
                          sent, highest depth first; used by tls-openssl.c
                          and tls-gnu.c so that both libraries follow one
                          rule.  The certificates stay owned by the caller. */

#ifndef EVENT_GLUE_H
#define EVENT_GLUE_H

#ifdef EXPERIMENTAL_EVENT

/* Most certificates a peer may send for tls:cert to be raised; a longer
chain is refused verification (the limit bounds the work one peer causes). */
#define EVENT_TLS_CERT_MAX 16

# ifndef DISABLE_TLS
/* Raise tls:cert for certs[count-1] .. certs[0]; NULL or the veto. */
extern uschar *event_tls_cert_chain(uschar *, tls_support *, void * const *,
		int, int *);
# endif

#endif	/*EXPERIMENTAL_EVENT*/
#endif	/*EVENT_GLUE_H*/
