/*************************************************
 *     Exim - exim_dane_verify: TLS client piece  *
 *************************************************/

/* NAME
     dane_tool_tls.h - the one TLS operation exim_dane_verify's online mode
     needs: on a connected socket (after the SMTP STARTTLS reply), make a
     TLS handshake with a given SNI and hand back the certificates the
     server presented.

   DESCRIPTION
     Two pieces implement it, one per TLS library, each compiling to
     nothing unless selected: dane_tool_tls_openssl.cc (USE_OPENSSL without
     USE_GNUTLS in an Exim build, or DANE_TOOL_TLS_OPENSSL) and
     dane_tool_tls_gnutls.cc (USE_GNUTLS, or DANE_TOOL_TLS_GNUTLS).  Exactly
     one is linked into a tool.  The piece authenticates nothing (the
     library's own verification is off): the DANE verdict is the verifier's
     (dane_verify.h), as in exim.

   OWNERSHIP
     Everything returned is a copy.  No exception is thrown but
     std::bad_alloc.  At most kToolMaxChain certificates are kept (the
     verifier gives chain-too-long above DANE_MAX_CHAIN anyway); names are
     cut at kToolMaxDn bytes.
*/

#ifndef EXIM_DANE_TOOL_TLS_H
#define EXIM_DANE_TOOL_TLS_H

#include <cstdint>
#include <string>
#include <vector>

namespace exim_dane {
namespace tool {

constexpr std::size_t kToolMaxChain = 32;
constexpr std::size_t kToolMaxDn = 512;

// A library's DN text, cut at kToolMaxDn bytes ("..." marks the cut).
inline std::string bound_dn(std::string s)
{
  if (s.size() > kToolMaxDn) {
    s.resize(kToolMaxDn);
    s += "...";
  }
  return s;
}

struct PeerCert {
  std::vector<std::uint8_t> der;
  std::string subject;  // RFC 4514-style text (the library's), bounded
  std::string issuer;
};

struct TlsResult {
  std::vector<PeerCert> chain;  // leaf first, as presented
  std::string protocol;         // e.g. "TLSv1.3"
  std::string cipher;
};

// The TLS library's name and version, for --version and reports.
const char *tls_library();

// Handshake on fd (blocking, with the socket's own timeouts set by the
// caller; timeout_s also bounds the handshake where the library allows);
// sni empty: none sent.  False with err set on failure.  The connection is
// closed down (close_notify) before returning; fd stays open.
bool tls_fetch_chain(int fd, const std::string &sni, int timeout_s,
                     TlsResult &out, std::string &err);

}  // namespace tool
}  // namespace exim_dane

#endif  // EXIM_DANE_TOOL_TLS_H
