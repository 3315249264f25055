/*************************************************
 *     Exim - DANE verifier: policy core          *
 *************************************************/

/* NAME
     dane_core.h - the DANE policy (RFC 6698, RFC 7671, RFC 7672) as pure
     C++: no TLS library header, no I/O, no clock, no C ABI header (internal;
     the C ABI is dane_verify.h, which maps the core's result types).

   ENTRY POINTS
     classify_record()   record usability (RFC 6698 s2.1, RFC 7672 s3.1.3)
     parse_presentation()"U S M HEX" to RDATA
     apply_agility()     digest agility (RFC 7671 s9)
     key_allowed(), sig_allowed()  the allow-list
     read_extension_facts()  the extensions the core reads from the DER
                         (one list of processed extensions)
     Verifier::run()     the whole verification, from the building blocks
                         of dane_chain.h

   OWNERSHIP
     Verifier holds a Backend reference (not owned) and copies of all
     inputs.  Everything is RAII; a std::bad_alloc may escape and is caught
     at the C boundary.
*/

#ifndef EXIM_DANE_CORE_H
#define EXIM_DANE_CORE_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dane_backend.h"
#include "dane_vocab.h"

namespace exim_dane {

/* The core's own vocabulary, made from the lists of dane_vocab.h (plain
macros, no C ABI type).  The C ABI (dane_verify.h) makes its enums from the
same lists; dane_verify.cc maps one to the other. */
#define EXIM_DANE_CORE_NAME_(abi, core, ...) core,

// Why a verification did not verify (Reason::ok when it did).
enum class Reason { DANE_REASON_LIST(EXIM_DANE_CORE_NAME_) };

// A TLSA record's usability.
enum class RecordState { DANE_RECORD_STATE_LIST(EXIM_DANE_CORE_NAME_) };

#undef EXIM_DANE_CORE_NAME_

// The bounds on hostile input (the C ABI publishes the same numbers).
constexpr std::size_t kMaxRdata = 65535;    // bytes of one RDATA
constexpr std::size_t kMaxChain = 16;       // presented certificates
constexpr std::size_t kMaxDepth = 10;       // certificates in a path
constexpr std::size_t kMaxCertDer = 65536;  // bytes of one certificate

// The verdict of one verification; the C ABI's dane_result is filled from
// it field by field.
struct Verdict {
  bool verified = false;
  Reason reason = Reason::internal_error;
  int depth = -1;  // see DEPTH REPORTED in dane_core.cc
  int usage = -1;  // the record the verdict rests on, or -1
  int selector = -1;
  int mtype = -1;
  int record_index = -1;
  unsigned usage_bits = 0;             // OR of (1 << usage) over usable records
  const char *matched_name = nullptr;  // points into the Verifier
  std::size_t num_records = 0;
  std::size_t num_usable = 0;
};

struct ChainCert;  // dane_chain.h
struct PathOutcome;
class Matcher;

// One TLSA record as given, with its usability.
struct Record {
  Bytes rdata;  // as given (usage, selector, mtype, data)
  int usage = -1;
  int selector = -1;
  int mtype = -1;
  RecordState state = RecordState::usable;
  // Parsed full-value data (mtype 0), filled by the verifier.
  CertInfo cert;  // selector 0; views into rdata
  std::unique_ptr<CertHandle> cert_handle;
  KeyInfo key;  // selector 0 (its key) or 1
  const std::uint8_t *data() const
  {
    return rdata.data() + 3;
  }
  std::size_t data_len() const
  {
    return rdata.size() >= 3 ? rdata.size() - 3 : 0;
  }
};

// Fill usage/selector/mtype and the state from the RDATA alone (everything
// except the full-value parse and agility).
void classify_record(Record &rec);

// Parse "U S M HEX" into RDATA; false on bad syntax.
bool parse_presentation(const char *text, Bytes &out_rdata);

// RFC 7671 s9: mark weaker digests of each (usage, selector) WEAKER_DIGEST.
void apply_agility(std::vector<Record> &records);

// Fill cert.ext from cert.der: the extensions (RFC 5280 s4.2) against the
// one list of processed extensions, and the RSA-PSS parameters.
void read_extension_facts(CertInfo &cert);

// Is this extension OID (contents octets) one the verifier processes, so
// that it may be critical (RFC 5280 s4.2)?
bool extension_processed(const std::uint8_t *oid, std::size_t oid_len);

// The allow-list (sig_allowed takes the certificate: RSA-PSS parameters).
bool key_allowed(const KeyInfo &key);
bool sig_allowed(const SigInfo &sig);
bool sig_allowed(const CertInfo &cert);

// Inputs and the verdict of one verification.
class Verifier {
 public:
  explicit Verifier(Backend &backend) : backend_(backend) {}

  std::vector<Record> records;
  std::vector<std::string> names;  // reference ids, first = TLSA base
  std::vector<Bytes> chain;        // presented, leaf first
  // Per certificate of chain (or fewer, then null): the TLS library's
  // parsed object, a hint for Backend::parse_cert_hinted (dane_verify.h).
  std::vector<void *> chain_hints;
  std::int64_t now = 0;

  // Make every record's state final without a chain: the RDATA rules, the
  // full-value parse with this backend, then agility.  Idempotent.
  void classify_records();

  // Run; fills result fields (matched_name points into this object).
  void run(Verdict &out);

 private:
  void run_ta(std::vector<ChainCert> &certs, Matcher &matcher, Verdict &out);
  void accept_ta(const PathOutcome &best, ChainCert &leaf, Verdict &out);
  Backend &backend_;
  std::string matched_name_;
};

}  // namespace exim_dane

#endif  // EXIM_DANE_CORE_H
