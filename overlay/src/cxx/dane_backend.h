/*************************************************
 *     Exim - DANE verifier: backend interface    *
 *************************************************/

/* NAME
     dane_backend.h - the narrow interface between the DANE policy core and
     a crypto library (internal C++; not part of the C ABI).

   DESCRIPTION
     A backend REPORTS and VERIFIES; it decides nothing.  It has five
     operations:
       1. parse_cert       parse and check one DER certificate into a
                           CertInfo (DER, SPKI DER, subject/issuer DER,
                           validity, basicConstraints, keyUsage,
                           nameConstraints, signature algorithm, key) and
                           keep a handle for operations 4 and 5; whether a
                           certificate is accepted is decided here, in full;
                           parse_cert_hinted is the same with the TLS
                           library's own parsed object as a hint (HINTS);
       2. parse_spki       parse a DER SubjectPublicKeyInfo (KeyInfo);
       3. digest           SHA2-256 / SHA2-512 of a buffer;
       4. verify_signature one certificate's signature against a given SPKI,
                           raw: no algorithm profile, no key-size policy;
       5. read_names       the DNS subjectAltNames and subject CNs, on
                           demand: only name checks need them (a DANE-EE
                           match never does), so parse_cert may leave them
                           unread (CertInfo::names_read false).
     The allow-list of algorithms and key sizes, every X.509 rule and every
     DANE rule live in the core (dane_core.cc).

   OWNERSHIP
     parse_cert returns a std::unique_ptr to a backend-owned handle; the
     CertInfo is plain data owned by the caller.  The CertInfo's der, spki,
     subject and issuer, and the handle, point into the DER buffer given to
     parse_cert: the caller keeps that buffer unchanged until both are gone
     (the core parses the chain and the records it owns).  A backend may
     cache decoded keys by SPKI bytes (bounded); it may throw
     std::bad_alloc, which the C ABI layer catches.

   HINTS
     Inside an MTA the TLS library has already decoded the presented chain;
     decoding it again from DER is the dearest part of a DANE-TA
     verification with OpenSSL 3 (its key decoder).  The C ABI
     (dane_add_chain_der_hint) lets the caller pass that object beside the
     DER, opaque to the core.  A backend that knows the type (OpenSSL: X509)
     may build its handle from it, but only when the object encodes to
     exactly the DER given, so that what is verified is those bytes and the
     CertInfo and verdict are the same as without the hint; otherwise, and
     in a backend that does not know it (the default), the hint is
     ignored.  The backend takes its own reference to an object it keeps.

   BOUNDS
     A backend collects at most kMaxNamesPerCert DNS SANs (setting
     names_truncated beyond that), kMaxNamesPerCert CNs and
     kMaxNamesPerCert name-constraint subtrees of each kind, and copies no
     name longer than kMaxNameBytes (longer ones are kept as an
     unmatchable marker, see CertInfo).
*/

#ifndef EXIM_DANE_BACKEND_H
#define EXIM_DANE_BACKEND_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dane_bytes.h"

namespace exim_dane {

constexpr std::size_t kMaxNamesPerCert = 256;
constexpr std::size_t kMaxNameBytes = 1024;
constexpr std::size_t kMaxDigestLen = 64;  // SHA2-512

enum class HashAlg { unknown, none, md5, sha1, sha224, sha256, sha384, sha512 };

enum class SigFamily {
  unknown,
  rsa_pkcs1,
  rsa_pss,
  ecdsa,
  ed25519,
  ed448,
  dsa
};

enum class KeyAlg {
  unknown,
  rsa,
  rsa_pss,
  ec_p256,
  ec_p384,
  ec_p521,
  ec_other,
  ed25519,
  ed448,
  dsa
};

// A certificate's signature algorithm, as reported by the backend.
struct SigInfo {
  SigFamily family = SigFamily::unknown;
  HashAlg hash = HashAlg::unknown;
};

// A public key's type and size (bits of the modulus / field).
struct KeyInfo {
  KeyAlg alg = KeyAlg::unknown;
  unsigned bits = 0;
};

// What the core reads itself from a certificate's DER: its extensions
// (RFC 5280 s4.2) and its RSA-PSS parameters (RFC 4055 s3.1).
struct ExtFacts {
  bool read = false;              // filled (read_extension_facts)
  bool malformed = false;         // undecodable, or one extension twice
  bool unknown_critical = false;  // a critical extension not processed
  bool eku_present = false;       // extendedKeyUsage
  bool eku_server_auth = false;   // id-kp-serverAuth listed
  bool ku_tls = false;            // keyUsage has digitalSignature,
                                  // keyEncipherment or keyAgreement
  bool ns_present = false;        // nsCertType
  bool ns_ssl_server = false;     // its sslServer bit
  bool pss_params_ok = false;     // RSA-PSS: MGF1 with the same hash,
                                  // salt = hash length, trailer 1
};

// Everything the core needs of one certificate; plain data.
struct CertInfo {
  ByteView der;                 // the whole certificate, as given
  ByteView spki;                // SubjectPublicKeyInfo DER, as encoded in it
  ByteView subject;             // subject Name DER (for linkage comparison)
  ByteView issuer;              // issuer Name DER
  bool dates_ok = false;        // validity decoded
  std::int64_t not_before = 0;  // seconds since the epoch (UTC)
  std::int64_t not_after = 0;
  bool bc_present = false;  // basicConstraints
  bool bc_ca = false;
  int path_len = -1;           // pathLenConstraint, -1 when absent
  bool ku_present = false;     // keyUsage
  bool ku_cert_sign = false;   // keyCertSign bit
  bool nc_present = false;     // nameConstraints
  bool nc_unreadable = false;  // present but not decodable
  std::vector<std::string> nc_permitted_dns;  // dNSName subtrees
  std::vector<std::string> nc_excluded_dns;
  // The names below are complete only when names_read (op 5).
  bool names_read = false;
  // DNS names from subjectAltName.  Raw bytes: may hold NULs or non-ASCII,
  // which the matcher rejects.  A name longer than kMaxNameBytes is kept as
  // a single NUL byte so that it counts as present but never matches.
  std::vector<std::string> dns_sans;
  bool names_truncated = false;
  std::vector<std::string> cns;  // subject commonName values (UTF-8)
  SigInfo sig;                   // this certificate's signature algorithm
  KeyInfo key;                   // this certificate's public key
  // Filled by the core from the DER (read_extension_facts in
  // dane_core.cc), never by a backend: one reading for both.
  ExtFacts ext;
};

// Opaque per-certificate handle for verify_signature.
class CertHandle {
 public:
  virtual ~CertHandle() = default;
};

enum class SigCheck { ok, bad, error };

// The backend operations (see the header comment).
class Backend {
 public:
  virtual ~Backend() = default;
  // Short name: "openssl" or "gnutls".
  virtual const char *name() const noexcept = 0;
  // Op 1: parse a DER certificate (exactly one, no trailing bytes); null on
  // failure.
  virtual std::unique_ptr<CertHandle> parse_cert(const std::uint8_t *der,
                                                 std::size_t len,
                                                 CertInfo &out) = 0;
  // Op 1 with a hint (HINTS above; null: none).  The default ignores the
  // hint.
  virtual std::unique_ptr<CertHandle> parse_cert_hinted(const std::uint8_t *der,
                                                        std::size_t len,
                                                        void *hint,
                                                        CertInfo &out)
  {
    (void)hint;
    return parse_cert(der, len, out);
  }
  // Op 2: parse a DER SubjectPublicKeyInfo; false if it is not one.
  virtual bool parse_spki(const std::uint8_t *der, std::size_t len,
                          KeyInfo &out) = 0;
  // Op 3: SHA2-256 or SHA2-512 digest into out (kMaxDigestLen bytes of
  // room), its length in out_len; false on library failure.
  virtual bool digest(HashAlg alg, const std::uint8_t *data, std::size_t len,
                      std::uint8_t *out, std::size_t &out_len) = 0;
  // Op 4: does the certificate's signature verify under this SPKI?
  virtual SigCheck verify_signature(const CertHandle &cert,
                                    const CertInfo &info,
                                    const std::uint8_t *spki,
                                    std::size_t spki_len) = 0;
  // Op 5: fill info's dns_sans, names_truncated and cns from the
  // certificate of this handle (a no-op once info.names_read), and set
  // names_read.
  virtual void read_names(const CertHandle &cert, CertInfo &info) = 0;
};

// The backend registry (dane_backend_base.cc): one row per backend, in the
// order DANE_BACKEND_DEFAULT tries them.  A row's factory returns null when
// its library is not compiled in (the backend file's stub).  The ids are
// the C ABI's dane_backend_id values (dane_verify.cc checks them equal).
enum class BackendId : int { openssl = 1, gnutls = 2 };

struct BackendEntry {
  BackendId id;
  const char *name;  // as Backend::name()
  std::unique_ptr<Backend> (*make)();
};

// The table; its number of rows in num.
const BackendEntry *backend_table(std::size_t &num);

// Is id a row of the table?
bool backend_known(int id);

// A new backend of that id; null when unknown or not compiled in.
std::unique_ptr<Backend> make_backend(BackendId id);

// A new backend of the first row compiled in; null when none is.
std::unique_ptr<Backend> make_default_backend();

// The factories of the rows (each backend file: the backend, or its stub).
std::unique_ptr<Backend> make_openssl_backend();
std::unique_ptr<Backend> make_gnutls_backend();

}  // namespace exim_dane

#endif  // EXIM_DANE_BACKEND_H
