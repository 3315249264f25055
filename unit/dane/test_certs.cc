// Test certificate factory (see test_certs.h).
#include "test_certs.h"

#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <stdexcept>

namespace dane_test {

Key make_key(const std::string &kind)
{
  EVP_PKEY *k = nullptr;
  if (kind == "ec256") {
    k = EVP_EC_gen("P-256");
  } else if (kind == "ec384") {
    k = EVP_EC_gen("P-384");
  } else if (kind == "ed25519") {
    k = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  } else if (kind == "rsa2048") {
    k = EVP_RSA_gen(2048);
  } else if (kind == "rsa1024") {
    k = EVP_RSA_gen(1024);
  }
  if (k == nullptr) {
    throw std::runtime_error("keygen failed: " + kind);
  }
  return Key(k, KeyFree());
}

static void add_ext(X509 *x, X509 *issuer, int nid, const std::string &val)
{
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, x, nullptr, nullptr, 0);
  X509_EXTENSION *e = X509V3_EXT_conf_nid(nullptr, &ctx, nid, val.c_str());
  if (e == nullptr) {
    throw std::runtime_error("bad extension " + val);
  }
  X509_add_ext(x, e, -1);
  X509_EXTENSION_free(e);
}

Cert make_cert(const Spec &s, const Key &key, const Cert &issuer,
               const Key &issuer_key)
{
  static long serial = 1;
  Cert x(X509_new(), CertFree());
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), serial++);
  X509_NAME *name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(
      name, "O", MBSTRING_ASC,
      reinterpret_cast<const unsigned char *>("DANE test"), -1, -1, 0);
  if (!s.cn.empty()) {
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_ASC,
        reinterpret_cast<const unsigned char *>(s.cn.c_str()), -1, -1, 0);
  }
  X509_set_issuer_name(x.get(),
                       issuer ? X509_get_subject_name(issuer.get()) : name);
  ASN1_TIME_set(X509_getm_notBefore(x.get()),
                static_cast<time_t>(s.not_before));
  ASN1_TIME_set(X509_getm_notAfter(x.get()), static_cast<time_t>(s.not_after));
  X509_set_pubkey(x.get(), key.get());
  X509 *iss = issuer ? issuer.get() : x.get();
  if (s.bc) {
    std::string bc = s.ca ? "critical,CA:TRUE" : "critical,CA:FALSE";
    if (s.ca && s.pathlen >= 0) {
      bc += ",pathlen:" + std::to_string(s.pathlen);
    }
    add_ext(x.get(), iss, NID_basic_constraints, bc);
  }
  if (!s.ku.empty()) {
    add_ext(x.get(), iss, NID_key_usage, "critical," + s.ku);
  }
  if (!s.nc.empty()) {
    add_ext(x.get(), iss, NID_name_constraints, "critical," + s.nc);
  }
  if (!s.sans.empty()) {
    std::string v;
    for (const std::string &n : s.sans) {
      v += (v.empty() ? "DNS:" : ",DNS:") + n;
    }
    add_ext(x.get(), iss, NID_subject_alt_name, v);
  }
  if (!s.raw_sans.empty()) {
    GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
    for (const std::string &n : s.raw_sans) {
      GENERAL_NAME *g = GENERAL_NAME_new();
      ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new();
      ASN1_STRING_set(ia5, n.data(), static_cast<int>(n.size()));
      GENERAL_NAME_set0_value(g, GEN_DNS, ia5);
      sk_GENERAL_NAME_push(gens, g);
    }
    X509_add1_ext_i2d(x.get(), NID_subject_alt_name, gens, 0,
                      X509V3_ADD_DEFAULT);
    GENERAL_NAMES_free(gens);
  }
  for (const auto &e : s.exts) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, iss, x.get(), nullptr, nullptr, 0);
    X509_EXTENSION *ext =
        X509V3_EXT_nconf(nullptr, &ctx, e.first.c_str(), e.second.c_str());
    if (ext == nullptr) {
      throw std::runtime_error("bad extension " + e.first);
    }
    X509_add_ext(x.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  const EVP_MD *md =
      s.md.empty() ? nullptr : EVP_get_digestbyname(s.md.c_str());
  const Key &sk = issuer ? issuer_key : key;
  if (X509_sign(x.get(), sk.get(), md) <= 0) {
    throw std::runtime_error("X509_sign failed");
  }
  return x;
}

Bytes der(const Cert &c)
{
  unsigned char *p = nullptr;
  const int n = i2d_X509(c.get(), &p);
  Bytes b(p, p + n);
  OPENSSL_free(p);
  return b;
}

Bytes spki_of_key(const Key &k)
{
  unsigned char *p = nullptr;
  const int n = i2d_PUBKEY(k.get(), &p);
  Bytes b(p, p + n);
  OPENSSL_free(p);
  return b;
}

Bytes spki(const Cert &c)
{
  unsigned char *p = nullptr;
  const int n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(c.get()), &p);
  Bytes b(p, p + n);
  OPENSSL_free(p);
  return b;
}

static Bytes digest(const Bytes &b, const EVP_MD *md)
{
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  EVP_Digest(b.data(), b.size(), out, &n, md, nullptr);
  return Bytes(out, out + n);
}

Bytes sha256(const Bytes &b)
{
  return digest(b, EVP_sha256());
}
Bytes sha512(const Bytes &b)
{
  return digest(b, EVP_sha512());
}

std::string hex(const Bytes &b)
{
  static const char d[] = "0123456789abcdef";
  std::string s;
  for (unsigned char c : b) {
    s += d[c >> 4];
    s += d[c & 15];
  }
  return s;
}

std::string tlsa(int usage, int selector, int mtype, const Cert &c)
{
  const Bytes data = selector == 0 ? der(c) : spki(c);
  const Bytes v = mtype == 0 ? data : mtype == 1 ? sha256(data) : sha512(data);
  return std::to_string(usage) + " " + std::to_string(selector) + " " +
         std::to_string(mtype) + " " + hex(v);
}

void write_pem(const std::string &path, const std::vector<Cert> &chain)
{
  FILE *f = std::fopen(path.c_str(), "w");
  if (f == nullptr) {
    throw std::runtime_error("cannot write " + path);
  }
  for (const Cert &c : chain) {
    PEM_write_X509(f, c.get());
  }
  std::fclose(f);
}

Hierarchy make_hierarchy(const std::vector<std::string> &leaf_sans)
{
  Hierarchy h;
  h.root_key = make_key("ec256");
  h.int_key = make_key("ec256");
  h.leaf_key = make_key("ec256");
  Spec r;
  r.cn = "Test Root";
  r.ca = true;
  r.ku = "keyCertSign,cRLSign";
  h.root = make_cert(r, h.root_key, nullptr, nullptr);
  Spec i;
  i.cn = "Test Intermediate";
  i.ca = true;
  i.ku = "keyCertSign,cRLSign";
  h.inter = make_cert(i, h.int_key, h.root, h.root_key);
  Spec l;
  l.cn = "leaf";
  l.sans = leaf_sans;
  l.ku = "digitalSignature";
  h.leaf = make_cert(l, h.leaf_key, h.inter, h.int_key);
  return h;
}

}  // namespace dane_test
