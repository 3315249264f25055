/*************************************************
 *     Exim - DANE verifier: shared backend base  *
 *************************************************/

/* NAME
     dane_backend_base.h - what every backend (dane_backend_openssl.cc,
     dane_backend_gnutls.cc) shares, so that a backend file holds only its
     library's calls (internal C++).

   ENTRY POINTS
     KeyCache<Owner>       decoded public keys by SPKI bytes, bounded
     push_bounded()        append a name within the bounds of
                           dane_backend.h (kMaxNamesPerCert, kMaxNameBytes)
     fill_from_parts()     the CertInfo fields taken from the certificate's
                           own bytes (views; identical in every backend)
     undecodable_key_refused()  the rule for a key that does not decode
     make_backend_of<B>()  a backend's factory (B = void: its stub)

   OWNERSHIP
     KeyCache owns its keys through Owner (a std::unique_ptr); find()
     returns a pointer valid while the cache lives.
*/

#ifndef EXIM_DANE_BACKEND_BASE_H
#define EXIM_DANE_BACKEND_BASE_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dane_backend.h"
#include "dane_der.h"

namespace exim_dane {

// Decoded public keys by SPKI bytes: decoding costs (OpenSSL 3's provider
// decoder chain, GnuTLS's import and parameter check), and the same issuer
// or record key is used for several checks.  Bounded; a linear search (a
// verification sees a handful of keys).
template <class Owner>
class KeyCache {
 public:
  static constexpr std::size_t kMaxKeys = 64;

  // The key kept for these SPKI bytes, or null.
  typename Owner::pointer find(const std::uint8_t *spki, std::size_t len) const
  {
    for (const auto &k : keys_) {
      if (k.first.size() == len &&
          std::memcmp(k.first.data(), spki, len) == 0) {
        return k.second.get();
      }
    }
    return nullptr;
  }

  // Would add() keep a key for these bytes (room, and none kept yet)?
  bool wants(const std::uint8_t *spki, std::size_t len) const
  {
    return keys_.size() < kMaxKeys && find(spki, len) == nullptr;
  }

  // Keep k (moved from only if kept).
  void add(const std::uint8_t *spki, std::size_t len, Owner &&k)
  {
    if (k && wants(spki, len)) {
      keys_.emplace_back(Bytes(spki, spki + len), std::move(k));
    }
  }

 private:
  std::vector<std::pair<Bytes, Owner>> keys_;
};

// Append a name to v: at most kMaxNamesPerCert (beyond that *truncated is
// set, when given); a name that is absent (!ok) or longer than
// kMaxNameBytes is kept as a single NUL byte: present, never matches.
void push_bounded(std::vector<std::string> &v, const char *p, std::size_t len,
                  bool ok, bool *truncated);

// Fill out's der, spki, subject, issuer and validity from the certificate's
// own bytes (views into der, never re-encoded), identically in every
// backend.
void fill_from_parts(const std::uint8_t *der, std::size_t len,
                     const der::CertParts &parts, CertInfo &out);

// A certificate whose key does not decode: refused (the certificate is
// unparsable) when the key's algorithm is one every backend knows (RSA,
// RSA-PSS, DSA, EC, Ed25519, Ed448), so that the backends agree; a key of
// another algorithm (alg KeyAlg::unknown) stays allowed, and the core's
// allow-list decides.  alg: the algorithm the certificate names, mapped by
// the backend.
bool undecodable_key_refused(KeyAlg alg);

// A backend's factory: a new B, or null for B = void (the stub, when the
// backend's library is not compiled in).
template <class B>
std::unique_ptr<Backend> make_backend_of()
{
  return std::unique_ptr<Backend>(new B);
}

template <>
inline std::unique_ptr<Backend> make_backend_of<void>()
{
  return nullptr;
}

}  // namespace exim_dane

#endif  // EXIM_DANE_BACKEND_BASE_H
