/*************************************************
 *     Exim - DANE verifier: the name matcher     *
 *************************************************/

/* NAME
     dane_name.cc - the one certificate name matcher, shared by DANE-TA
     (RFC 7672 s3.2.2) and tls_verify_cert_hostnames, and the dNSName
     nameConstraints subtree test (RFC 5280 s4.2.1.10).  Pure functions.

   RULES (RFC 6125 s6.4)
     - reference id: LDH labels (underscore tolerated), each 1..63 octets,
       total <= 253 after dropping one trailing dot; anything else never
       matches.
     - presented pattern: same alphabet, compared ASCII case-insensitively
       (A-labels: an IDN must be given and presented in xn-- form); an
       embedded NUL, a non-ASCII octet or an empty label never matches.
     - wildcard: only "*" as the whole leftmost label of a pattern with
       three or more labels; it matches exactly one non-empty label of the
       reference and never crosses a dot.  "f*.example.com", "*f.example.com",
       "www.*.example.com" and "*.com" never match anything.
     - certificate: DNS subjectAltNames first; the subject CN only when the
       certificate has no DNS subjectAltName (RFC 6125 s6.4.4).
*/

#include "dane_name.h"

#include <cstring>

namespace exim_dane {

namespace {

constexpr std::size_t kMaxDnsName = 253;
constexpr std::size_t kMaxLabel = 63;

char lower(char c)
{
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool ldh(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Every label non-empty, <= 63 octets, of LDH(+_) characters.
bool valid_dns(const char *s, std::size_t len)
{
  if (len == 0 || len > kMaxDnsName) {
    return false;
  }
  std::size_t label = 0;
  for (std::size_t i = 0; i < len; i++) {
    if (s[i] == '.') {
      if (label == 0) {
        return false;
      }
      label = 0;
      continue;
    }
    if (!ldh(s[i]) || ++label > kMaxLabel) {
      return false;
    }
  }
  return label != 0;
}

bool equal_nocase(const char *a, const char *b, std::size_t len)
{
  for (std::size_t i = 0; i < len; i++) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

std::size_t count_labels(const char *s, std::size_t len)
{
  std::size_t n = 1;
  for (std::size_t i = 0; i < len; i++) {
    if (s[i] == '.') {
      n++;
    }
  }
  return n;
}

}  // namespace

bool name_match(const char *pattern, std::size_t plen, const char *reference)
{
  if (pattern == nullptr || reference == nullptr) {
    return false;
  }
  std::size_t rlen = strnlen(reference, kMaxDnsName + 2);
  if (rlen > 0 && reference[rlen - 1] == '.') {
    rlen--;  // trailing dot ignored
  }
  if (!valid_dns(reference, rlen)) {
    return false;
  }
  // RFC 6125 s6.4.3: "*" as the complete left-most label only.
  if (plen >= 2 && pattern[0] == '*' && pattern[1] == '.') {
    const char *pbase = pattern + 2;
    const std::size_t pblen = plen - 2;
    if (!valid_dns(pbase, pblen) || count_labels(pbase, pblen) < 2) {
      return false;  // "*.com": under 3 labels
    }
    const char *dot =
        static_cast<const char *>(std::memchr(reference, '.', rlen));
    if (dot == nullptr) {
      return false;
    }
    const std::size_t first = static_cast<std::size_t>(dot - reference);
    const std::size_t rest = rlen - first - 1;
    return first > 0 && rest == pblen && equal_nocase(dot + 1, pbase, pblen);
  }
  // No other '*' is accepted: valid_dns refuses it, and NUL, non-ASCII.
  return plen == rlen && valid_dns(pattern, plen) &&
         equal_nocase(pattern, reference, rlen);
}

bool cert_names_match(const CertInfo &cert, const char *reference)
{
  const std::vector<std::string> &names =
      cert.dns_sans.empty() ? cert.cns : cert.dns_sans;
  for (const std::string &nm : names) {
    if (name_match(nm.data(), nm.size(), reference)) {
      return true;
    }
  }
  return false;
}

/* RFC 5280 s4.2.1.10: a dNSName subtree "example.com" holds example.com and
every name below it; a leading-dot form ".example.com" (as OpenSSL and
GnuTLS accept) holds only the names below; an empty subtree holds all. */
bool name_in_subtree(const std::string &name, const std::string &subtree)
{
  std::string n = name;
  if (!n.empty() && n.back() == '.') {
    n.pop_back();
  }
  std::string s = subtree;
  if (s.empty()) {
    return true;
  }
  bool below_only = false;
  if (s[0] == '.') {
    below_only = true;
    s.erase(0, 1);
  }
  if (s.empty()) {
    return true;
  }
  if (n.size() == s.size()) {
    return !below_only && equal_nocase(n.data(), s.data(), s.size());
  }
  if (n.size() < s.size() + 1) {
    return false;
  }
  const std::size_t off = n.size() - s.size();
  return n[off - 1] == '.' && equal_nocase(n.data() + off, s.data(), s.size());
}

}  // namespace exim_dane
