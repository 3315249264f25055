/* NAME
     dane_tool.h - the parts of exim_dane_verify (the DANE checker) and
     what they share: options, TLSA records, the report, bounded output.

   DESCRIPTION
     The checker is a program of its own, not part of exim: its files are
     in tool/ (patch 23 builds them next to Exim's other utilities and
     links them with cxx/units.a, the verifier).
       exim_dane_verify.cc   main(), the help text, option parsing
       dane_tool_offline.cc  the offline check (--tlsa/--chain/--name) and
                             --make-tlsa: input checking, the verifier
       dane_tool_online.cc   the online check (--domain/--host): DNS as
                             exim's resolver sees it, the RFC 7672 outcome
                             rules, SMTP and STARTTLS, the verifier
       dane_tool_output.cc   bounded echoes of untrusted text, the report
                             (the run-vectors contract), text and JSON
       dane_tool_tls*        the online mode's handshake, per TLS library

   OWNERSHIP
     Everything is a value or a std::unique_ptr; nothing is shared between
     calls but the resolver's state (dane_tool_online.cc).  No exception
     but std::bad_alloc, which main() turns into an exit status of 2.
*/

#ifndef EXIM_DANE_TOOL_H
#define EXIM_DANE_TOOL_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dane_backend.h"
#include "dane_policy_abi.h"
#include "dane_verify.h"

namespace exim_dane::tool {

extern const char kProg[];

constexpr std::size_t kMaxInput = 4u * 1024 * 1024;   // one chain file
constexpr std::size_t kMaxData = DANE_MAX_RDATA - 3;  // association data
constexpr std::size_t kHexPerLine = 64;               // run-vectors contract
constexpr std::size_t kMaxNamesShown = 16;            // name-mismatch details
constexpr std::size_t kMaxShown = 64;                 // echoed user text

enum class Mode { verify, make_tlsa, online, help, version };

struct Options {
  Mode mode = Mode::verify;
  std::vector<std::string> tlsa;
  std::vector<std::string> names;
  std::string chain;  // verify: --chain; make-tlsa: its FILE
  std::string time;
  int usage = -1;  // --make-tlsa: -1 both, else 2 or 3
  int selector = 1;
  int mtype = 1;
  std::string host;
  int port = 25;
  std::string domain;              // online: --domain
  bool require = false;            // online: --require
  bool json = false;               // online: --json
  int timeout = 30;                // online: --timeout (seconds)
  std::vector<std::string> given;  // option names seen

  // Was the option given?
  bool has(const char *name) const
  {
    for (const std::string &g : given) {
      if (g == name) {
        return true;
      }
    }
    return false;
  }
};

// One TLSA record as given (--tlsa) or found (online).
struct Tlsa {
  int usage = 0;
  int selector = 0;
  int mtype = 0;
  Bytes data;
};

// What verify mode prints; one per host in an online mode.
struct Report {
  std::vector<std::string> unusable;  // "unusable N U S M: code"
  bool verified = false;
  std::string reason;  // contract code (not verified)
  const char *tlsrpt = "";
  int depth = -1;
  int usage = -1, selector = -1, mtype = -1;  // the matched record's
  std::string matched_name = "-";
  const Tlsa *record = nullptr;      // matched, or the one a failure
  std::size_t record_no = 0;         // concerns; 1-based position
  std::vector<std::string> details;  // further lines, unindented
};

/* Options (exim_dane_verify.cc). */

// Parse a decimal number in [lo, hi] (at most 5 digits).
bool parse_small(const std::string &s, long lo, long hi, int &out);

/* Output (dane_tool_output.cc). */

// Print one error line on stderr; return the usage/input exit status.
int fail(const std::string &msg);

// A printable copy of untrusted text, at most max bytes ("..." if cut).
std::string shown(const std::string &s, std::size_t max = kMaxShown);

// Is s a DNS name fit to print whole (LDH labels, a leading "*" allowed)?
bool is_dns_name(const std::string &s);

// A certificate name for output: whole if a DNS name, else bounded.
std::string printable_name(const std::string &s);

// Lower-case hex of n bytes.
std::string hex(const std::uint8_t *p, std::size_t n);

// Print a report in the contract's form, every line after ind.
void print_report(const Report &r, const char *ind = "");

// Fill the report from the verifier's result and per-record states.
void fill_report(dane_ctx *ctx, const dane_result &res,
                 const std::vector<Tlsa> &recs, const std::vector<Bytes> &chain,
                 Report &r);

/* The offline check and --make-tlsa (dane_tool_offline.cc). */

// The backend DANE_BACKEND_DEFAULT picks, for names and keys.
std::unique_ptr<Backend> default_backend();

// Verify mode: check every input, then verify; exit status 0, 1 or 2.
int run_verify(const Options &o);

// --make-tlsa: zone-file records for the chain; exit status 0 or 2.
int run_make_tlsa(const Options &o);

/* The online check (dane_tool_online.cc). */

// --domain D [--host H] / --host H; exit status 0, 1, 2 or 3.
int run_online(const Options &o);

}  // namespace exim_dane::tool

#endif  // EXIM_DANE_TOOL_H
