/*************************************************
 *     Exim - DANE verifier: shared backend base  *
 *************************************************/

/* NAME
     dane_backend_base.cc - the backend registry (dane_backend.h) and the
     code every backend shares (dane_backend_base.h).  Names no TLS
     library: part of the core objects in every build.
*/

#include "dane_backend_base.h"

namespace exim_dane {

namespace {

// The registry: the order is DANE_BACKEND_DEFAULT's preference.
constexpr BackendEntry kBackends[] = {
    {BackendId::openssl, "openssl", make_openssl_backend},
    {BackendId::gnutls, "gnutls", make_gnutls_backend},
};

constexpr std::size_t kNumBackends = sizeof(kBackends) / sizeof(kBackends[0]);

}  // namespace

const BackendEntry *backend_table(std::size_t &num)
{
  num = kNumBackends;
  return kBackends;
}

bool backend_known(int id)
{
  for (const BackendEntry &e : kBackends) {
    if (static_cast<int>(e.id) == id) {
      return true;
    }
  }
  return false;
}

std::unique_ptr<Backend> make_backend(BackendId id)
{
  for (const BackendEntry &e : kBackends) {
    if (e.id == id) {
      return e.make();
    }
  }
  return nullptr;
}

std::unique_ptr<Backend> make_default_backend()
{
  for (const BackendEntry &e : kBackends) {
    std::unique_ptr<Backend> b = e.make();
    if (b) {
      return b;
    }
  }
  return nullptr;
}

void push_bounded(std::vector<std::string> &v, const char *p, std::size_t len,
                  bool ok, bool *truncated)
{
  if (v.size() >= kMaxNamesPerCert) {
    if (truncated != nullptr) {
      *truncated = true;
    }
    return;
  }
  if (!ok || len > kMaxNameBytes) {
    v.emplace_back(1, '\0');  // present, never matches
    return;
  }
  v.emplace_back(p, len);
}

void fill_from_parts(const std::uint8_t *der, std::size_t len,
                     const der::CertParts &parts, CertInfo &out)
{
  out.der = ByteView(der, len);
  out.spki = ByteView(parts.spki.whole, parts.spki.whole_len);
  out.subject = ByteView(parts.subject.whole, parts.subject.whole_len);
  out.issuer = ByteView(parts.issuer.whole, parts.issuer.whole_len);
  out.dates_ok = der::parse_validity(parts, out.not_before, out.not_after);
}

bool undecodable_key_refused(KeyAlg alg)
{
  switch (alg) {
    case KeyAlg::rsa:
    case KeyAlg::rsa_pss:
    case KeyAlg::dsa:
    case KeyAlg::ec_p256:
    case KeyAlg::ec_p384:
    case KeyAlg::ec_p521:
    case KeyAlg::ec_other:
    case KeyAlg::ed25519:
    case KeyAlg::ed448:
      return true;
    case KeyAlg::unknown:
      break;
  }
  return false;
}

}  // namespace exim_dane
