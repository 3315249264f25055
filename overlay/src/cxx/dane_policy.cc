/*************************************************
 *     Exim - DANE: the RFC 7672 outcome rules    *
 *************************************************/

/* NAME
     dane_policy.cc - the next-step function of dane_policy.h.

   DESCRIPTION
     The rows (doc-txt/dane-exim-transport.txt, "The outcome table"):

       secure TLSA RRset, usable records     kDane
       secure, none usable                   kTlsOnly (try) / kNotUsed
       secure NXDOMAIN/NODATA, insecure      kNoDane (try) / kNotUsed
       SERVFAIL, bogus, timeout              kNotUsed
       MX or address lookup not secure       kNoDane (try) / kNotUsed

     The lookups, in order: the next-hop domain's MX RRset (an MX host,
     s2.2.1), the host name's CNAME chain hop by hop (s2.2.2), TLSA at each
     candidate base domain (s2.2.2 order), and for an MX host of a secure
     MX RRset the next-hop domain's CNAME chain (its expansion is a
     reference identifier, s3.2.2).  The reason texts are those the smtp
     transport has always logged; DNS names in them are cut at 256 bytes.
*/

#include "dane_policy.h"

#include <algorithm>
#include <cstdio>

namespace exim_dane {
namespace policy {

namespace {

// At most n bytes of s (printf's "%.256s").
std::string cut(const std::string &s, std::size_t n = 256)
{
  return s.substr(0, n);
}

char lower(char c)
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// DNS names compare ASCII case-insensitively (RFC 4343).
bool same_name(const std::string &a, const std::string &b)
{
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); i++) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

const char kDnssecInvalid[] = "dnssec-invalid";  // RFC 8460 s4.3
const char kTlsaInvalid[] = "tlsa-invalid";
const char kDaneRequired[] = "dane-required";

}  // namespace

Rules::Rules(const Host &host) : host_(host)
{
  start();
}

void Rules::ask(Phase phase, Query q, const std::string &name)
{
  phase_ = phase;
  step_.query = q;
  step_.qname = name;
}

// No DNSSEC status at all (dnssec_request_domains did not match, an IP
// literal, a lookup that cannot report it): DANE cannot apply.
void Rules::start()
{
  if (host_.addr_dnssec == Dnssec::kUnknown || host_.ip_literal) {
    insecure("no DNSSEC status for the host (dnssec_request_domains)");
    return;
  }
  dec_.domain_dependent = host_.is_mx && !host_.nexthop.empty();
  // RFC 7672 s2.2.1: an MX host only from a secure MX RRset.  The routing
  // lookup's status mixes MX and address security, so ask again.
  if (dec_.domain_dependent) {
    ask(Phase::kMx, Query::kMx, host_.nexthop);
    return;
  }
  after_mx();
}

void Rules::on_mx(const Answer &a)
{
  listed_ = mx_secure_ = false;
  switch (a.rcode) {
    case Rcode::kNxdomain:
    case Rcode::kNodata:
      break;
    case Rcode::kOk:
      mx_secure_ = a.secure;
      for (const std::string &n : a.names) {
        listed_ = listed_ || same_name(n, host_.name);
      }
      break;
    default:  // never "no MX": a failure (RFC 7672 s2.2)
      not_used(
          "MX lookup for " + cut(host_.nexthop) + ": " + rcode_text(a.rcode),
          kDnssecInvalid, Scope::kDomain);
      return;
  }
  after_mx();
}

// A host from another domain's MX RRset (manualroute /MX) is not listed:
// trust routing's status (the next-hop domain is then no reference id).
void Rules::after_mx()
{
  if (host_.is_mx) {
    const bool ok = listed_ ? mx_secure_ : host_.addr_dnssec == Dnssec::kYes;
    if (!ok) {
      const std::string &d = host_.nexthop.empty() ? host_.name : host_.nexthop;
      insecure("MX RRset for " + cut(d) + " not DNSSEC-validated",
               dec_.domain_dependent ? Scope::kDomain : Scope::kHost);
      return;
    }
  }
  begin_walk(host_walk_, Phase::kHostCname, host_.name);
}

void Rules::begin_walk(Walk &w, Phase phase, const std::string &name)
{
  w = Walk();
  w.start = w.target = name;
  ask(phase, Query::kCname, name);
}

// One hop of a CNAME walk (RFC 7672 s2.2.2): the first hop's security
// decides whether DANE applies, every hop's whether the expansion is used.
Rules::WalkStep Rules::walk_answer(Walk &w, const Answer &a, std::string &why)
{
  if (a.rcode == Rcode::kNxdomain || a.rcode == Rcode::kNodata) {
    return WalkStep::kEnd;
  }
  if (a.rcode != Rcode::kOk && a.rcode != Rcode::kMalformed) {
    why = "CNAME lookup for " + cut(w.target) + ": " + rcode_text(a.rcode);
    return WalkStep::kError;
  }
  if (a.rcode == Rcode::kOk && a.names.empty()) {
    return WalkStep::kEnd;
  }
  if (w.hops >= kMaxCnameHops) {
    why = "CNAME chain from " + cut(w.start) + " longer than " +
          std::to_string(kMaxCnameHops);
    return WalkStep::kError;
  }
  if (a.rcode == Rcode::kMalformed || a.names[0].size() > kMaxNameLen) {
    why = "bad CNAME record for " + cut(w.target);
    return WalkStep::kError;
  }
  if (w.hops == 0) {
    w.first_secure = a.secure;
  }
  w.all_secure = w.all_secure && a.secure;
  w.target = a.names[0];
  w.hops++;
  return WalkStep::kNext;
}

void Rules::on_host_cname(const Answer &a)
{
  std::string why;
  switch (walk_answer(host_walk_, a, why)) {
    case WalkStep::kNext:
      ask(Phase::kHostCname, Query::kCname, host_walk_.target);
      return;
    case WalkStep::kError:
      not_used(why, kDnssecInvalid);
      return;
    case WalkStep::kEnd:
      after_host_walk();
      return;
  }
}

// RFC 7672 s2.2.2: the TLSA base domains, in order.
void Rules::after_host_walk()
{
  const Walk &w = host_walk_;
  const bool addr_secure = host_.addr_dnssec == Dnssec::kYes;
  if (w.hops == 0) {
    if (!addr_secure) {
      insecure("address records of " + cut(host_.name) +
               " not DNSSEC-validated");
      return;
    }
    dec_.bases.push_back(host_.name);
  } else if (!w.first_secure) {
    insecure("CNAME for " + cut(host_.name) + " not DNSSEC-validated");
    return;
  } else {
    if (addr_secure && w.all_secure) {
      dec_.bases.push_back(w.target);  // the expanded name first
    }
    dec_.bases.push_back(host_.name);  // then the original
  }
  tlsa_i_ = 0;
  next_tlsa();
}

void Rules::next_tlsa()
{
  if (tlsa_i_ < dec_.bases.size()) {
    ask(Phase::kTlsa, Query::kTlsa,
        "_" + std::to_string(host_.port) + "._tcp." +
            cut(dec_.bases[tlsa_i_], 253));
    return;
  }
  insecure("no DNSSEC-validated TLSA records for " + cut(dec_.bases[0]));
}

// RFC 7672 s2.2: a secure RRset is used; a secure denial or an insecure
// answer is "no TLSA here"; anything else is a failure, never a denial
// (that would be a downgrade).
void Rules::on_tlsa(const Answer &a)
{
  switch (a.rcode) {
    case Rcode::kOk:
      if (a.secure) {
        dec_.base = dec_.bases[tlsa_i_];
        if (usability(a)) {
          begin_names();
        }
        return;
      }
      tlsa_i_++;
      next_tlsa();
      return;
    case Rcode::kNxdomain:
    case Rcode::kNodata:
      tlsa_i_++;
      next_tlsa();
      return;
    default:
      not_used("TLSA lookup for " + cut(step_.qname) + ": " +
                   (a.rcode == Rcode::kAgain ? "SERVFAIL, bogus or timeout"
                                             : rcode_text(a.rcode)),
               kDnssecInvalid);
      return;
  }
}

// Count the usable records (the verifier decided each one, RFC 7672
// s3.1, RFC 7671).  An RRset over kMaxRecords is not used at all.
bool Rules::usability(const Answer &a)
{
  const std::size_t total = std::max(a.total_records, a.records.size());
  if (total > kMaxRecords) {
    dec_.num_records = total;
    not_used(std::to_string(total) + " TLSA records for " + cut(dec_.base) +
                 ", more than " + std::to_string(kMaxRecords),
             kTlsaInvalid);
    return false;
  }
  if (a.unclassified) {
    not_used("DANE verifier could not classify the TLSA records",
             kDnssecInvalid);
    return false;
  }
  for (std::size_t i = 0; i < a.records.size(); i++) {
    const TlsaRecord &r = a.records[i];
    dec_.num_records++;
    if (r.usable) {
      dec_.num_usable++;
      if (r.usage >= 0 && r.usage < 32) {
        dec_.usage_bits |= 1u << r.usage;
      }
    } else if (i < kMaxStates) {
      states_ += (states_.empty() ? "" : " ") + std::to_string(i) + ":" +
                 cut(r.state, 32);
    }
  }
  return true;
}

// Reference identifiers, RFC 7672 s3.2.2.
void Rules::begin_names()
{
  dec_.names.clear();
  add_name(dec_.base);
  if (host_.is_mx && listed_ && mx_secure_) {
    add_name(host_.nexthop);
    begin_walk(nexthop_walk_, Phase::kNexthopCname, host_.nexthop);
    return;
  }
  if (!host_.is_mx && host_walk_.hops > 0) {
    add_name(host_.name);
  }
  finish();
}

// The next-hop domain's expansion counts only from a secure chain; a
// failure here only means the expansion is not a reference identifier.
void Rules::on_nexthop_cname(const Answer &a)
{
  std::string why;
  switch (walk_answer(nexthop_walk_, a, why)) {
    case WalkStep::kNext:
      ask(Phase::kNexthopCname, Query::kCname, nexthop_walk_.target);
      return;
    case WalkStep::kEnd:
      if (nexthop_walk_.hops > 0 && nexthop_walk_.all_secure) {
        add_name(nexthop_walk_.target);
      }
      finish();
      return;
    case WalkStep::kError:
      finish();
      return;
  }
}

// RFC 7672 s2.2: records present but none usable means TLS without DANE
// authentication and without a clear-text fallback, unless DANE is
// required.
void Rules::finish()
{
  if (dec_.num_usable > 0) {
    dec_.outcome = Outcome::kDane;
  } else if (host_.required) {
    dec_.names.clear();
    not_used(std::to_string(dec_.num_records) + " TLSA records for " +
                 cut(dec_.base) + ", none usable (" + states_ +
                 "; hosts_require_dane)",
             kTlsaInvalid);
    return;
  } else {
    dec_.outcome = Outcome::kTlsOnly;
  }
  phase_ = Phase::kDone;
  step_ = Step();
}

void Rules::add_name(const std::string &name)
{
  if (name.empty() || dec_.names.size() >= kMaxNames) {
    return;
  }
  for (const std::string &n : dec_.names) {
    if (same_name(n, name)) {
      return;
    }
  }
  dec_.names.push_back(name);
}

// No DANE; under hosts_require_dane the host is not used for now (a
// temporary error: never a bounce, never clear text).
void Rules::insecure(const std::string &why, Scope scope)
{
  dec_.scope = scope;
  dec_.reason = why;
  if (host_.required) {
    dec_.outcome = Outcome::kNotUsed;
    dec_.tlsrpt = kDaneRequired;
    dec_.reason = "DANE required (hosts_require_dane) but " + why;
  } else {
    dec_.outcome = Outcome::kNoDane;
  }
  phase_ = Phase::kDone;
  step_ = Step();
}

void Rules::not_used(const std::string &why, const char *tlsrpt, Scope scope)
{
  dec_.outcome = Outcome::kNotUsed;
  dec_.scope = scope;
  dec_.reason = why;
  dec_.tlsrpt = tlsrpt;
  phase_ = Phase::kDone;
  step_ = Step();
}

bool Rules::answer(const Answer &a)
{
  switch (phase_) {
    case Phase::kMx:
      on_mx(a);
      return true;
    case Phase::kHostCname:
      on_host_cname(a);
      return true;
    case Phase::kTlsa:
      on_tlsa(a);
      return true;
    case Phase::kNexthopCname:
      on_nexthop_cname(a);
      return true;
    case Phase::kDone:
      break;
  }
  return false;
}

const char *outcome_text(Outcome o)
{
  switch (o) {
    case Outcome::kNoDane:
      return "no-dane";
    case Outcome::kDane:
      return "dane";
    case Outcome::kTlsOnly:
      return "tls-only";
    case Outcome::kNotUsed:
      return "not-used";
  }
  return "?";
}

const char *query_text(Query q)
{
  switch (q) {
    case Query::kNone:
      return "none";
    case Query::kMx:
      return "MX";
    case Query::kCname:
      return "CNAME";
    case Query::kTlsa:
      return "TLSA";
  }
  return "?";
}

// The names Exim's dns.c gives these results (dns_rc_names), which the
// transport's reasons have always used.
const char *rcode_text(Rcode rc)
{
  switch (rc) {
    case Rcode::kOk:
      return "DNS_SUCCEED";
    case Rcode::kNxdomain:
      return "DNS_NOMATCH";
    case Rcode::kNodata:
      return "DNS_NODATA";
    case Rcode::kAgain:
      return "DNS_AGAIN";
    case Rcode::kFail:
      return "DNS_FAIL";
    case Rcode::kMalformed:
      return "malformed answer";
  }
  return "?";
}

}  // namespace policy
}  // namespace exim_dane
