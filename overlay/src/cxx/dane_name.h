/*************************************************
 *     Exim - DANE verifier: the name matcher     *
 *************************************************/

/* NAME
     dane_name.h - the one certificate name matcher (RFC 6125 s6.4,
     RFC 7672 s3.2.2) and the dNSName nameConstraints subtree test
     (RFC 5280 s4.2.1.10); internal C++, rules in dane_name.cc.

   ENTRY POINTS
     name_match()        one presented pattern against one reference id
     cert_names_match()  a certificate's names against one reference id
     name_in_subtree()   a DNS name inside a dNSName subtree?
     Pure functions; nothing is kept.
*/

#ifndef EXIM_DANE_NAME_H
#define EXIM_DANE_NAME_H

#include <cstddef>
#include <string>

#include "dane_backend.h"

namespace exim_dane {

// The one name matcher (the rules: dane_name.cc; dane_name_match in the
// C ABI).
bool name_match(const char *pattern, std::size_t pattern_len,
                const char *reference);

// Names of a certificate against one reference id: DNS SANs first, the CN
// only when there is no DNS SAN (RFC 6125 s6.4.4).
bool cert_names_match(const CertInfo &cert, const char *reference);

// Does a DNS name fall inside a dNSName nameConstraints subtree?
// (RFC 5280 s4.2.1.10)
bool name_in_subtree(const std::string &name, const std::string &subtree);

}  // namespace exim_dane

#endif  // EXIM_DANE_NAME_H
