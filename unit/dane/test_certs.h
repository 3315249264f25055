// Test certificate factory: makes keys and X.509 certificates at test time
// with the OpenSSL API (no checked-in key material).  Test code only.
#ifndef DANE_TEST_CERTS_H
#define DANE_TEST_CERTS_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dane_test {

using Bytes = std::vector<unsigned char>;

struct KeyFree {
  void operator()(EVP_PKEY *k) const
  {
    EVP_PKEY_free(k);
  }
};
struct CertFree {
  void operator()(X509 *x) const
  {
    X509_free(x);
  }
};
using Key = std::shared_ptr<EVP_PKEY>;
using Cert = std::shared_ptr<X509>;

// Fresh keys ("ec256", "ec384", "ed25519", "rsa2048", "rsa1024").
Key make_key(const std::string &kind);

constexpr std::int64_t kNow = 1800000000;  // 2027-01-15, the test clock

struct Spec {
  std::string cn;                     // subject CN
  std::vector<std::string> sans;      // DNS SANs
  std::vector<std::string> raw_sans;  // DNS SANs, raw bytes (NUL etc.)
  bool ca = false;                    // basicConstraints CA:TRUE
  bool bc = true;                     // include basicConstraints at all
  int pathlen = -1;
  std::string ku;  // keyUsage text, "" = absent
  std::string nc;  // nameConstraints text, "" = absent
  std::int64_t not_before = kNow - 86400;
  std::int64_t not_after = kNow + 86400 * 365;
  std::string md = "sha256";  // "sha1", "sha256", ... or "" (EdDSA)
  // More extensions, each (name or dotted OID, value) in openssl's config
  // syntax, e.g. {"1.3.6.1.4.1.32473.1", "critical,DER:0500"}.
  std::vector<std::pair<std::string, std::string>> exts;
};

// Make a certificate for `key` per spec, issued by (issuer, issuer_key), or
// self-signed when issuer is null.
Cert make_cert(const Spec &spec, const Key &key, const Cert &issuer,
               const Key &issuer_key);

Bytes der(const Cert &c);
Bytes spki(const Cert &c);
Bytes spki_of_key(const Key &k);
Bytes sha256(const Bytes &b);
Bytes sha512(const Bytes &b);
std::string hex(const Bytes &b);
// "U S M HEX" for a cert: selector 0 cert / 1 spki; mtype 0/1/2.
std::string tlsa(int usage, int selector, int mtype, const Cert &c);
// Write PEM chain to a file.
void write_pem(const std::string &path, const std::vector<Cert> &chain);

// A standard hierarchy: root CA -> intermediate CA -> leaf (EC P-256).
struct Hierarchy {
  Key root_key, int_key, leaf_key;
  Cert root, inter, leaf;
};
Hierarchy make_hierarchy(const std::vector<std::string> &leaf_sans = {
                             "mx.example.net"});

}  // namespace dane_test

#endif
