/*************************************************
 *     Exim - exim_dane_verify: GnuTLS TLS piece  *
 *************************************************/

/* NAME
     dane_tool_tls_gnutls.cc - dane_tool_tls.h with GnuTLS: a client
     handshake that only collects the presented chain (no verification; the
     DANE verdict is the verifier's).  Compiled in for an Exim build with
     USE_GNUTLS, or with DANE_TOOL_TLS_GNUTLS.
*/

#include "dane_tool_tls.h"

#if defined(USE_GNUTLS) || defined(DANE_TOOL_TLS_GNUTLS)

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <utility>

namespace exim_dane {
namespace tool {

namespace {

// A certificate's subject or issuer DN as text, bounded.
std::string dn_text(const gnutls_datum_t &der, bool issuer)
{
  gnutls_x509_crt_t crt;
  if (gnutls_x509_crt_init(&crt) < 0) {
    return "?";
  }
  std::string s = "?";
  gnutls_datum_t dn = {nullptr, 0};
  if (gnutls_x509_crt_import(crt, &der, GNUTLS_X509_FMT_DER) >= 0 &&
      (issuer ? gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0)
              : gnutls_x509_crt_get_dn3(crt, &dn, 0)) >= 0) {
    s.assign(reinterpret_cast<const char *>(dn.data), dn.size);
    gnutls_free(dn.data);
  }
  gnutls_x509_crt_deinit(crt);
  return bound_dn(std::move(s));
}

}  // namespace

const char *tls_library()
{
  static std::string v = std::string("GnuTLS ") + gnutls_check_version(nullptr);
  return v.c_str();
}

bool tls_fetch_chain(int fd, const std::string &sni, int timeout_s,
                     TlsResult &out, std::string &err)
{
  gnutls_certificate_credentials_t cred = nullptr;
  gnutls_session_t s = nullptr;
  int rc = gnutls_certificate_allocate_credentials(&cred);
  if (rc >= 0) {
    rc = gnutls_init(&s, GNUTLS_CLIENT);
  }
  if (rc >= 0) {
    rc = gnutls_set_default_priority(s);
  }
  if (rc >= 0) {
    rc = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
  }
  if (rc >= 0 && !sni.empty()) {
    rc = gnutls_server_name_set(s, GNUTLS_NAME_DNS, sni.data(), sni.size());
  }
  if (rc < 0) {
    err = std::string("GnuTLS setup: ") + gnutls_strerror(rc);
  } else {
    gnutls_transport_set_int(s, fd);
    gnutls_handshake_set_timeout(s, static_cast<unsigned>(timeout_s) * 1000);
    do {
      rc = gnutls_handshake(s);
    } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
    if (rc < 0) {
      err = std::string("TLS handshake failed: ") + gnutls_strerror(rc);
    }
  }
  if (rc >= 0) {
    const char *p = gnutls_protocol_get_name(gnutls_protocol_get_version(s));
    out.protocol = p != nullptr ? p : "?";
    const char *c = gnutls_cipher_get_name(gnutls_cipher_get(s));
    out.cipher = c != nullptr ? c : "?";
    unsigned n = 0;
    const gnutls_datum_t *list = gnutls_certificate_get_peers(s, &n);
    for (unsigned i = 0;
         list != nullptr && i < n && out.chain.size() < kToolMaxChain; i++) {
      PeerCert pc;
      pc.der.assign(list[i].data, list[i].data + list[i].size);
      pc.subject = dn_text(list[i], false);
      pc.issuer = dn_text(list[i], true);
      out.chain.push_back(std::move(pc));
    }
    (void)gnutls_bye(s, GNUTLS_SHUT_WR);
  }
  if (s != nullptr) {
    gnutls_deinit(s);
  }
  if (cred != nullptr) {
    gnutls_certificate_free_credentials(cred);
  }
  return rc >= 0;
}

}  // namespace tool
}  // namespace exim_dane

#endif
