/*************************************************
 *     Exim - DANE verifier: chain building blocks *
 *************************************************/

/* NAME
     dane_chain.cc - the matcher, the issuer search and the path rules of a
     DANE-TA(2) verification (see dane_chain.h; the policy they apply is
     described in dane_core.cc).  Pure: no TLS library header, no I/O, no
     clock.
*/

#include "dane_chain.h"

#include <algorithm>
#include <string>

#include "dane_der.h"
#include "dane_name.h"

namespace exim_dane {

bool frame_presented(const Bytes &d, ChainCert &c)
{
  der::CertParts parts;
  c.framed = false;
  if (d.size() > kMaxCertDer || !der::is_well_formed(d.data(), d.size()) ||
      !der::split_cert(d.data(), d.size(), parts)) {
    return false;
  }
  // The same DER rules as parse_presented applies on top of the library's
  // parse (dates decodable, extensions decodable and each once), so that a
  // leaf is malformed or not whatever the record's usage.
  CertInfo &i = c.info;
  i.der = ByteView(d.data(), d.size());
  i.spki = ByteView(parts.spki.whole, parts.spki.whole_len);
  i.dates_ok = der::parse_validity(parts, i.not_before, i.not_after);
  read_extension_facts(i);
  c.framed = i.dates_ok && !i.ext.malformed;
  return c.framed;
}

bool parse_presented(Backend &backend, const Bytes &d, void *hint, ChainCert &c)
{
  c.framed = false;
  c.parsed =
      d.size() <= kMaxCertDer && der::is_well_formed(d.data(), d.size()) &&
      (c.handle =
           backend.parse_cert_hinted(d.data(), d.size(), hint, c.info)) &&
      c.info.dates_ok && (read_extension_facts(c.info), !c.info.ext.malformed);
  c.framed = c.parsed;
  return c.parsed;
}

const CertInfo &names_of(Backend &backend, ChainCert &c)
{
  backend.read_names(*c.handle, c.info);
  return c.info;
}

bool PathOutcome::better_than(const PathOutcome &o) const
{
  if (!o.set) {
    return true;
  }
  if (anchor_depth != o.anchor_depth) {
    return anchor_depth < o.anchor_depth;
  }
  return rec < o.rec;
}

/* ---------------------------------------------------------------- */
/* The matcher: RFC 6698 s2.1.2 (selector), s2.1.3 (matching type). */

bool Matcher::matches(const Record &r, ChainCert &c)
{
  const ByteView full = r.selector == 0 ? c.info.der : c.info.spki;
  if (r.mtype == 0) {
    return full.equals(r.data(), r.data_len());
  }
  const std::size_t s = static_cast<std::size_t>(r.selector);
  const std::size_t m = static_cast<std::size_t>(r.mtype - 1);
  if (!c.have[s][m]) {
    if (!backend_.digest(m == 0 ? HashAlg::sha256 : HashAlg::sha512,
                         full.data(), full.size(), c.dig[s][m],
                         c.dig_len[s][m])) {
      error_ = true;
      return false;
    }
    c.have[s][m] = true;
  }
  return ByteView(c.dig[s][m], c.dig_len[s][m]).equals(r.data(), r.data_len());
}

/* ---------------------------------------------------------------- */
/* The path rules, one function per rule family. */

namespace {

bool is_self_issued(const CertInfo &c)
{
  return c.subject == c.issuer;
}

bool looks_like_dns(const std::string &s)
{
  if (s.find('.') == std::string::npos) {
    return false;
  }
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                    c == '*' || c == '_';
    if (!ok) {
      return false;
    }
  }
  return true;
}

// Is an excluded subtree reachable through the wildcard name "*.base"?
bool wildcard_reaches(const std::string &base, const std::string &excluded)
{
  std::string e = excluded;
  if (!e.empty() && e[0] == '.') {
    e.erase(0, 1);
  }
  return name_in_subtree(e, base) && e.size() > base.size();
}

// RFC 5280 s4.2.1.10 for dNSName: is `name` allowed by `nc`?
bool name_allowed_by(const std::string &name, const CertInfo &nc)
{
  // A wildcard name covers every name of its base domain's children.
  const bool wild = name.size() > 2 && name[0] == '*' && name[1] == '.';
  const std::string base = wild ? name.substr(2) : name;
  for (const std::string &ex : nc.nc_excluded_dns) {
    if (name_in_subtree(name, ex) || (wild && wildcard_reaches(base, ex))) {
      return false;
    }
  }
  if (nc.nc_permitted_dns.empty()) {
    return true;
  }
  for (const std::string &pe : nc.nc_permitted_dns) {
    if (name_in_subtree(wild ? std::string("x.") + base : name, pe)) {
      return true;
    }
  }
  return false;
}

/* The rules on one certificate of a DANE-TA(2) path by its role (the
leaf, or a CA: an intermediate or the anchor's certificate), as OpenSSL's
DANE applies them for an SSL server; DANE-EE(3) applies none
(RFC 7672 s3.1.1).  Reason::ok when it passes. */
Reason check_role(const CertInfo &c, bool leaf)
{
  if (c.ext.unknown_critical) {
    return Reason::critical_extension;  // RFC 5280 s4.2
  }
  // RFC 5280 s4.2.1.12: an EKU present restricts the key to the purposes
  // listed; for a CA, to the certificates it issues for them (as OpenSSL,
  // CA/B Forum BR 7.1.2.2).  anyExtendedKeyUsage does not count.
  if (c.ext.eku_present && !c.ext.eku_server_auth) {
    return Reason::key_usage;
  }
  // RFC 5280 s4.2.1.3, RFC 5246 s7.4.2: a TLS server key signs or
  // encrypts/agrees keys; the Netscape type, when present, says SSL server.
  if (leaf && ((c.ku_present && !c.ext.ku_tls) ||
               (c.ext.ns_present && !c.ext.ns_ssl_server))) {
    return Reason::key_usage;
  }
  return Reason::ok;
}

// RFC 5280 s4.1.2.5 validity at the given time, below the anchor (RFC 7671
// s5.2: the anchor's own dates are not checked).
Reason check_validity(const CertInfo &c, std::int64_t now)
{
  if (now < c.not_before) {
    return Reason::not_yet_valid;
  }
  if (now > c.not_after) {
    return Reason::expired;
  }
  return Reason::ok;
}

// The allow-list (dane_core.cc): the signature of certificate i, the
// leaf's key, and the key of its issuer.
Finding check_algorithms(const CertInfo &c, std::size_t i,
                         const KeyInfo &issuer_key)
{
  if (!sig_allowed(c) || (i == 0 && !key_allowed(c.key))) {
    return Finding(Reason::weak_algorithm, i);  // the leaf's key too
  }
  if (!key_allowed(issuer_key)) {
    return Finding(Reason::weak_algorithm, i + 1);
  }
  return Finding();
}

// The issuer (at depth i + 1) of a certificate: RFC 5280 s4.2.1.9 cA,
// s4.2.1.3 keyCertSign.
Finding check_issuer_ca(const CertInfo &issuer, std::size_t i)
{
  if (!(issuer.bc_present && issuer.bc_ca)) {
    return Finding(Reason::issuer_not_ca, i + 1);
  }
  if (issuer.ku_present && !issuer.ku_cert_sign) {
    return Finding(Reason::key_usage, i + 1);
  }
  return Finding();
}

}  // namespace

// One candidate: the path, the anchor's record, and where the anchor is.
struct PathChecker::Candidate {
  const std::vector<std::size_t> &path;
  std::size_t rec_idx;
  bool in_chain;
  std::size_t below;            // certificates below the anchor
  const CertInfo *anchor_cert;  // the anchor's certificate, when known
};

// The issuer of a certificate of the path: a presented certificate, or the
// anchor not sent, which is a certificate (selector 0) or only a key
// (selector 1: cert null).
struct PathChecker::Issuer {
  const CertInfo *cert = nullptr;
  const KeyInfo *key = nullptr;
  ByteView spki;
  std::size_t key_id = 0;
};

PathChecker::Issuer PathChecker::issuer_at(const Candidate &c,
                                           std::size_t i) const
{
  Issuer is;
  const Record &rec = records_[c.rec_idx];
  if (i + 1 != c.below || c.in_chain) {
    is.cert = &certs_[c.path[i + 1]].info;
    is.key = &is.cert->key;
    is.spki = is.cert->spki;
    is.key_id = c.path[i + 1];
  } else if (rec.selector == 0) {
    is.cert = &rec.cert;
    is.key = &rec.cert.key;
    is.spki = rec.cert.spki;
    is.key_id = certs_.size() + c.rec_idx;
  } else {
    is.key = &rec.key;
    is.spki = ByteView(rec.data(), rec.data_len());
    is.key_id = certs_.size() + c.rec_idx;
  }
  return is;
}

SigCheck PathChecker::signature(std::size_t child, std::size_t key_id,
                                const ByteView &spki)
{
  const auto k = std::make_pair(child, key_id);
  const auto it = sig_cache_.find(k);
  if (it != sig_cache_.end()) {
    return it->second;
  }
  const SigCheck r = backend_.verify_signature(
      *certs_[child].handle, certs_[child].info, spki.data(), spki.size());
  sig_cache_.emplace(k, r);
  return r;
}

// RFC 5280 s6.1.3 (a)(1): the signature of certificate i under its issuer's
// key; a backend failure is an internal error.
Finding PathChecker::check_signature(std::size_t i, std::size_t child,
                                     const Issuer &issuer)
{
  const SigCheck s = signature(child, issuer.key_id, issuer.spki);
  if (s == SigCheck::error) {
    error_ = true;
    return Finding(Reason::internal_error, i);
  }
  if (s == SigCheck::bad) {
    return Finding(Reason::bad_signature, i);
  }
  return Finding();
}

// RFC 5280 s4.2.1.9 pathLenConstraint: the non-self-issued intermediates
// below the issuer of certificate i.
Finding PathChecker::check_path_length(const Candidate &c, std::size_t i,
                                       const CertInfo &issuer) const
{
  if (issuer.path_len < 0) {
    return Finding();
  }
  std::size_t inter = 0;
  for (std::size_t j = 1; j <= i; j++) {
    if (!is_self_issued(certs_[c.path[j]].info)) {
      inter++;
    }
  }
  if (inter > static_cast<std::size_t>(issuer.path_len)) {
    return Finding(Reason::path_length, i + 1);
  }
  return Finding();
}

// The rules on link i of the path (certificate i and its issuer), in the
// order whose first failure is reported.
Finding PathChecker::check_link(const Candidate &c, std::size_t i)
{
  const std::size_t ci = c.path[i];
  const CertInfo &cert = certs_[ci].info;
  const Issuer issuer = issuer_at(c, i);
  Reason r = check_role(cert, i == 0);
  if (r == Reason::ok) {
    r = check_validity(cert, now_);
  }
  if (r != Reason::ok) {
    return Finding(r, i);
  }
  Finding f = check_algorithms(cert, i, *issuer.key);
  if (!f.failed()) {
    f = check_signature(i, ci, issuer);
  }
  if (f.failed() || issuer.cert == nullptr) {
    return f;
  }
  f = check_issuer_ca(*issuer.cert, i);
  return f.failed() ? f : check_path_length(c, i, *issuer.cert);
}

/* Are the names of chain certificate `subject` allowed by the constraints
of `con` (cached per pair: path-independent)?  The leaf's CN counts when it
has no DNS SAN and looks like a host name; names beyond the backend's cap
cannot be checked and are refused.  false when the work budget ran out. */
bool PathChecker::names_allowed(const CertInfo &con, std::size_t con_id,
                                std::size_t subject, bool leaf, bool &allowed)
{
  const auto key = std::make_pair(con_id, subject);
  const auto hit = nc_cache_.find(key);
  if (hit != nc_cache_.end()) {
    allowed = hit->second;
    return true;
  }
  const CertInfo &sub = names_of(backend_, certs_[subject]);
  allowed = !sub.names_truncated;
  const std::vector<std::string> *sub_names = &sub.dns_sans;
  std::vector<std::string> cn_names;
  if (leaf && sub.dns_sans.empty()) {
    for (const std::string &cn : sub.cns) {
      if (looks_like_dns(cn)) {
        cn_names.push_back(cn);
      }
    }
    sub_names = &cn_names;
  }
  const unsigned long cost =
      1 + con.nc_permitted_dns.size() + con.nc_excluded_dns.size();
  for (std::size_t k = 0; k < sub_names->size() && allowed; k++) {
    if (!budget_.charge(cost)) {
      budget_.mark_limit_hit();  // search abandoned: chain-too-long
      return false;
    }
    allowed = name_allowed_by((*sub_names)[k], con);
  }
  nc_cache_.emplace(key, allowed);
  return true;
}

/* nameConstraints (RFC 5280 s4.2.1.10) of the intermediates below the
anchor and of the anchor's certificate when known (RFC 7671 s5.2.1: sent in
the chain and matched by any selector, or given in full), applied to the
DNS names of every certificate below each.  Only a bare key not sent
carries none.  false when the work budget ran out. */
bool PathChecker::check_name_constraints(const Candidate &c, Finding &f)
{
  for (std::size_t x = 1; x <= c.below && !f.failed(); x++) {
    const CertInfo *con = x < c.below ? &certs_[c.path[x]].info : c.anchor_cert;
    if (con == nullptr || !con->nc_present) {
      continue;
    }
    if (con->nc_unreadable) {
      f = Finding(Reason::name_constraints, x);
      break;
    }
    const std::size_t con_id =
        x < c.below || c.in_chain ? c.path[x] : certs_.size() + c.rec_idx;
    for (std::size_t y = 0; y < x && !f.failed(); y++) {
      bool allowed = true;
      if (!names_allowed(*con, con_id, c.path[y], y == 0, allowed)) {
        return false;
      }
      if (!allowed) {
        f = Finding(Reason::name_constraints, y);
      }
    }
  }
  return true;
}

bool PathChecker::check(const std::vector<std::size_t> &path,
                        std::size_t rec_idx, bool in_chain, PathOutcome &out)
{
  const Record &rec = records_[rec_idx];
  const std::size_t below = in_chain ? path.size() - 1 : path.size();
  /* The anchor's certificate, when known (sent, whatever the record's
  selector, or given in full by a 2 0 0 record): the CA rules of
  check_role apply to it too (RFC 5280 s4.2; OpenSSL's DANE checks the
  extensions of its whole chain, the anchor included). */
  const CertInfo *anchor_cert = in_chain            ? &certs_[path[below]].info
                                : rec.selector == 0 ? &rec.cert
                                                    : nullptr;
  const Candidate c{path, rec_idx, in_chain, below, anchor_cert};
  budget_.add_work(below);
  Finding f;
  for (std::size_t i = 0; i < below && !f.failed(); i++) {
    f = check_link(c, i);
  }
  if (!f.failed() && anchor_cert != nullptr) {
    const Reason role = check_role(*anchor_cert, false);
    if (role != Reason::ok) {
      f = Finding(role, below);
    }
  }
  if (!f.failed() && !check_name_constraints(c, f)) {
    return false;
  }
  out = PathOutcome();
  out.set = true;
  out.ok = !f.failed();
  out.reason = f.reason;
  out.depth = f.depth;
  out.anchor_depth = static_cast<int>(below);
  out.rec = rec_idx;
  return true;
}

/* ---------------------------------------------------------------- */
/* The issuer search (RFC 7671 s5.2 / RFC 7672 s3.1.2): issuer paths from
the leaf by subject/issuer linkage over the presented certificates (any
order, extras ignored, no certificate twice, depth and work bounded). */

// A certificate presented twice adds no path: use its first copy only.
void PathBuilder::mark_duplicates(const std::vector<Bytes> &chain)
{
  const std::size_t n = chain.size();
  duplicate_.assign(n, false);
  for (std::size_t j = 1; j < n; j++) {
    for (std::size_t k = 0; k < j && !duplicate_[j]; k++) {
      duplicate_[j] = chain[k] == chain[j];
    }
  }
}

// Is chain certificate j, not on the current path, the issuer of cur?
bool PathBuilder::issued_by_unused(std::size_t j, const CertInfo &cur) const
{
  return !on_path_[j] && certs_[j].parsed &&
         certs_[j].info.subject == cur.issuer;
}

// Check a path to the anchor of record rec and keep it if it is the best.
void PathBuilder::consider(const Path &path, std::size_t rec, bool in_chain)
{
  any_anchor_candidate_ = true;
  PathOutcome o;
  if (!checker_.check(path, rec, in_chain, o)) {
    return;
  }
  PathOutcome &slot = o.ok ? best_ok_ : best_fail_;
  if (o.better_than(slot)) {
    slot = o;
  }
}

// The DANE-TA records whose anchor is at, or just above, path.back().
void PathBuilder::try_anchors(const Path &path, bool topmost)
{
  const std::size_t d = path.size() - 1;
  const std::size_t cur = path.back();
  const CertInfo &ci = certs_[cur].info;
  for (std::size_t ri = 0; ri < records_.size(); ri++) {
    const Record &r = records_[ri];
    if (r.state != RecordState::usable || r.usage != 2) {
      continue;
    }
    // Anchor presented: a certificate above the leaf matches.
    if (d >= 1 && d <= kMaxDepth && matcher_.matches(r, certs_[cur])) {
      consider(path, ri, true);
    }
    // Anchor not sent (RFC 7671 s5.2.2, s5.2.3): full-value record whose
    // certificate issued cur, or whose key signed cur, the topmost
    // certificate the path reaches (a bare key names no issuer, so it is
    // tried only there).
    if (r.mtype != 0 || d + 1 > kMaxDepth) {
      continue;
    }
    const ByteView key(r.data(), r.data_len());
    if (r.selector == 0) {
      if (r.cert.subject == ci.issuer && r.cert.der != ci.der) {
        consider(path, ri, false);
      }
    } else if (topmost && ci.spki != key &&
               checker_.signature(cur, certs_.size() + ri, key) ==
                   SigCheck::ok) {
      consider(path, ri, false);
    }
  }
}

// The paths one certificate longer, through each presented issuer.
void PathBuilder::extend(const Path &path, std::vector<Path> &next)
{
  const CertInfo &ci = certs_[path.back()].info;
  for (std::size_t j = 0; j < certs_.size(); j++) {
    if (!issued_by_unused(j, ci) || duplicate_[j]) {
      continue;
    }
    if (path.size() > kMaxDepth) {
      budget_.mark_limit_hit();
      continue;
    }
    Path longer = path;
    longer.push_back(j);
    next.push_back(std::move(longer));
  }
}

// Examine the node path.back(): anchors there, then its issuers into next.
void PathBuilder::visit(const Path &path, std::vector<Path> &next)
{
  const CertInfo &ci = certs_[path.back()].info;
  std::fill(on_path_.begin(), on_path_.end(), false);
  for (const std::size_t p : path) {
    on_path_[p] = true;
  }
  // Is cur the topmost certificate this path reaches (no presented,
  // unused certificate names its issuer)?
  bool topmost = true;
  for (std::size_t j = 0; j < certs_.size() && topmost; j++) {
    topmost = !issued_by_unused(j, ci);
  }
  try_anchors(path, topmost);
  extend(path, next);
}

void PathBuilder::run(const std::vector<Bytes> &chain)
{
  on_path_.assign(certs_.size(), false);
  mark_duplicates(chain);
  std::vector<Path> level = {{0}};
  for (std::size_t depth = 0; !level.empty(); depth++) {
    std::vector<Path> next;
    for (const Path &p : level) {
      if (!budget_.take_visit()) {
        budget_.mark_limit_hit();
        break;
      }
      visit(p, next);
    }
    // Anchors found so far at depth <= this level cannot be beaten.
    if (best_ok_.set && best_ok_.anchor_depth <= static_cast<int>(depth)) {
      break;
    }
    if (budget_.spent()) {
      break;
    }
    level = std::move(next);
  }
}

}  // namespace exim_dane
