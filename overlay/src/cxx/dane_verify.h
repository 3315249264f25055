/*************************************************
*     Exim - DANE verifier: C ABI                *
*************************************************/

/* NAME
     dane_verify.h - C interface to the overlay's DANE verifier (RFC 6698,
     RFC 7671, RFC 7672) and its shared certificate name matcher.

   DESCRIPTION
     One verifier for both TLS libraries.  A pure C++ policy core decides;
     a small backend (OpenSSL or GnuTLS, whichever are compiled in) only
     parses certificates, digests, and checks signatures.  The core reads no
     clock and does no I/O: the caller gives the TLSA RRset (raw RDATA as it
     came from DNS), the peer's chain (DER, leaf first, exactly as
     presented), the reference identifiers and the verification time.

   SYNOPSIS
     dane_ctx *ctx;
     dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx);
     dane_add_tlsa_rdata(ctx, rdata, rdata_len);      per TLSA RR
     dane_add_reference_name(ctx, "mx.example.net");  first = TLSA base
     dane_set_time(ctx, now);
     dane_add_chain_der(ctx, der, der_len);           leaf first
     dane_verify(ctx, &result);
     ... result.verified, result.reason, dane_reason_text(result.reason) ...
     dane_ctx_free(ctx);

   RULES OF THIS INTERFACE
   - Every function returns a dane_status (or a plain value for the pure
     lookups); DANE_STATUS_OK is 0.  The status says whether the CALL worked.
     Whether the PEER was authenticated is the separate verdict in
     dane_result (verified + reason).  A DANE failure is DANE_STATUS_OK with
     verified == 0.
   - No C++ exception crosses this interface.
   - Handles are opaque.  dane_ctx_free(NULL) is a no-op.
   - Input buffers are copied; the caller keeps ownership of what it passes.
     The one exception is a chain hint (dane_add_chain_der_hint): not
     copied, used by the next dane_verify() only.
   - Strings returned (reason texts, matched_name) are owned by the library:
     texts are static; matched_name lives until the next dane_verify() or
     dane_ctx_free() on that context.  Nothing is freed across the boundary
     except the context itself.
   - Limits (hostile input): at most DANE_MAX_RECORDS TLSA records (each
     RDATA at most DANE_MAX_RDATA bytes), DANE_MAX_NAMES reference names of
     at most 255 bytes, DANE_MAX_CHAIN presented certificates (more give the
     verdict chain-too-long, not an error status), each at most
     DANE_MAX_CERT_DER bytes; a path is at most DANE_MAX_DEPTH certificates
     deep below its anchor.
   - Not thread-safe per context; separate contexts are independent.

   DEPTH
     Depth 0 is the leaf.  A matched DANE-EE(3) record has depth 0.  For
     DANE-TA(2) the depth is the trust anchor's position on the issuer path
     built from the leaf; an anchor the server did not send ("2 0 0" or
     "2 1 0" full value) sits one above the topmost presented certificate
     of that path.  -1 means no depth applies.
     On failure the depth is that of the certificate the failed rule
     concerns: expired, not-yet-valid, bad-signature, and weak-algorithm
     for a signature algorithm: the signed certificate; issuer-not-ca,
     key-usage, path-length, and weak-algorithm for a key: the issuer (an
     anchor not sent counts as one above the topmost presented one);
     name-constraints: the certificate whose name violates them;
     name-mismatch: 0; chain-malformed: the position in the presented
     chain of the first certificate that does not parse.  -1 for
     no-records, no-usable-records, chain-empty, chain-too-long, no-match,
     no-path, internal-error.

   RECORD STATES are final after dane_classify_records() or dane_verify():
     the full-value parse (bad-certificate, bad-spki) and digest agility
     (weaker-digest) are applied there; before either only the RDATA-level
     rules are.  A caller that decides from the states whether DANE applies
     (RFC 7672 s2.2: records present, none usable) must call
     dane_classify_records() first; it needs no chain, names or time.

   MATCH PREFERENCE when several usable records match: DANE-EE before
     DANE-TA; then lowest depth; then record order (first added wins).
*/

#ifndef EXIM_DANE_VERIFY_H
#define EXIM_DANE_VERIFY_H

#include <stddef.h>
#include <time.h>

#include "dane_vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits (see RULES above). */
#define DANE_MAX_RECORDS   64
#define DANE_MAX_RDATA     65535
#define DANE_MAX_NAMES     32
#define DANE_MAX_NAME_LEN  255
#define DANE_MAX_CHAIN     16
#define DANE_MAX_DEPTH     10
#define DANE_MAX_CERT_DER  65536

/* TLSA usages as bits in dane_result.usage_bits (1 << usage). */
#define DANE_USAGE_BIT_TA  (1u << 2)   /* DANE-TA(2) */
#define DANE_USAGE_BIT_EE  (1u << 3)   /* DANE-EE(3) */

/* Whether a call worked (not whether the peer verified). */
typedef enum dane_status {
  DANE_STATUS_OK = 0,
  DANE_STATUS_INVALID_ARGUMENT = 1,  /* NULL handle/pointer, bad enum */
  DANE_STATUS_NO_MEMORY = 2,
  DANE_STATUS_LIMIT = 3,             /* too many records/names, too big */
  DANE_STATUS_SYNTAX = 4,            /* presentation-form TLSA unparsable */
  DANE_STATUS_NO_BACKEND = 5,        /* requested backend not compiled in */
  DANE_STATUS_NOT_VERIFIED_YET = 6,  /* results read before dane_verify() */
  DANE_STATUS_INTERNAL = 7           /* library failure */
} dane_status;

/* The verdict's reason, one per row of DANE_REASON_LIST (dane_vocab.h, in
its order from 0; the list says what each means).  Texts (dane_reason_text)
are the fixed codes of the verifier contract; dane_reason_tlsrpt gives the
RFC 8460 s4.3 type.  DANE_REASON_NO_USABLE_RECORDS is RFC 7672 s2.2's
case: the caller decides, it is not a DANE failure. */
#define DANE_REASON_ABI_(abi, ...) DANE_REASON_##abi,
typedef enum dane_reason {
  DANE_REASON_LIST(DANE_REASON_ABI_)
  DANE_REASON__COUNT,
  DANE_REASON__INT = 0x7fffffff      /* (range: any int is representable) */
} dane_reason;
#undef DANE_REASON_ABI_

/* Per-record state, one per row of DANE_RECORD_STATE_LIST (dane_vocab.h,
in its order from 0).  Texts (dane_record_state_text) are the contract's
per-record codes; DANE_RECORD_USABLE has the text "usable". */
#define DANE_RECORD_ABI_(abi, ...) DANE_RECORD_##abi,
typedef enum dane_record_state {
  DANE_RECORD_STATE_LIST(DANE_RECORD_ABI_)
  DANE_RECORD__COUNT,
  DANE_RECORD__INT = 0x7fffffff
} dane_record_state;
#undef DANE_RECORD_ABI_

/* Crypto backends. */
typedef enum dane_backend_id {
  DANE_BACKEND_DEFAULT = 0,          /* the first compiled in (OpenSSL first) */
  DANE_BACKEND_OPENSSL = 1,
  DANE_BACKEND_GNUTLS = 2,
  DANE_BACKEND__INT = 0x7fffffff     /* (range: any int is representable) */
} dane_backend_id;

/* Opaque verification context. */
typedef struct dane_ctx dane_ctx;

/* The verdict and what Exim needs of it; plain fields. */
typedef struct dane_result {
  int verified;            /* 1 = DANE-authenticated, 0 = not */
  dane_reason reason;      /* DANE_REASON_OK when verified */
  int depth;               /* see DEPTH above; -1 when none applies */
  int usage;               /* matched record's usage, -1 when none */
  int selector;            /* matched record's selector, -1 when none */
  int mtype;               /* matched record's matching type, -1 when none */
  int record_index;        /* 0-based index (order added) of the matched
                              record, or of the record the failure concerns;
                              -1 when none */
  unsigned usage_bits;     /* OR of (1 << usage) over the USABLE records
                              (after agility): DANE_USAGE_BIT_TA/_EE */
  const char *matched_name;/* reference id the leaf matched (DANE-TA), or
                              NULL (DANE-EE, or not verified); owned by the
                              context */
  size_t num_records;      /* records added */
  size_t num_usable;       /* usable after agility */
} dane_result;

/* Per-record information, in order added. */
typedef struct dane_record_info {
  int usage;               /* -1 when the RDATA was too short to say */
  int selector;
  int mtype;
  dane_record_state state;
  size_t data_len;         /* certificate association data length */
} dane_record_info;


/* Return 1 if the backend is compiled in, else 0 (DEFAULT: any). */
int dane_backend_available(dane_backend_id backend);

/* Return the backend's name ("openssl", "gnutls"), or NULL if absent. */
const char *dane_backend_name(dane_backend_id backend);

/* Create a context using the given backend. */
dane_status dane_ctx_new(dane_backend_id backend, dane_ctx **out_ctx);

/* Free a context and everything it owns; NULL is a no-op. */
void dane_ctx_free(dane_ctx *ctx);

/* Add one TLSA record as raw RDATA (usage, selector, mtype, data); a
semantically unusable record is accepted and reported per record. */
dane_status dane_add_tlsa_rdata(dane_ctx *ctx, const unsigned char *rdata,
  size_t rdata_len);

/* Add one TLSA record in presentation form "U S M HEX" (whitespace inside
HEX allowed).  DANE_STATUS_SYNTAX for missing fields, non-decimal numbers
> 255, non-hex or odd-length HEX; nothing is added then. */
dane_status dane_add_tlsa_text(dane_ctx *ctx, const char *text);

/* Add a reference identifier (NUL-terminated; trailing dot ignored).  The
first added is the TLSA base domain. */
dane_status dane_add_reference_name(dane_ctx *ctx, const char *name);

/* Set the verification time (seconds since the epoch).  Default 0 means
"not set": dane_verify() then fails with DANE_STATUS_INVALID_ARGUMENT. */
dane_status dane_set_time(dane_ctx *ctx, time_t now);

/* Append one presented certificate (DER), leaf first.  More than
DANE_MAX_CHAIN is accepted here and gives the verdict chain-too-long. */
dane_status dane_add_chain_der(dane_ctx *ctx, const unsigned char *der,
  size_t der_len);

/* dane_add_chain_der() with a hint: the TLS library's own parsed object
for this certificate (OpenSSL: its X509 *; NULL: none), which a backend
that knows it may use instead of decoding der again.  The DER stays the
authority: a backend uses the hint only if the object encodes to exactly
der (byte-identical), else it decodes der as without a hint, so the verdict
is the same either way.  A backend of another library ignores it.  The hint
is not copied: the caller keeps the object alive until the next
dane_verify() returns, which forgets the hints (as does
dane_clear_chain()); a backend that keeps the object takes its own
reference. */
dane_status dane_add_chain_der_hint(dane_ctx *ctx, const unsigned char *der,
  size_t der_len, void *hint);

/* Forget the presented chain (keep records, names, time), to verify
another peer with the same TLSA RRset. */
dane_status dane_clear_chain(dane_ctx *ctx);

/* Make every record's state final without a chain (RFC 6698 s2.1 and
RFC 7672 s3.1.3 usability, the RFC 6698 s2.1.2 full-value parse with the
context's backend, RFC 7671 s9 digest agility); *out_num_usable (may be
NULL) is then the number of USABLE records.  Idempotent; dane_verify()
applies the same rules itself. */
dane_status dane_classify_records(dane_ctx *ctx, size_t *out_num_usable);

/* Run the verification and fill *out_result (may be NULL: read later with
dane_get_result).  DANE_STATUS_OK means the verdict is in *out_result. */
dane_status dane_verify(dane_ctx *ctx, dane_result *out_result);

/* Copy the last verdict. */
dane_status dane_get_result(const dane_ctx *ctx, dane_result *out_result);

/* Number of records added. */
size_t dane_num_records(const dane_ctx *ctx);

/* Per-record details; the states are final only after
dane_classify_records() or dane_verify() (before them, BAD_CERTIFICATE,
BAD_SPKI and WEAKER_DIGEST are never reported). */
dane_status dane_get_record(const dane_ctx *ctx, size_t index,
  dane_record_info *out_info);

/* The contract's code text for a reason ("ok", "no-match", ...). */
const char *dane_reason_text(dane_reason reason);

/* The RFC 8460 s4.3 result type for a reason ("certificate-expired"...). */
const char *dane_reason_tlsrpt(dane_reason reason);

/* The contract's code text for a record state ("pkix-usage", ...). */
const char *dane_record_state_text(dane_record_state state);


/* ---- Shared certificate name matcher (RFC 7672 s3.2.2, RFC 6125) ----

Rules: one presented DNS-ID pattern against one reference id; ASCII
case-insensitive; names in A-label form; a trailing dot on the reference
is ignored; a wildcard only as the whole leftmost label ("*") of a pattern
of three or more labels, matching exactly one non-empty label; no
partial-label wildcards ("f*.example.com" never matches); an embedded NUL
or an empty label never matches. */

/* Return 1 if the presented name pattern matches the reference id, else 0. */
int dane_name_match(const char *pattern, size_t pattern_len,
  const char *reference);

/* Check a DER certificate's names against one reference id with the
backend's parser: DNS subjectAltNames first, the subject CN only when the
certificate has no DNS SAN.  *out_match = 1 on a match, else 0. */
dane_status dane_cert_name_check(dane_backend_id backend,
  const unsigned char *der, size_t der_len, const char *reference,
  int *out_match);

#ifdef __cplusplus
}
#endif

#endif /* EXIM_DANE_VERIFY_H */
