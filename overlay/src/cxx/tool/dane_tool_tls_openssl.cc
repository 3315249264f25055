/*************************************************
 *     Exim - exim_dane_verify: OpenSSL TLS piece *
 *************************************************/

/* NAME
     dane_tool_tls_openssl.cc - dane_tool_tls.h with OpenSSL: a client
     handshake that only collects the presented chain (verification off;
     the DANE verdict is the verifier's).  Compiled in for an Exim build
     with USE_OPENSSL (and not USE_GNUTLS), or with DANE_TOOL_TLS_OPENSSL.
*/

#include "dane_tool_tls.h"

#if (defined(USE_OPENSSL) && !defined(USE_GNUTLS)) || \
    defined(DANE_TOOL_TLS_OPENSSL)

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/opensslv.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>
#include <utility>

namespace exim_dane {
namespace tool {

namespace {

// The library's last error as one bounded line.
std::string ssl_error(const char *what)
{
  char buf[256];
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) {
    return what;
  }
  ERR_error_string_n(e, buf, sizeof(buf));
  return std::string(what) + ": " + buf;
}

// A name as RFC 2253 text, bounded.
std::string dn_text(const X509_NAME *name)
{
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || name == nullptr ||
      X509_NAME_print_ex(bio.get(), name, 0,
                         XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
    return "?";
  }
  char *p = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &p);
  if (n <= 0 || p == nullptr) {
    return "";
  }
  std::string s(p, static_cast<std::size_t>(n));
  return bound_dn(std::move(s));
}

}  // namespace

const char *tls_library()
{
  return OpenSSL_version(OPENSSL_VERSION);
}

bool tls_fetch_chain(int fd, const std::string &sni, int /*timeout_s*/,
                     TlsResult &out, std::string &err)
{
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(
      SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
  if (!ctx) {
    err = ssl_error("SSL_CTX_new");
    return false;
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
  if (!ssl || SSL_set_fd(ssl.get(), fd) != 1) {
    err = ssl_error("SSL_new");
    return false;
  }
  if (!sni.empty() && SSL_set_tlsext_host_name(
                          ssl.get(), const_cast<char *>(sni.c_str())) != 1) {
    err = ssl_error("setting the SNI");
    return false;
  }
  if (SSL_connect(ssl.get()) != 1) {
    err = ssl_error("TLS handshake failed");
    return false;
  }
  out.protocol = SSL_get_version(ssl.get());
  const char *c = SSL_get_cipher_name(ssl.get());
  out.cipher = c != nullptr ? c : "?";
  // The client side's chain includes the leaf, in the order sent.
  STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl.get());
  const int n = chain != nullptr ? sk_X509_num(chain) : 0;
  for (int i = 0; i < n && out.chain.size() < kToolMaxChain; i++) {
    X509 *x = sk_X509_value(chain, i);
    const int len = i2d_X509(x, nullptr);
    if (len <= 0) {
      continue;
    }
    PeerCert pc;
    pc.der.resize(static_cast<std::size_t>(len));
    unsigned char *p = pc.der.data();
    i2d_X509(x, &p);
    pc.subject = dn_text(X509_get_subject_name(x));
    pc.issuer = dn_text(X509_get_issuer_name(x));
    out.chain.push_back(std::move(pc));
  }
  (void)SSL_shutdown(ssl.get());
  ERR_clear_error();
  return true;
}

}  // namespace tool
}  // namespace exim_dane

#endif
