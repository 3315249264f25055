/* NAME
     dane_vocab.h - the reasons of a verdict and the states of a TLSA
     record, each defined once as an X-macro list.

   DESCRIPTION
     Plain preprocessor lists, valid C and C++, with no types of their own:
     the core (dane_core.h) makes its enum classes from them, the C ABI
     (dane_verify.h) its enums, dane_verify.cc the texts and the mapping
     between the two, and scripts/gen-doc-tables the tables of
     doc-txt/dane-core.txt.  Adding a reason or a state is adding a row
     here; the order is the ABI's numbering, so rows are only appended.

     DANE_REASON_LIST(X): one row per reason of a verdict,
       X(ABI, core, "code", "TLSRPT result type", "what it means")
     ABI makes DANE_REASON_<ABI>, core the exim_dane::Reason value; the
     code is the verifier contract's fixed text; the result type is that
     of RFC 8460 s4.3 (used for the dane:fail event); the last text is the
     documentation's.

     DANE_RECORD_STATE_LIST(X): one row per usability state of a record,
       X(ABI, core, "code", "when", "RFC")
     ABI makes DANE_RECORD_<ABI>, core the exim_dane::RecordState value;
     "when" is the documentation's condition ("" for usable), "RFC" the
     section that makes the rule ("" when the rule is the format's own).
*/

#ifndef EXIM_DANE_VOCAB_H
#define EXIM_DANE_VOCAB_H

#define DANE_REASON_LIST(X)                                                    \
  X(OK, ok, "ok", "none", "verified")                                          \
  X(NO_RECORDS, no_records, "no-records", "validation-failure",                \
    "the TLSA RRset is empty")                                                 \
  X(NO_USABLE_RECORDS, no_usable_records, "no-usable-records", "tlsa-invalid", \
    "all records unusable")                                                    \
  X(CHAIN_EMPTY, chain_empty, "chain-empty", "validation-failure",             \
    "no certificate presented")                                                \
  X(CHAIN_MALFORMED, chain_malformed, "chain-malformed", "validation-failure", \
    "leaf (or needed cert) does not parse")                                    \
  X(CHAIN_TOO_LONG, chain_too_long, "chain-too-long",                          \
    "certificate-not-trusted",                                                 \
    "over 16 certificates, or no anchor within depth 10")                      \
  X(NO_MATCH, no_match, "no-match", "certificate-not-trusted",                 \
    "no usable record matches")                                                \
  X(NO_PATH, no_path, "no-path", "certificate-not-trusted",                    \
    "a TA record matched, or a full-value TA was given, but no valid "         \
    "path reaches it")                                                         \
  X(NAME_MISMATCH, name_mismatch, "name-mismatch",                             \
    "certificate-host-mismatch",                                               \
    "DANE-TA path fine, leaf name matches no reference id")                    \
  X(EXPIRED, expired, "expired", "certificate-expired",                        \
    "a certificate below the anchor has expired")                              \
  X(NOT_YET_VALID, not_yet_valid, "not-yet-valid", "certificate-expired",      \
    "... is not yet valid")                                                    \
  X(BAD_SIGNATURE, bad_signature, "bad-signature", "certificate-not-trusted",  \
    "a signature does not verify")                                             \
  X(ISSUER_NOT_CA, issuer_not_ca, "issuer-not-ca", "certificate-not-trusted",  \
    "an issuer lacks CA:TRUE")                                                 \
  X(KEY_USAGE, key_usage, "key-usage", "certificate-not-trusted",              \
    "an issuer lacks keyCertSign, an extendedKeyUsage lacks serverAuth, "      \
    "or the leaf's keyUsage/nsCertType does not allow a TLS server")           \
  X(PATH_LENGTH, path_length, "path-length", "certificate-not-trusted",        \
    "pathLenConstraint exceeded")                                              \
  X(NAME_CONSTRAINTS, name_constraints, "name-constraints",                    \
    "certificate-host-mismatch",                                               \
    "a name violates an anchor's or intermediate's constraints")               \
  X(WEAK_ALGORITHM, weak_algorithm, "weak-algorithm",                          \
    "certificate-not-trusted", "signature or key refused")                     \
  X(INTERNAL_ERROR, internal_error, "internal-error", "validation-failure",    \
    "library failure")                                                         \
  X(CRITICAL_EXTENSION, critical_extension, "critical-extension",              \
    "certificate-not-trusted",                                                 \
    "a certificate of the path has a critical extension the verifier "         \
    "does not process (RFC 5280 s4.2)")                                        \
  X(TOO_MANY_RECORDS, too_many_records, "too-many-records", "tlsa-invalid",    \
    "the TLSA RRset is over the bounds (from the TLS glue, never a verdict "   \
    "of dane_verify)")                                                         \
  X(NO_VERDICT, no_verdict, "no-verdict", "validation-failure",                \
    "a handshake completed without a chain to verify (from the TLS glue)")     \
  X(EVENT_VETO, event_veto, "event-veto", "validation-failure",                \
    "a tls:cert event action refused a certificate (from the TLS glue)")

#define DANE_RECORD_STATE_LIST(X)                                            \
  X(USABLE, usable, "usable", "", "")                                        \
  X(PKIX_USAGE, pkix_usage, "pkix-usage", "usage 0 or 1 (PKIX-TA, PKIX-EE)", \
    "RFC 7672 3.1.3")                                                        \
  X(UNKNOWN_USAGE, unknown_usage, "unknown-usage", "usage above 3", "")      \
  X(UNKNOWN_SELECTOR, unknown_selector, "unknown-selector",                  \
    "selector above 1", "")                                                  \
  X(UNKNOWN_MTYPE, unknown_mtype, "unknown-mtype", "matching type above 2",  \
    "")                                                                      \
  X(RDATA_SHORT, rdata_short, "rdata-short", "RDATA under 4 bytes", "")      \
  X(BAD_DIGEST_LENGTH, bad_digest_length, "bad-digest-length",               \
    "SHA2-256 data not 32 bytes, SHA2-512 data not 64 bytes", "")            \
  X(BAD_CERTIFICATE, bad_certificate, "bad-certificate",                     \
    "\"x 0 0\" data not a certificate", "")                                  \
  X(BAD_SPKI, bad_spki, "bad-spki", "\"x 1 0\" data not a public key", "")   \
  X(WEAKER_DIGEST, weaker_digest, "weaker-digest",                           \
    "dropped by digest agility", "RFC 7671 9")

#endif /* EXIM_DANE_VOCAB_H */
