/*************************************************
 *     Exim - DANE verifier: OpenSSL backend      *
 *************************************************/

/* NAME
     dane_backend_openssl.cc - the five backend operations of
     dane_backend.h with OpenSSL (libcrypto only).  Reports and verifies;
     decides nothing.

   BUILD
     Compiled in when USE_OPENSSL (Exim's config.h) or DANE_WITH_OPENSSL
     (the standalone unit build) is defined; otherwise the factory returns
     null.  Needs OpenSSL 1.1.1 or later (X509_get_signature_info is 1.1.1+);
     links with -lcrypto.

   BYTE-EXACT FIELDS
     The SPKI, subject and issuer DER come from the certificate's own bytes
     via der::split_cert, identically in both backends (views, no copies,
     never re-encoded).

   COST
     Decoding a public key is the most expensive step in OpenSSL 3 (the
     provider decoder chain, once per d2i_X509 or d2i_PUBKEY), so decoded
     keys are kept per backend by SPKI bytes (parse_cert, parse_spki) and
     reused by verify_signature, and parse_cert_hinted takes the X509 the
     TLS library already decoded (a new reference) instead of decoding the
     DER again, when i2d_X509 of it is byte-identical to that DER (the
     TLS library keeps the received tbsCertificate encoding, so this is a
     copy and a memcmp, not a decode).  Names are read only on demand
     (read_names).  The SHA-2 implementations are fetched once per process.
*/

#include "dane_backend_base.h"

#if defined(USE_OPENSSL) || defined(DANE_WITH_OPENSSL)

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/opensslv.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstring>
#include <utility>
#include <vector>

#if OPENSSL_VERSION_NUMBER < 0x10101000L
#error "the DANE verifier needs OpenSSL 1.1.1 or later"
#endif

namespace exim_dane {

namespace {

struct X509Deleter {
  void operator()(X509 *x) const
  {
    X509_free(x);
  }
};
struct PkeyDeleter {
  void operator()(EVP_PKEY *k) const
  {
    EVP_PKEY_free(k);
  }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

class OsslCert final : public CertHandle {
 public:
  explicit OsslCert(X509 *x) : x509(x) {}
  X509Ptr x509;
};

HashAlg hash_from_nid(int nid)
{
  switch (nid) {
    case NID_md5:
      return HashAlg::md5;
    case NID_sha1:
      return HashAlg::sha1;
    case NID_sha224:
      return HashAlg::sha224;
    case NID_sha256:
      return HashAlg::sha256;
    case NID_sha384:
      return HashAlg::sha384;
    case NID_sha512:
      return HashAlg::sha512;
    case NID_undef:
      return HashAlg::none;
    default:
      return HashAlg::unknown;
  }
}

KeyInfo key_info(EVP_PKEY *k)
{
  KeyInfo ki;
  if (k == nullptr) {
    return ki;
  }
  const int bits = EVP_PKEY_bits(k);
  ki.bits = bits > 0 ? static_cast<unsigned>(bits) : 0;
  switch (EVP_PKEY_base_id(k)) {
    case EVP_PKEY_RSA:
      ki.alg = KeyAlg::rsa;
      break;
    case EVP_PKEY_RSA_PSS:
      ki.alg = KeyAlg::rsa_pss;
      break;
    case EVP_PKEY_DSA:
      ki.alg = KeyAlg::dsa;
      break;
    case EVP_PKEY_ED25519:
      ki.alg = KeyAlg::ed25519;
      break;
    case EVP_PKEY_ED448:
      ki.alg = KeyAlg::ed448;
      break;
    case EVP_PKEY_EC: {
      int nid = NID_undef;
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
      char group[64];
      size_t glen = 0;
      if (EVP_PKEY_get_group_name(k, group, sizeof group, &glen) == 1) {
        nid = OBJ_sn2nid(group);
        if (nid == NID_undef) {
          nid = EC_curve_nist2nid(group);
        }
      }
#else
      const EC_KEY *ec = EVP_PKEY_get0_EC_KEY(k);
      const EC_GROUP *g = ec != nullptr ? EC_KEY_get0_group(ec) : nullptr;
      nid = g != nullptr ? EC_GROUP_get_curve_name(g) : NID_undef;
#endif
      ki.alg = nid == NID_X9_62_prime256v1 ? KeyAlg::ec_p256
               : nid == NID_secp384r1      ? KeyAlg::ec_p384
               : nid == NID_secp521r1      ? KeyAlg::ec_p521
                                           : KeyAlg::ec_other;
      break;
    }
    default:
      ki.alg = KeyAlg::unknown;
      break;
  }
  return ki;
}

// A name as OpenSSL gives it (p may be null, len negative: absent).
void push_name(std::vector<std::string> &v, const unsigned char *p, int len,
               bool *truncated)
{
  push_bounded(v, reinterpret_cast<const char *>(p),
               len > 0 ? static_cast<std::size_t>(len) : 0,
               p != nullptr && len >= 0, truncated);
}

// The DNS subjectAltNames and subject CNs (op 5).
void read_cert_names(X509 *x, CertInfo &out)
{
  // subjectAltName dNSName entries.
  int crit = -1;
  GENERAL_NAMES *gens = static_cast<GENERAL_NAMES *>(
      X509_get_ext_d2i(x, NID_subject_alt_name, &crit, nullptr));
  if (gens != nullptr) {
    const int num = sk_GENERAL_NAME_num(gens);
    for (int i = 0; i < num; i++) {
      const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
      if (g->type == GEN_DNS) {
        push_name(out.dns_sans, ASN1_STRING_get0_data(g->d.dNSName),
                  ASN1_STRING_length(g->d.dNSName), &out.names_truncated);
      }
    }
    GENERAL_NAMES_free(gens);
  } else if (crit >= 0) {
    // Present but undecodable: count as a DNS SAN that never matches.
    out.dns_sans.emplace_back(1, '\0');
  }
  // Subject commonName values, as UTF-8.
  const X509_NAME *subj = X509_get_subject_name(x);
  int pos = -1;
  while ((pos = X509_NAME_get_index_by_NID(subj, NID_commonName, pos)) >= 0) {
    const X509_NAME_ENTRY *e = X509_NAME_get_entry(subj, pos);
    unsigned char *utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
    push_name(out.cns, len >= 0 ? utf8 : nullptr, len, nullptr);
    OPENSSL_free(utf8);
    if (out.cns.size() >= kMaxNamesPerCert) {
      break;
    }
  }
}

void read_name_constraints(X509 *x, CertInfo &out)
{
  int crit = -1;
  NAME_CONSTRAINTS *nc = static_cast<NAME_CONSTRAINTS *>(
      X509_get_ext_d2i(x, NID_name_constraints, &crit, nullptr));
  if (nc == nullptr) {
    if (crit >= 0) {
      out.nc_present = true;
      out.nc_unreadable = true;
    }
    return;
  }
  out.nc_present = true;
  struct {
    STACK_OF(GENERAL_SUBTREE) * sk;
    std::vector<std::string> *dst;
  } const lists[2] = {{nc->permittedSubtrees, &out.nc_permitted_dns},
                      {nc->excludedSubtrees, &out.nc_excluded_dns}};
  for (const auto &l : lists) {
    const int num = l.sk != nullptr ? sk_GENERAL_SUBTREE_num(l.sk) : 0;
    for (int i = 0; i < num; i++) {
      const GENERAL_SUBTREE *st = sk_GENERAL_SUBTREE_value(l.sk, i);
      if (st->base != nullptr && st->base->type == GEN_DNS) {
        bool trunc = false;
        push_name(*l.dst, ASN1_STRING_get0_data(st->base->d.dNSName),
                  ASN1_STRING_length(st->base->d.dNSName), &trunc);
        if (trunc) {
          out.nc_unreadable = true;
        }
      }
    }
  }
  NAME_CONSTRAINTS_free(nc);
}

// basicConstraints, keyUsage and nameConstraints into out; false when an
// extension is malformed (EXFLAG_INVALID, as GnuTLS, which decodes these
// at import) or the name constraints are unreadable.
bool read_ca_facts(X509 *x, CertInfo &out)
{
  const std::uint32_t flags = X509_get_extension_flags(x);
  if ((flags & EXFLAG_INVALID) != 0) {
    return false;
  }
  out.bc_present = (flags & EXFLAG_BCONS) != 0;
  out.bc_ca = out.bc_present && (flags & EXFLAG_CA) != 0;
  if (out.bc_ca) {
    const long pl = X509_get_pathlen(x);
    out.path_len = pl >= 0 && pl <= 1000000 ? static_cast<int>(pl) : -1;
  }
  out.ku_present = (flags & EXFLAG_KUSAGE) != 0;
  out.ku_cert_sign =
      out.ku_present && (X509_get_key_usage(x) & KU_KEY_CERT_SIGN) != 0;
  // Decode nameConstraints only when present (leaves have none): an
  // unreadable one is already EXFLAG_INVALID, but too many subtrees make
  // the certificate unparsable here too (as GnuTLS).
  if (X509_get_ext_by_NID(x, NID_name_constraints, -1) >= 0) {
    read_name_constraints(x, out);
  }
  return !out.nc_unreadable;
}

// A signature algorithm's family and hash, from its digest and key NIDs.
SigInfo sig_info(int mdnid, int pknid)
{
  SigInfo sig;
  sig.hash = hash_from_nid(mdnid);
  switch (pknid) {
    case NID_rsaEncryption:
      sig.family = SigFamily::rsa_pkcs1;
      break;
    case NID_rsassaPss:
      sig.family = SigFamily::rsa_pss;
      break;
    case NID_X9_62_id_ecPublicKey:
      sig.family = SigFamily::ecdsa;
      break;
    case NID_ED25519:
      sig.family = SigFamily::ed25519;
      break;
    case NID_ED448:
      sig.family = SigFamily::ed448;
      break;
    case NID_dsa:
      sig.family = SigFamily::dsa;
      break;
    default:
      sig.family = SigFamily::unknown;
      break;
  }
  return sig;
}

// The SHA-2 digests, fetched once per process (OpenSSL 3 otherwise
// fetches them on every EVP_Digest); never freed.
const EVP_MD *sha2_md(HashAlg alg)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
  auto fetch = [](const char *name, const EVP_MD *fallback) -> const EVP_MD * {
    const EVP_MD *const md = EVP_MD_fetch(nullptr, name, nullptr);
    return md != nullptr ? md : fallback;
  };
  static const EVP_MD *const sha256 = fetch("SHA2-256", EVP_sha256());
  static const EVP_MD *const sha512 = fetch("SHA2-512", EVP_sha512());
#else
  static const EVP_MD *const sha256 = EVP_sha256();
  static const EVP_MD *const sha512 = EVP_sha512();
#endif
  return alg == HashAlg::sha256   ? sha256
         : alg == HashAlg::sha512 ? sha512
                                  : nullptr;
}

// The key algorithm a certificate names, for undecodable_key_refused().
KeyAlg key_alg_from_nid(int nid)
{
  switch (nid) {
    case NID_rsaEncryption:
      return KeyAlg::rsa;
    case NID_rsassaPss:
      return KeyAlg::rsa_pss;
    case NID_dsa:
      return KeyAlg::dsa;
    case NID_X9_62_id_ecPublicKey:
      return KeyAlg::ec_other;
    case NID_ED25519:
      return KeyAlg::ed25519;
    case NID_ED448:
      return KeyAlg::ed448;
    default:
      return KeyAlg::unknown;
  }
}

// Does x encode (i2d_X509) to exactly these bytes?  Then a handle made
// from x is one d2i_X509 of them would give.
bool encodes_to(X509 *x, const std::uint8_t *der, std::size_t len)
{
  unsigned char *enc = nullptr;
  const int n = i2d_X509(x, &enc);
  const bool same = n > 0 && static_cast<std::size_t>(n) == len &&
                    std::memcmp(enc, der, len) == 0;
  OPENSSL_free(enc);
  return same;
}

class OpensslBackend final : public Backend {
 public:
  const char *name() const noexcept override
  {
    return "openssl";
  }

 private:
  KeyCache<PkeyPtr> keys_;  // decoded keys (costly in OpenSSL 3)

  void remember_key(const std::uint8_t *spki, std::size_t len, EVP_PKEY *k)
  {
    if (k != nullptr && keys_.wants(spki, len) && EVP_PKEY_up_ref(k) == 1) {
      keys_.add(spki, len, PkeyPtr(k));
    }
  }

  // The certificate's key into out.key (cached); false when it does not
  // decode and undecodable_key_refused() says so.
  bool read_key(X509 *x, CertInfo &out)
  {
    EVP_PKEY *const pkey = X509_get0_pubkey(x);
    if (pkey == nullptr) {
      ASN1_OBJECT *alg = nullptr;
      X509_PUBKEY_get0_param(&alg, nullptr, nullptr, nullptr,
                             X509_get_X509_PUBKEY(x));
      if (undecodable_key_refused(key_alg_from_nid(
              alg != nullptr ? OBJ_obj2nid(alg) : NID_undef))) {
        return false;
      }
    }
    out.key = key_info(pkey);
    remember_key(out.spki.data(), out.spki.size(), pkey);
    return true;
  }

  // What parse_cert reports of a decoded certificate x of these bytes.
  std::unique_ptr<CertHandle> report(X509Ptr x, const std::uint8_t *der,
                                     std::size_t len,
                                     const der::CertParts &parts, CertInfo &out)
  {
    fill_from_parts(der, len, parts, out);
    if (!read_ca_facts(x.get(), out)) {
      return nullptr;
    }
    int mdnid = NID_undef;
    int pknid = NID_undef;
    if (X509_get_signature_info(x.get(), &mdnid, &pknid, nullptr, nullptr) ==
        1) {
      out.sig = sig_info(mdnid, pknid);
    }
    if (!read_key(x.get(), out)) {
      return nullptr;
    }
    return std::unique_ptr<CertHandle>(new OsslCert(x.release()));
  }

 public:
  std::unique_ptr<CertHandle> parse_cert(const std::uint8_t *der,
                                         std::size_t len,
                                         CertInfo &out) override
  {
    out = CertInfo();
    der::CertParts parts;
    if (len > static_cast<std::size_t>(INT32_MAX) ||
        !der::split_cert(der, len, parts)) {
      return nullptr;
    }
    const unsigned char *p = der;
    X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(len)));
    if (!x || p != der + len) {
      return nullptr;
    }
    return report(std::move(x), der, len, parts, out);
  }

  std::unique_ptr<CertHandle> parse_cert_hinted(const std::uint8_t *der,
                                                std::size_t len, void *hint,
                                                CertInfo &out) override
  {
    X509 *const x = static_cast<X509 *>(hint);
    der::CertParts parts;
    if (x == nullptr || len > static_cast<std::size_t>(INT32_MAX) ||
        !encodes_to(x, der, len) || !der::split_cert(der, len, parts) ||
        X509_up_ref(x) != 1) {
      return parse_cert(der, len, out);
    }
    out = CertInfo();
    return report(X509Ptr(x), der, len, parts, out);
  }

  bool parse_spki(const std::uint8_t *der, std::size_t len,
                  KeyInfo &out) override
  {
    out = KeyInfo();
    if (len > static_cast<std::size_t>(INT32_MAX)) {
      return false;
    }
    const unsigned char *p = der;
    PkeyPtr k(d2i_PUBKEY(nullptr, &p, static_cast<long>(len)));
    if (!k || p != der + len) {
      return false;
    }
    out = key_info(k.get());
    remember_key(der, len, k.get());  // a record key: verify_signature
    return true;
  }

  bool digest(HashAlg alg, const std::uint8_t *data, std::size_t len,
              std::uint8_t *out, std::size_t &out_len) override
  {
    out_len = 0;
    const EVP_MD *const md = sha2_md(alg);
    if (md == nullptr || EVP_MD_size(md) <= 0 ||
        static_cast<std::size_t>(EVP_MD_size(md)) > kMaxDigestLen) {
      return false;
    }
    unsigned int n = 0;
    if (EVP_Digest(data, len, out, &n, md, nullptr) != 1) {
      return false;
    }
    out_len = n;
    return true;
  }

  void read_names(const CertHandle &cert, CertInfo &info) override
  {
    if (!info.names_read) {
      read_cert_names(static_cast<const OsslCert &>(cert).x509.get(), info);
      info.names_read = true;
    }
  }

  SigCheck verify_signature(const CertHandle &cert, const CertInfo &,
                            const std::uint8_t *spki,
                            std::size_t spki_len) override
  {
    const OsslCert &c = static_cast<const OsslCert &>(cert);
    if (spki_len > static_cast<std::size_t>(INT32_MAX)) {
      return SigCheck::bad;
    }
    EVP_PKEY *k = keys_.find(spki, spki_len);
    PkeyPtr fresh;
    if (k == nullptr) {
      const unsigned char *p = spki;
      fresh.reset(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki_len)));
      if (!fresh || p != spki + spki_len) {
        return SigCheck::bad;
      }
      k = fresh.get();
      remember_key(spki, spki_len, k);
    }
    const int r = X509_verify(c.x509.get(), k);
    return r == 1 ? SigCheck::ok : SigCheck::bad;
  }
};

}  // namespace

using OpensslImpl = OpensslBackend;

}  // namespace exim_dane

#else /* no OpenSSL: the stub */

namespace exim_dane {
using OpensslImpl = void;
}  // namespace exim_dane

#endif

// The registry's factory (dane_backend.h): the backend, or null.
std::unique_ptr<exim_dane::Backend> exim_dane::make_openssl_backend()
{
  return make_backend_of<OpensslImpl>();
}
