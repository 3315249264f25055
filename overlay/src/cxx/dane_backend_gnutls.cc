/*************************************************
 *     Exim - DANE verifier: GnuTLS backend       *
 *************************************************/

/* NAME
     dane_backend_gnutls.cc - the five backend operations of
     dane_backend.h with GnuTLS (libgnutls only; never libgnutls-dane).
     Reports and verifies; decides nothing.

   BUILD
     Compiled in when USE_GNUTLS (Exim's config.h) or DANE_WITH_GNUTLS (the
     standalone unit build) is defined; otherwise the factory returns null.
     Needs GnuTLS 3.6 or later; links with -lgnutls.

   NOTES
     Signatures are checked raw with gnutls_pubkey_verify_data2 over the
     tbsCertificate bytes, allowing every algorithm GnuTLS knows: the
     allow-list is the core's.  The SPKI, subject, issuer and validity come
     from the certificate's own bytes via der::split_cert, identically in
     both backends (views into the caller's DER, as are the tbsCertificate
     and signature the handle keeps).  Public keys imported by parse_cert
     and parse_spki are kept per backend by SPKI bytes (bounded) and reused
     by verify_signature.  The subject CNs are read only on demand
     (read_names); the DNS subjectAltNames are read by parse_cert, which
     must walk them anyway to refuse an undecodable extension.
*/

#include "dane_backend_base.h"

#if defined(USE_GNUTLS) || defined(DANE_WITH_GNUTLS)

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <cstring>
#include <utility>
#include <vector>

namespace exim_dane {

namespace {

constexpr unsigned kMaxSanEntries = 4 * kMaxNamesPerCert;

class GnutlsCert final : public CertHandle {
 public:
  GnutlsCert() = default;
  ~GnutlsCert() override
  {
    if (crt != nullptr) {
      gnutls_x509_crt_deinit(crt);
    }
  }
  GnutlsCert(const GnutlsCert &) = delete;
  GnutlsCert &operator=(const GnutlsCert &) = delete;
  gnutls_x509_crt_t crt = nullptr;
  gnutls_sign_algorithm_t sign = GNUTLS_SIGN_UNKNOWN;
  ByteView tbs;  // into the DER given to parse_cert
  ByteView sig;
};

// RAII for gnutls_pubkey_t.
class Pubkey {
 public:
  Pubkey()
  {
    ok_ = gnutls_pubkey_init(&k_) == 0;
  }
  ~Pubkey()
  {
    if (ok_) {
      gnutls_pubkey_deinit(k_);
    }
  }
  Pubkey(const Pubkey &) = delete;
  Pubkey &operator=(const Pubkey &) = delete;
  bool import_der(const std::uint8_t *der, std::size_t len)
  {
    if (!ok_ || len > 0xffffffffu) {
      return false;
    }
    gnutls_datum_t d;
    d.data = const_cast<unsigned char *>(der);
    d.size = static_cast<unsigned>(len);
    // Like OpenSSL's decoder, refuse keys whose parameters are invalid
    // (e.g. an EC point not on its curve).
    return gnutls_pubkey_import(k_, &d, GNUTLS_X509_FMT_DER) == 0 &&
           gnutls_pubkey_verify_params(k_) == 0;
  }
  gnutls_pubkey_t get() const
  {
    return k_;
  }

 private:
  gnutls_pubkey_t k_ = nullptr;
  bool ok_ = false;
};

HashAlg hash_from(gnutls_digest_algorithm_t d)
{
  switch (d) {
    case GNUTLS_DIG_MD5:
      return HashAlg::md5;
    case GNUTLS_DIG_SHA1:
      return HashAlg::sha1;
    case GNUTLS_DIG_SHA224:
      return HashAlg::sha224;
    case GNUTLS_DIG_SHA256:
      return HashAlg::sha256;
    case GNUTLS_DIG_SHA384:
      return HashAlg::sha384;
    case GNUTLS_DIG_SHA512:
      return HashAlg::sha512;
    case GNUTLS_DIG_UNKNOWN:
      return HashAlg::none;
    default:
      return HashAlg::unknown;
  }
}

KeyInfo key_info(gnutls_pubkey_t k)
{
  KeyInfo ki;
  unsigned bits = 0;
  const int pk = gnutls_pubkey_get_pk_algorithm(k, &bits);
  ki.bits = bits;
  switch (pk) {
    case GNUTLS_PK_RSA:
      ki.alg = KeyAlg::rsa;
      break;
    case GNUTLS_PK_RSA_PSS:
      ki.alg = KeyAlg::rsa_pss;
      break;
    case GNUTLS_PK_DSA:
      ki.alg = KeyAlg::dsa;
      break;
    case GNUTLS_PK_EDDSA_ED25519:
      ki.alg = KeyAlg::ed25519;
      break;
    case GNUTLS_PK_EDDSA_ED448:
      ki.alg = KeyAlg::ed448;
      break;
    case GNUTLS_PK_ECDSA: {
      gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
      gnutls_datum_t x = {nullptr, 0};
      gnutls_datum_t y = {nullptr, 0};
      if (gnutls_pubkey_export_ecc_raw2(k, &curve, &x, &y, 0) == 0) {
        gnutls_free(x.data);
        gnutls_free(y.data);
      }
      ki.alg = curve == GNUTLS_ECC_CURVE_SECP256R1   ? KeyAlg::ec_p256
               : curve == GNUTLS_ECC_CURVE_SECP384R1 ? KeyAlg::ec_p384
               : curve == GNUTLS_ECC_CURVE_SECP521R1 ? KeyAlg::ec_p521
                                                     : KeyAlg::ec_other;
      break;
    }
    default:
      ki.alg = KeyAlg::unknown;
      break;
  }
  return ki;
}

// The DNS subjectAltNames; false if the extension does not decode.
bool read_sans(gnutls_x509_crt_t crt, CertInfo &out)
{
  char buf[kMaxNameBytes + 1];
  for (unsigned seq = 0;; seq++) {
    if (seq >= kMaxSanEntries) {
      out.names_truncated = true;
      break;
    }
    size_t size = sizeof buf;
    unsigned type = 0;
    const int r = gnutls_x509_crt_get_subject_alt_name2(crt, seq, buf, &size,
                                                        &type, nullptr);
    if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
      break;
    }
    if (r == GNUTLS_E_SHORT_MEMORY_BUFFER) {
      // Too long to be a host name; count DNS entries as present only.
      if (type == GNUTLS_SAN_DNSNAME) {
        push_bounded(out.dns_sans, nullptr, 0, false, &out.names_truncated);
      }
      continue;
    }
    if (r < 0) {
      return false;  // undecodable (OpenSSL: EXFLAG_INVALID)
    }
    if (r == GNUTLS_SAN_DNSNAME) {
      push_bounded(out.dns_sans, buf, size, true, &out.names_truncated);
    }
  }
  return true;
}

// The subject commonName values (never fails: an unreadable one is kept
// as an unmatchable marker).
void read_cns(gnutls_x509_crt_t crt, CertInfo &out)
{
  char buf[kMaxNameBytes + 1];
  for (unsigned idx = 0; idx < kMaxNamesPerCert; idx++) {
    size_t size = sizeof buf;
    const int r = gnutls_x509_crt_get_dn_by_oid(
        crt, GNUTLS_OID_X520_COMMON_NAME, idx, 0, buf, &size);
    if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
      break;
    }
    push_bounded(out.cns, buf, size, r == 0, nullptr);
  }
}

// True unless one of the extensions OpenSSL decodes eagerly (and then
// flags EXFLAG_INVALID) is present but undecodable, so that both backends
// refuse the same certificates.
bool extensions_decode(gnutls_x509_crt_t crt)
{
  unsigned char buf[256];
  size_t size = sizeof buf;
  unsigned critical = 0;
  int r = gnutls_x509_crt_get_subject_key_id(crt, buf, &size, &critical);
  if (r < 0 && r != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE &&
      r != GNUTLS_E_SHORT_MEMORY_BUFFER) {
    return false;
  }
  size = sizeof buf;
  r = gnutls_x509_crt_get_authority_key_id(crt, buf, &size, &critical);
  if (r < 0 && r != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE &&
      r != GNUTLS_E_SHORT_MEMORY_BUFFER &&
      r != GNUTLS_E_X509_UNSUPPORTED_EXTENSION) {
    return false;
  }
  for (unsigned i = 0; i < kMaxSanEntries; i++) {
    size = sizeof buf;
    r = gnutls_x509_crt_get_key_purpose_oid(crt, i, buf, &size, &critical);
    if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
      break;
    }
    if (r < 0 && r != GNUTLS_E_SHORT_MEMORY_BUFFER) {
      return false;
    }
  }
  return true;
}

void read_name_constraints(gnutls_x509_crt_t crt, CertInfo &out)
{
  gnutls_x509_name_constraints_t nc = nullptr;
  if (gnutls_x509_name_constraints_init(&nc) < 0) {
    throw std::bad_alloc();
  }
  unsigned critical = 0;
  const int r = gnutls_x509_crt_get_name_constraints(crt, nc, 0, &critical);
  if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
    gnutls_x509_name_constraints_deinit(nc);
    return;
  }
  out.nc_present = true;
  if (r < 0) {
    out.nc_unreadable = true;  // parse_cert refuses the certificate
    gnutls_x509_name_constraints_deinit(nc);
    return;
  }
  for (int pass = 0; pass < 2; pass++) {
    std::vector<std::string> &dst =
        pass == 0 ? out.nc_permitted_dns : out.nc_excluded_dns;
    for (unsigned idx = 0;; idx++) {
      unsigned type = 0;
      gnutls_datum_t name = {nullptr, 0};
      const int g = pass == 0 ? gnutls_x509_name_constraints_get_permitted(
                                    nc, idx, &type, &name)
                              : gnutls_x509_name_constraints_get_excluded(
                                    nc, idx, &type, &name);
      if (g == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
        break;
      }
      if (g < 0 || idx >= kMaxSanEntries) {
        out.nc_unreadable = true;
        break;
      }
      if (type == GNUTLS_SAN_DNSNAME) {
        bool trunc = false;
        push_bounded(dst, reinterpret_cast<const char *>(name.data), name.size,
                     true, &trunc);
        if (trunc) {
          out.nc_unreadable = true;
        }
      }
    }
  }
  gnutls_x509_name_constraints_deinit(nc);
}

// basicConstraints, keyUsage and nameConstraints into out; false when one
// does not decode (OpenSSL: EXFLAG_INVALID).
bool read_ca_facts(gnutls_x509_crt_t crt, CertInfo &out)
{
  unsigned critical = 0;
  unsigned ca = 0;
  int pathlen = -1;
  const int bc =
      gnutls_x509_crt_get_basic_constraints(crt, &critical, &ca, &pathlen);
  if (bc < 0 && bc != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
    return false;
  }
  out.bc_present = bc >= 0;
  out.bc_ca = bc >= 0 && ca != 0;
  out.path_len = out.bc_ca && pathlen >= 0 ? pathlen : -1;
  unsigned ku = 0;
  const int kr = gnutls_x509_crt_get_key_usage(crt, &ku, &critical);
  if (kr < 0 && kr != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
    return false;
  }
  out.ku_present = kr >= 0;
  out.ku_cert_sign = kr >= 0 && (ku & GNUTLS_KEY_KEY_CERT_SIGN) != 0;
  read_name_constraints(crt, out);
  return !out.nc_unreadable;
}

// A known signature algorithm's family and hash.
SigInfo sig_info(gnutls_sign_algorithm_t sign)
{
  SigInfo sig;
  sig.hash = hash_from(gnutls_sign_get_hash_algorithm(sign));
  switch (gnutls_sign_get_pk_algorithm(sign)) {
    case GNUTLS_PK_RSA:
      sig.family = SigFamily::rsa_pkcs1;
      break;
    case GNUTLS_PK_RSA_PSS:
      sig.family = SigFamily::rsa_pss;
      break;
    case GNUTLS_PK_ECDSA:
      sig.family = SigFamily::ecdsa;
      break;
    case GNUTLS_PK_EDDSA_ED25519:
      sig.family = SigFamily::ed25519;
      sig.hash = HashAlg::none;
      break;
    case GNUTLS_PK_EDDSA_ED448:
      sig.family = SigFamily::ed448;
      sig.hash = HashAlg::none;
      break;
    case GNUTLS_PK_DSA:
      sig.family = SigFamily::dsa;
      break;
    default:
      sig.family = SigFamily::unknown;
      break;
  }
  return sig;
}

// The key algorithm a certificate names, for undecodable_key_refused().
KeyAlg key_alg_from_pk(int pka)
{
  switch (pka) {
    case GNUTLS_PK_RSA:
      return KeyAlg::rsa;
    case GNUTLS_PK_RSA_PSS:
      return KeyAlg::rsa_pss;
    case GNUTLS_PK_DSA:
      return KeyAlg::dsa;
    case GNUTLS_PK_ECDSA:
      return KeyAlg::ec_other;
    case GNUTLS_PK_EDDSA_ED25519:
      return KeyAlg::ed25519;
    case GNUTLS_PK_EDDSA_ED448:
      return KeyAlg::ed448;
    default:
      return KeyAlg::unknown;
  }
}

class GnutlsBackend final : public Backend {
 public:
  const char *name() const noexcept override
  {
    return "gnutls";
  }

 private:
  // Imported (and parameter-checked) public keys, for verify_signature.
  KeyCache<std::unique_ptr<Pubkey>> keys_;

  // The certificate's key into out.key (cached); false when it does not
  // decode and undecodable_key_refused() says so.
  bool read_key(gnutls_x509_crt_t crt, CertInfo &out)
  {
    std::unique_ptr<Pubkey> pk(new Pubkey);
    if (pk->import_der(out.spki.data(), out.spki.size())) {
      out.key = key_info(pk->get());
      keys_.add(out.spki.data(), out.spki.size(), std::move(pk));
      return true;
    }
    return !undecodable_key_refused(
        key_alg_from_pk(gnutls_x509_crt_get_pk_algorithm(crt, nullptr)));
  }

 public:
  std::unique_ptr<CertHandle> parse_cert(const std::uint8_t *der,
                                         std::size_t len,
                                         CertInfo &out) override
  {
    out = CertInfo();
    der::CertParts parts;
    if (len > 0xffffffffu || !der::split_cert(der, len, parts) ||
        parts.sig_value.value_len < 1 || parts.sig_value.value[0] != 0) {
      return nullptr;
    }
    std::unique_ptr<GnutlsCert> c(new GnutlsCert);
    if (gnutls_x509_crt_init(&c->crt) < 0) {
      c->crt = nullptr;
      throw std::bad_alloc();
    }
    gnutls_datum_t d;
    d.data = const_cast<unsigned char *>(der);
    d.size = static_cast<unsigned>(len);
    if (gnutls_x509_crt_import(c->crt, &d, GNUTLS_X509_FMT_DER) < 0) {
      return nullptr;
    }
    fill_from_parts(der, len, parts, out);
    c->tbs = ByteView(parts.tbs.whole, parts.tbs.whole_len);
    c->sig = ByteView(parts.sig_value.value + 1, parts.sig_value.value_len - 1);

    if (!read_ca_facts(c->crt, out) || !read_sans(c->crt, out) ||
        !extensions_decode(c->crt)) {
      return nullptr;
    }
    const int sa = gnutls_x509_crt_get_signature_algorithm(c->crt);
    c->sign =
        sa > 0 ? static_cast<gnutls_sign_algorithm_t>(sa) : GNUTLS_SIGN_UNKNOWN;
    if (c->sign != GNUTLS_SIGN_UNKNOWN) {
      out.sig = sig_info(c->sign);
    }
    if (!read_key(c->crt, out)) {
      return nullptr;
    }
    return std::unique_ptr<CertHandle>(c.release());
  }

  bool parse_spki(const std::uint8_t *der, std::size_t len,
                  KeyInfo &out) override
  {
    out = KeyInfo();
    std::unique_ptr<Pubkey> pk(new Pubkey);
    if (!pk->import_der(der, len)) {
      return false;
    }
    out = key_info(pk->get());
    keys_.add(der, len, std::move(pk));  // a record key
    return true;
  }

  bool digest(HashAlg alg, const std::uint8_t *data, std::size_t len,
              std::uint8_t *out, std::size_t &out_len) override
  {
    out_len = 0;
    const gnutls_digest_algorithm_t d =
        alg == HashAlg::sha256   ? GNUTLS_DIG_SHA256
        : alg == HashAlg::sha512 ? GNUTLS_DIG_SHA512
                                 : GNUTLS_DIG_UNKNOWN;
    const std::size_t n = d == GNUTLS_DIG_UNKNOWN ? 0 : gnutls_hash_get_len(d);
    if (n == 0 || n > kMaxDigestLen ||
        gnutls_hash_fast(d, data, len, out) != 0) {
      return false;
    }
    out_len = n;
    return true;
  }

  void read_names(const CertHandle &cert, CertInfo &info) override
  {
    if (!info.names_read) {
      // parse_cert read the DNS SANs already.
      read_cns(static_cast<const GnutlsCert &>(cert).crt, info);
      info.names_read = true;
    }
  }

  SigCheck verify_signature(const CertHandle &cert, const CertInfo &,
                            const std::uint8_t *spki,
                            std::size_t spki_len) override
  {
    const GnutlsCert &c = static_cast<const GnutlsCert &>(cert);
    if (c.sign == GNUTLS_SIGN_UNKNOWN || c.tbs.size() > 0xffffffffu ||
        c.sig.size() > 0xffffffffu) {
      return SigCheck::bad;
    }
    const Pubkey *pk = keys_.find(spki, spki_len);
    std::unique_ptr<Pubkey> fresh;  // owns the key if the cache is full
    if (pk == nullptr) {
      fresh.reset(new Pubkey);
      if (!fresh->import_der(spki, spki_len)) {
        return SigCheck::bad;
      }
      pk = fresh.get();
      keys_.add(spki, spki_len, std::move(fresh));  // moved if kept
    }
    return check_signature(c, pk->get());
  }

 private:
  static SigCheck check_signature(const GnutlsCert &c, gnutls_pubkey_t key)
  {
    gnutls_datum_t tbs;
    tbs.data = const_cast<unsigned char *>(c.tbs.data());
    tbs.size = static_cast<unsigned>(c.tbs.size());
    gnutls_datum_t sig;
    sig.data = const_cast<unsigned char *>(c.sig.data());
    sig.size = static_cast<unsigned>(c.sig.size());
    // Raw check: let every algorithm through; the core's allow-list rules.
    const unsigned flags =
        GNUTLS_VERIFY_ALLOW_BROKEN | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1;
    const int r = gnutls_pubkey_verify_data2(key, c.sign, flags, &tbs, &sig);
    return r >= 0 ? SigCheck::ok : SigCheck::bad;
  }
};

}  // namespace

using GnutlsImpl = GnutlsBackend;

}  // namespace exim_dane

#else /* no GnuTLS: the stub */

namespace exim_dane {
using GnutlsImpl = void;
}  // namespace exim_dane

#endif

// The registry's factory (dane_backend.h): the backend, or null.
std::unique_ptr<exim_dane::Backend> exim_dane::make_gnutls_backend()
{
  return make_backend_of<GnutlsImpl>();
}
