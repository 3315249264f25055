/*************************************************
 *     Exim - DANE verifier: minimal DER reader   *
 *************************************************/

/* NAME
     dane_der.h - a bounded reader for the few DER structures that the
     backends and the core need byte-exact (internal C++; dane_der.cc).

   ENTRY POINTS
     der::read_tlv()        one TLV
     der::is_single_tlv()   exactly one TLV, nothing after it
     der::is_well_formed()  one TLV, constructed contents filling it
     der::split_cert()      the fields of a Certificate (RFC 5280 s4.1)
     der::read_extensions() its Extensions (RFC 5280 s4.1.2.9)
     der::parse_validity()  its Validity (RFC 5280 s4.1.2.5)

   OWNERSHIP
     Pure functions over caller-owned buffers; every Tlv and Extension is a
     view into the buffer given.  No allocation except the vector of
     read_extensions.
*/

#ifndef EXIM_DANE_DER_H
#define EXIM_DANE_DER_H

#include <cstddef>
#include <cstdint>
#include <vector>

#include "dane_bytes.h"

namespace exim_dane {

namespace der {
// A view on one TLV inside a buffer.
struct Tlv {
  std::uint8_t tag = 0;
  const std::uint8_t *value = nullptr;
  std::size_t value_len = 0;
  const std::uint8_t *whole = nullptr;  // tag..end of value
  std::size_t whole_len = 0;
};
// Read one TLV (definite length, single-byte tag) at p; false if malformed.
bool read_tlv(const std::uint8_t *p, std::size_t len, Tlv &out);
// True if buf is exactly one well-formed TLV with no trailing bytes.
bool is_single_tlv(const std::uint8_t *p, std::size_t len);
// True if buf is one TLV whose constructed contents (recursively, at most
// 32 levels) are TLVs exactly filling their parent.
bool is_well_formed(const std::uint8_t *p, std::size_t len);
// Locate tbsCertificate, signatureValue and the tbs fields of a cert.
struct CertParts {
  Tlv tbs, sig_alg, sig_value, issuer, validity, subject, spki;
  Tlv extensions;  // the [3] field's Extensions SEQUENCE; tag 0 if absent
};
// One extension (RFC 5280 s4.1): OID contents, critical flag, and the
// contents of its extnValue OCTET STRING; views into the certificate.
struct Extension {
  ByteView oid;
  bool critical = false;
  ByteView value;
};
// The extensions of split_cert's parts, at most kMaxExtensions; false if
// malformed or too many.
constexpr std::size_t kMaxExtensions = 64;
bool read_extensions(const CertParts &parts, std::vector<Extension> &out);
bool split_cert(const std::uint8_t *p, std::size_t len, CertParts &out);
// Decode the Validity of split_cert (UTCTime / GeneralizedTime, RFC 5280
// s4.1.2.5, "Z" form only) into seconds since the epoch.
bool parse_validity(const CertParts &parts, std::int64_t &not_before,
                    std::int64_t &not_after);
}  // namespace der

}  // namespace exim_dane

#endif  // EXIM_DANE_DER_H
