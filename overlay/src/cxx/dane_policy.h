/*************************************************
 *     Exim - DANE: the RFC 7672 outcome rules    *
 *************************************************/

/* NAME
     dane_policy.h - which TLSA RRset applies to an SMTP server and what
     that means for the connection (RFC 7672 s2.2, s2.2.1, s2.2.2, s3.2.2),
     as a pure next-step function (internal; the C ABI is
     dane_policy_abi.h).

   DESCRIPTION
     The rules need lookups whose names depend on earlier answers (the
     CNAME walk decides where TLSA records are looked for), so they are a
     state machine: Rules::step() names the next lookup to make, the caller
     makes it and gives the answer to Rules::answer(), until step() says
     Query::kNone; then decision() holds the outcome.  No I/O, no clock, no
     TLS library: TLSA records arrive already classified by the verifier.

   OWNERSHIP
     Rules copies everything it is given.  A std::bad_alloc may escape; the
     C ABI catches it.
*/

#ifndef EXIM_DANE_POLICY_H
#define EXIM_DANE_POLICY_H

#include <cstddef>
#include <string>
#include <vector>

namespace exim_dane {
namespace policy {

// Bounds on what the DNS may make the rules do (dane_policy_exim.h has the
// same values for the glue).
constexpr int kMaxCnameHops = 8;         // CNAMEs followed per name
constexpr std::size_t kMaxNames = 6;     // reference identifiers
constexpr std::size_t kMaxRecords = 64;  // TLSA RRset (DANE_MAX_RECORDS)
constexpr std::size_t kMaxNameLen = 255;
constexpr std::size_t kMaxStates = 16;  // unusable records named in reasons

enum class Dnssec { kUnknown, kNo, kYes };
enum class Query { kNone, kMx, kCname, kTlsa };
// Rcode: the answer's class.  kAgain is SERVFAIL, bogus or timeout;
// kMalformed an answer whose record cannot be read (CNAME target).
enum class Rcode { kOk, kNxdomain, kNodata, kAgain, kFail, kMalformed };
enum class Outcome { kNoDane, kDane, kTlsOnly, kNotUsed };
enum class Scope { kHost, kDomain };

// The facts known before any lookup.
struct Host {
  std::string name;     // as listed (MX target, or the next hop),
                        // before any CNAME expansion
  std::string nexthop;  // the batch's next-hop domain, or empty
  int port = 25;
  bool is_mx = false;  // the host came from an MX RRset
  bool ip_literal = false;
  Dnssec addr_dnssec = Dnssec::kUnknown;  // the routing lookup's status
  bool required = false;                  // hosts_require_dane matched
};

// One TLSA record as the verifier classified it.
struct TlsaRecord {
  int usage = -1;
  int selector = -1;
  int mtype = -1;
  std::size_t data_len = 0;
  bool usable = false;
  std::string state;  // the verifier's state text
};

struct Answer {
  Rcode rcode = Rcode::kOk;
  bool secure = false;              // AD bit
  std::vector<std::string> names;   // MX exchanges, or the CNAME target
  std::vector<TlsaRecord> records;  // TLSA (at most kMaxRecords kept)
  std::size_t total_records = 0;    // TLSA RRs in the answer
  bool unclassified = false;        // the verifier could not classify them
};

struct Step {
  Query query = Query::kNone;
  std::string qname;
};

struct Decision {
  Outcome outcome = Outcome::kNoDane;
  Scope scope = Scope::kHost;      // of a kNotUsed outcome
  bool domain_dependent = false;   // an MX host of a next-hop domain
  std::string reason;              // empty for kDane / kTlsOnly
  std::string tlsrpt;              // RFC 8460 s4.3 type; kNotUsed only
  std::string base;                // TLSA base domain, or empty
  std::vector<std::string> bases;  // ordered candidates (s2.2.2)
  std::vector<std::string> names;  // reference ids (s3.2.2), [0] == base
  unsigned usage_bits = 0;         // 1 << usage of the usable records
  std::size_t num_records = 0;
  std::size_t num_usable = 0;
};

class Rules {
 public:
  explicit Rules(const Host &host);

  const Step &step() const
  {
    return step_;
  }
  bool done() const
  {
    return step_.query == Query::kNone;
  }
  // Answer the pending step; false (nothing changes) when none is pending.
  bool answer(const Answer &a);
  const Decision &decision() const
  {
    return dec_;
  }

 private:
  enum class Phase { kMx, kHostCname, kTlsa, kNexthopCname, kDone };
  enum class WalkStep { kNext, kEnd, kError };
  struct Walk {
    std::string start;
    std::string target;
    int hops = 0;
    bool first_secure = true;
    bool all_secure = true;
  };

  void ask(Phase phase, Query q, const std::string &name);
  void start();
  void on_mx(const Answer &a);
  void after_mx();
  void begin_walk(Walk &w, Phase phase, const std::string &name);
  WalkStep walk_answer(Walk &w, const Answer &a, std::string &why);
  void on_host_cname(const Answer &a);
  void after_host_walk();
  void next_tlsa();
  void on_tlsa(const Answer &a);
  bool usability(const Answer &a);
  void begin_names();
  void on_nexthop_cname(const Answer &a);
  void finish();
  void add_name(const std::string &name);
  void insecure(const std::string &why, Scope scope = Scope::kHost);
  void not_used(const std::string &why, const char *tlsrpt,
                Scope scope = Scope::kHost);

  Host host_;
  Phase phase_ = Phase::kDone;
  Step step_;
  Decision dec_;
  bool listed_ = false;     // the host is in the next hop's MX RRset
  bool mx_secure_ = false;  // that MX RRset validated
  Walk host_walk_;
  Walk nexthop_walk_;
  std::size_t tlsa_i_ = 0;
  std::string states_;  // unusable records, bounded
};

const char *outcome_text(Outcome o);
const char *query_text(Query q);
const char *rcode_text(Rcode rc);

}  // namespace policy
}  // namespace exim_dane

#endif  // EXIM_DANE_POLICY_H
