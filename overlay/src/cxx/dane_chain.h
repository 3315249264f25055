/*************************************************
 *     Exim - DANE verifier: chain building blocks *
 *************************************************/

/* NAME
     dane_chain.h - the building blocks of one verification (internal C++;
     dane_chain.cc), in the manner of OpenSSL's dane_match and Botan's
     PKIX::check_chain; Verifier::run (dane_core.cc) strings them together
     and selects the verdict.

   ENTRY POINTS
     ChainCert     one presented certificate, parsed on demand
     names_of()    its names, read on first use
     Matcher       TLSA records against certificates, with the digest cache
                   (RFC 6698 s2.1.2, s2.1.3)
     Budget        the bounds of the issuer search: nodes visited, work done
     PathChecker   the rules on one candidate DANE-TA(2) path, one function
                   per rule family (RFC 5280 s4.1.2.5, s4.2, s4.2.1.3,
                   s4.2.1.9, s4.2.1.10, s4.2.1.12; the allow-list; RFC 7671
                   s5.2), with the signature and name-constraint caches
     PathBuilder   the breadth-first issuer search from the leaf over the
                   presented certificates and the full-value records
                   (RFC 7671 s5.2.2, s5.2.3), keeping the best passing and
                   the best failing path

   OWNERSHIP
     Each block holds references (not owned) to the Verifier's records, the
     parsed chain and the Backend, and lives for one run.
*/

#ifndef EXIM_DANE_CHAIN_H
#define EXIM_DANE_CHAIN_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "dane_backend.h"
#include "dane_core.h"

namespace exim_dane {

constexpr unsigned kMaxVisits = 1000;        // path-building node budget
constexpr unsigned long kMaxWork = 2000000;  // checks and name comparisons

// One presented certificate.
struct ChainCert {
  bool framed = false;  // info.der and info.spki set (frame_presented)
  bool parsed = false;  // all of info set (parse_presented)
  CertInfo info;        // views into Verifier::chain
  std::unique_ptr<CertHandle> handle;
  // Digests [selector][mtype-1], computed on first use.
  std::uint8_t dig[2][2][kMaxDigestLen];
  std::size_t dig_len[2][2] = {{0, 0}, {0, 0}};
  bool have[2][2] = {{false, false}, {false, false}};
};

// Frame a presented certificate: well-formed DER whose tbsCertificate
// splits into its fields (der::split_cert); sets info.der and info.spki
// only.  Enough for a DANE-EE match (RFC 7672 s3.1.1: no other check), so
// a leaf that a DANE-EE record matches costs one DER walk and one digest,
// and the verdict does not depend on what a library's parser tolerates.
bool frame_presented(const Bytes &der, ChainCert &c);

// Parse a presented certificate into c: accepted only if well-formed DER
// with decodable dates and extensions, whatever the library would
// tolerate, so that both backends see the same set.  hint: the TLS
// library's object for it, or null (Backend::parse_cert_hinted).
bool parse_presented(Backend &backend, const Bytes &der, void *hint,
                     ChainCert &c);

// The names of a parsed certificate, read on first use (only DANE-TA
// checks names).
const CertInfo &names_of(Backend &backend, ChainCert &c);

// What a rule found: Reason::ok, or the failure and the depth it
// concerns (see DEPTH REPORTED in dane_core.cc).
struct Finding {
  Reason reason = Reason::ok;
  int depth = -1;
  Finding() = default;
  Finding(Reason r, std::size_t d) : reason(r), depth(static_cast<int>(d)) {}
  bool failed() const
  {
    return reason != Reason::ok;
  }
};

// The verdict on one candidate path.
struct PathOutcome {
  bool set = false;
  bool ok = false;
  Reason reason = Reason::ok;
  int depth = -1;  // failure depth
  int anchor_depth = -1;
  std::size_t rec = 0;

  // Preference: lowest anchor depth, then record order.
  bool better_than(const PathOutcome &o) const;
};

// Records against certificates (full value or digest).
class Matcher {
 public:
  explicit Matcher(Backend &backend) : backend_(backend) {}
  // Does record r match certificate c?  Only what the record names is
  // digested, once per certificate; a digest failure is no match and sets
  // error().
  bool matches(const Record &r, ChainCert &c);
  bool error() const
  {
    return error_;
  }

 private:
  Backend &backend_;
  bool error_ = false;
};

// The search's bounds (hostile chains: a mesh of cross-signed
// certificates, long SAN and constraint lists).
class Budget {
 public:
  // Count one node; false when the node or the work budget is spent.
  bool take_visit()
  {
    return ++visits_ <= kMaxVisits && work_ <= kMaxWork;
  }
  bool spent() const
  {
    return visits_ > kMaxVisits || work_ > kMaxWork;
  }
  void add_work(unsigned long n)
  {
    work_ += n;
  }
  // Add work; false when the work budget is spent.
  bool charge(unsigned long n)
  {
    work_ += n;
    return work_ <= kMaxWork;
  }
  // A bound stopped the search (reported as chain-too-long).
  void mark_limit_hit()
  {
    limit_hit_ = true;
  }
  bool limit_hit() const
  {
    return limit_hit_;
  }

 private:
  unsigned visits_ = 0;
  unsigned long work_ = 0;
  bool limit_hit_ = false;
};

// The rules on one candidate DANE-TA(2) path.
class PathChecker {
 public:
  PathChecker(Backend &backend, const std::vector<Record> &records,
              std::vector<ChainCert> &certs, std::int64_t now, Budget &budget)
      : backend_(backend),
        records_(records),
        certs_(certs),
        now_(now),
        budget_(budget)
  {
  }

  // Check path (chain indices, leaf first) up to the anchor of record
  // rec_idx: presented at path.back() (in_chain), or not sent, above
  // path.back().  false when the work budget ran out (out not filled).
  bool check(const std::vector<std::size_t> &path, std::size_t rec_idx,
             bool in_chain, PathOutcome &out);

  // The signature of chain certificate `child` under an SPKI, cached by
  // key id (the issuer's chain index, or certs.size() + record index for a
  // record's key).
  SigCheck signature(std::size_t child, std::size_t key_id,
                     const ByteView &spki);

  // A backend failed (a signature could not be checked).
  bool error() const
  {
    return error_;
  }

 private:
  struct Candidate;
  struct Issuer;
  Issuer issuer_at(const Candidate &c, std::size_t i) const;
  Finding check_link(const Candidate &c, std::size_t i);
  Finding check_signature(std::size_t i, std::size_t child,
                          const Issuer &issuer);
  Finding check_path_length(const Candidate &c, std::size_t i,
                            const CertInfo &issuer) const;
  bool check_name_constraints(const Candidate &c, Finding &f);
  bool names_allowed(const CertInfo &con, std::size_t con_id,
                     std::size_t subject, bool leaf, bool &allowed);

  Backend &backend_;
  const std::vector<Record> &records_;
  std::vector<ChainCert> &certs_;
  const std::int64_t now_;
  Budget &budget_;
  bool error_ = false;
  std::map<std::pair<std::size_t, std::size_t>, SigCheck> sig_cache_;
  std::map<std::pair<std::size_t, std::size_t>, bool> nc_cache_;
};

// Breadth-first over paths from the leaf, so that the shallowest anchors
// are found before the node budget runs out (a mesh of cross-signed
// certificates has exponentially many paths).
class PathBuilder {
 public:
  PathBuilder(const std::vector<Record> &records, std::vector<ChainCert> &certs,
              Matcher &matcher, PathChecker &checker, Budget &budget)
      : records_(records),
        certs_(certs),
        matcher_(matcher),
        checker_(checker),
        budget_(budget)
  {
  }

  // Search every path (RFC 7671 s5.2, RFC 7672 s3.1.2); chain is what
  // certs was parsed from.
  void run(const std::vector<Bytes> &chain);

  const PathOutcome &best_ok() const
  {
    return best_ok_;
  }
  const PathOutcome &best_fail() const
  {
    return best_fail_;
  }
  // Was any path to a DANE-TA record's anchor checked?
  bool any_anchor_candidate() const
  {
    return any_anchor_candidate_;
  }

 private:
  using Path = std::vector<std::size_t>;
  void mark_duplicates(const std::vector<Bytes> &chain);
  void visit(const Path &path, std::vector<Path> &next);
  bool issued_by_unused(std::size_t j, const CertInfo &cur) const;
  void try_anchors(const Path &path, bool topmost);
  void extend(const Path &path, std::vector<Path> &next);
  void consider(const Path &path, std::size_t rec, bool in_chain);

  const std::vector<Record> &records_;
  std::vector<ChainCert> &certs_;
  Matcher &matcher_;
  PathChecker &checker_;
  Budget &budget_;
  PathOutcome best_ok_;
  PathOutcome best_fail_;
  bool any_anchor_candidate_ = false;
  std::vector<bool> on_path_;
  std::vector<bool> duplicate_;
};

}  // namespace exim_dane

#endif  // EXIM_DANE_CHAIN_H
