/* NAME
     dane_tool_online.h - what exim_dane_verify's online check finds per
     domain and host (dane_tool_online.cc), and its two printers
     (dane_tool_output.cc).
*/

#ifndef EXIM_DANE_TOOL_ONLINE_H
#define EXIM_DANE_TOOL_ONLINE_H

#include <string>
#include <vector>

#include "dane_policy_abi.h"
#include "dane_tool.h"

namespace exim_dane::tool {

struct Lookup {
  std::string type, qname, result;
  bool secure = false;
  std::size_t count = 0;
};

struct ChainCert {
  std::string subject, issuer, not_before, not_after;
};

struct AddrCheck {
  std::string address;
  bool connected = false, starttls = false, tls = false;
  std::string error;  // connection, SMTP or TLS failure
  std::string protocol, cipher, sni;
  std::vector<ChainCert> chain;
  bool have_report = false;
  Report report;  // DANE hosts: the verifier's verdict
  std::vector<std::string> warnings;
  std::string status;  // verified / failed / no-dane / unreachable
  std::string tlsrpt;  // failures
};

struct HostCheck {
  std::string name;
  int pref = -1;  // MX preference, -1: not from an MX RRset
  std::vector<Lookup> lookups;
  std::vector<std::string> addrs;
  bool addr_secure = false;
  std::vector<Tlsa> tlsa;  // the RRset of the TLSA base domain
  std::vector<std::string> tlsa_state;
  dane_rules_decision dec{};
  bool decided = false;
  std::string outcome, reason, dec_tlsrpt, base;
  std::vector<std::string> names;
  std::vector<AddrCheck> checks;
  std::string status, tlsrpt, note;
};

// The whole result, for the printers.
struct OnlineResult {
  std::string domain;       // --domain, else --host
  std::vector<Lookup> top;  // the MX lookup
  std::vector<HostCheck> hosts;
  int rc = 2;  // the exit status
  std::string summary;
};

// One JSON object on stdout (--json).
void print_json(const Options &o, const OnlineResult &res);

// The text report on stdout (without the summary line).
void print_text(const Options &o, const std::vector<HostCheck> &hosts,
                const std::vector<Lookup> &top);

}  // namespace exim_dane::tool

#endif  // EXIM_DANE_TOOL_ONLINE_H
