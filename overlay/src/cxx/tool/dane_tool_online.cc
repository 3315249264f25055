/* NAME
     dane_tool_online.cc - exim_dane_verify's online check (--domain,
     --host): a live domain checked as exim would deliver to it.

   DESCRIPTION
     option or record and the reason.  --help and --version exit 0.
     The backend is the one compiled in (DANE_BACKEND_DEFAULT).

     run_online(): the MX RRset (or --host), per host the AAAA and A
     lookups (the host's DNSSEC status as exim's host_find_bydns() sets it:
     the MX answer's and every successful address answer's AD bit), then
     the RFC 7672 outcome rules through their C ABI (dane_policy_abi.h),
     driven as Exim's glue dane_policy_lookup() drives them: the lookups
     they ask for, TLSA records classified by the verifier, the decision.
     The resolver is set as Exim's dns_init() sets it (dns_setup()).  Per
     address of a host the rules do not refuse: connect, EHLO, STARTTLS,
     the handshake with the SNI exim sends (the TLSA base domain under
     DANE; none otherwise) by the build's TLS library (dane_tool_tls.h),
     then the verifier with the rules' reference identifiers.  Exit 0/1/3/2
     as the help text says.  DNS and server data are bounded (kMax*) and
     printed through shown().
*/

#include "dane_tool_online.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <resolv.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dane_tool_tls.h"

namespace exim_dane::tool {
namespace {

/*************************************************
 *     Online mode: DNS as exim's resolver sees it *
 *************************************************/

// The resolver as Exim's dns_init() sets it for the dnslookup router and
// the smtp transport's DANE lookups (dnssec_request_domains = * by
// default): res_init(), no RES_DEFNAMES / RES_DNSRCH, RES_USE_DNSSEC (the
// DO bit; glibc adds EDNS0 for it), EDNS0 otherwise as resolv.conf says,
// and RES_TRUSTAD only if resolv.conf has "options trust-ad" - glibc
// clears the AD bit of every answer otherwise, for exim and for this tool
// alike.  The DNSSEC status of an answer is its AD bit (Exim's
// dns_is_secure() with dns_trust_aa unset).

constexpr std::size_t kDnsBuf = 65535;
constexpr std::size_t kMaxRrs = 256;          // RRs of one type kept
constexpr std::size_t kMaxLookups = 64;       // per host, shown
constexpr std::size_t kMaxHosts = 16;         // MX hosts checked
constexpr std::size_t kMaxAddrs = 8;          // addresses per host
constexpr std::size_t kMaxReply = 64 * 1024;  // one SMTP reply

constexpr int kTypeA = 1, kTypeCname = 5, kTypeMx = 15, kTypeAaaa = 28,
              kTypeTlsa = 52, kTypeSoa = 6;

struct Rr {
  int type = 0;
  Bytes rdata;
  std::string name;  // MX exchange / CNAME target (expanded), if any
  int pref = 0;      // MX preference
};

struct DnsAnswer {
  dane_rules_rcode rcode = DANE_RULES_RC_FAIL;
  bool ad = false;
  std::vector<Rr> rrs;  // of the type asked for, answer order
};

bool g_any_ad = false;  // some answer had AD (see the "never AD" check)

const char *rcode_name(dane_rules_rcode rc)
{
  switch (rc) {
    case DANE_RULES_RC_OK:
      return "ok";
    case DANE_RULES_RC_NXDOMAIN:
      return "nxdomain";
    case DANE_RULES_RC_NODATA:
      return "nodata";
    case DANE_RULES_RC_AGAIN:
      return "servfail, bogus or timeout";
    case DANE_RULES_RC_FAIL:
      return "failed";
    case DANE_RULES_RC_MALFORMED:
      return "malformed";
    default:
      return "?";
  }
}

const char *type_name(int t)
{
  switch (t) {
    case kTypeA:
      return "A";
    case kTypeAaaa:
      return "AAAA";
    case kTypeMx:
      return "MX";
    case kTypeCname:
      return "CNAME";
    case kTypeTlsa:
      return "TLSA";
    case kTypeSoa:
      return "SOA";
    default:
      return "?";
  }
}

void dns_setup()
{
  res_init();
  _res.options &= ~static_cast<unsigned long>(RES_DNSRCH | RES_DEFNAMES);
  _res.options |= RES_USE_DNSSEC;
}

std::uint16_t get16(const unsigned char *p)
{
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

// A failed res_search(): the rcode class from h_errno.  A denial is still
// an answer (glibc leaves it in the buffer): its AD bit says whether the
// denial validated (shown, not used by the rules).
void lookup_failed(const std::vector<unsigned char> &buf, DnsAnswer &a)
{
  a.rcode = h_errno == HOST_NOT_FOUND ? DANE_RULES_RC_NXDOMAIN
            : h_errno == NO_DATA      ? DANE_RULES_RC_NODATA
            : h_errno == TRY_AGAIN    ? DANE_RULES_RC_AGAIN
                                      : DANE_RULES_RC_FAIL;
  if ((a.rcode == DANE_RULES_RC_NXDOMAIN || a.rcode == DANE_RULES_RC_NODATA) &&
      (buf[2] & 0x80) != 0) {
    a.ad = (buf[3] & 0x20) != 0;
    g_any_ad = g_any_ad || a.ad;
  }
}

// One record of the type asked for (RDATA at p, rdlen bytes) into a: the
// MX exchange or CNAME target expanded (a CNAME target that does not
// expand to at most 255 bytes makes the answer malformed).
void add_rr(const unsigned char *msg, const unsigned char *end,
            const unsigned char *p, int t, std::size_t rdlen, DnsAnswer &a)
{
  char name[1025];
  Rr rr;
  rr.type = t;
  rr.rdata.assign(p, p + rdlen);
  const unsigned char *np = t == kTypeMx ? p + 2 : p;
  if ((t == kTypeMx && rdlen > 2) || t == kTypeCname) {
    const int m = dn_expand(msg, end, np, name, sizeof(name));
    if (m >= 0 && std::strlen(name) <= 255) {
      rr.name = name;
    } else if (t == kTypeCname) {
      a.rcode = DANE_RULES_RC_MALFORMED;
    }
  }
  if (t == kTypeMx && rdlen >= 2) {
    rr.pref = get16(p);
  }
  a.rrs.push_back(std::move(rr));
}

// Look qname up (class IN) and parse the answer section: records of the
// type asked for, names in MX and CNAME RDATA expanded (at most 255
// bytes, else the record is "malformed").  Rcode classes as Exim's
// dns_basic_lookup(): HOST_NOT_FOUND nxdomain, NO_DATA (or no record of
// the type) nodata, TRY_AGAIN again, anything else failed.
DnsAnswer dns_lookup(const std::string &qname, int type)
{
  DnsAnswer a;
  std::vector<unsigned char> buf(kDnsBuf, 0);
  h_errno = 0;
  const int len = res_search(qname.c_str(), 1, type, buf.data(),
                             static_cast<int>(buf.size()));
  if (len < 0) {
    lookup_failed(buf, a);
    return a;
  }
  const unsigned char *msg = buf.data(), *end = msg + len;
  if (len < 12) {
    return a;
  }
  a.ad = (msg[3] & 0x20) != 0;
  g_any_ad = g_any_ad || a.ad;
  const int qd = get16(msg + 4), an = get16(msg + 6);
  const unsigned char *p = msg + 12;
  char name[1025];
  for (int i = 0; i < qd; i++) {
    const int n = dn_expand(msg, end, p, name, sizeof(name));
    if (n < 0 || p + n + 4 > end) {
      return a;
    }
    p += n + 4;
  }
  a.rcode = DANE_RULES_RC_OK;
  for (int i = 0; i < an; i++) {
    const int n = dn_expand(msg, end, p, name, sizeof(name));
    if (n < 0 || p + n + 10 > end) {
      a.rcode = DANE_RULES_RC_FAIL;
      return a;
    }
    p += n;
    const int t = get16(p);
    const std::size_t rdlen = get16(p + 8);
    p += 10;
    if (p + rdlen > end) {
      a.rcode = DANE_RULES_RC_FAIL;
      return a;
    }
    if (t == type && a.rrs.size() < kMaxRrs) {
      add_rr(msg, end, p, t, rdlen, a);
    }
    p += rdlen;
  }
  if (a.rcode == DANE_RULES_RC_OK && a.rrs.empty()) {
    a.rcode = DANE_RULES_RC_NODATA;
  }
  return a;
}

std::string utc_text(std::int64_t t)
{
  const time_t tt = static_cast<time_t>(t);
  std::tm tm;
  char buf[32];
  if (gmtime_r(&tt, &tm) == nullptr ||
      std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
    return "?";
  }
  return buf;
}

void add_lookup(HostCheck &h, const char *type, const std::string &qname,
                const DnsAnswer &a)
{
  if (h.lookups.size() >= kMaxLookups) {
    return;
  }
  Lookup l;
  l.type = type;
  l.qname = qname;
  l.result = rcode_name(a.rcode);
  l.secure = a.ad;
  l.count = a.rrs.size();
  h.lookups.push_back(l);
}

// An answer's names for the rules: the MX exchanges, or the CNAME target.
void answer_names(const DnsAnswer &a, int type,
                  std::vector<const char *> &names, dane_rules_answer &ans)
{
  if (a.rcode != DANE_RULES_RC_OK || type == kTypeTlsa) {
    return;
  }
  for (const Rr &rr : a.rrs) {
    if (!rr.name.empty()) {
      names.push_back(rr.name.c_str());
    }
    if (type == kTypeCname) {
      break;
    }
  }
  ans.names = names.data();
  ans.num_names = names.size();
}

// A secure TLSA RRset for the rules: classified by the verifier's one
// table, as the glue's loader does; raw keeps the RDATA for the verifier.
void answer_tlsa(const DnsAnswer &a, std::vector<dane_rules_tlsa> &recs,
                 std::vector<Bytes> &raw, dane_rules_answer &ans)
{
  ans.total_records = a.rrs.size();
  dane_ctx *ctx = nullptr;
  if (a.rrs.size() > DANE_MAX_RECORDS) {
    for (const Rr &rr : a.rrs) {
      raw.push_back(rr.rdata);
    }
  } else if (dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx) != DANE_STATUS_OK) {
    ans.unclassified = 1;
  } else {
    for (const Rr &rr : a.rrs) {
      (void)dane_add_tlsa_rdata(ctx, rr.rdata.data(), rr.rdata.size());
      raw.push_back(rr.rdata);
    }
    if (dane_classify_records(ctx, nullptr) == DANE_STATUS_OK) {
      for (std::size_t k = 0; k < dane_num_records(ctx); k++) {
        dane_record_info ri;
        if (dane_get_record(ctx, k, &ri) == DANE_STATUS_OK) {
          recs.push_back(
              {ri.usage, ri.selector, ri.mtype, ri.data_len, ri.state});
        }
      }
    } else {
      ans.unclassified = 1;
    }
    dane_ctx_free(ctx);
  }
  ans.records = recs.data();
  ans.num_records = recs.size();
}

using RRsets = std::vector<std::pair<std::string, std::vector<Bytes>>>;

// Make the lookups the rules ask for and give them the answers; the secure
// TLSA RRsets are kept by owner in rrsets.
void drive_rules(HostCheck &h, dane_rules_ctx *r, RRsets &rrsets)
{
  for (int i = 0; i < 32; i++) {
    dane_rules_query q;
    const char *qn = nullptr;
    if (dane_rules_next(r, &q, &qn) != DANE_STATUS_OK ||
        q == DANE_RULES_QUERY_NONE) {
      break;
    }
    const std::string qname = qn;
    const int type = q == DANE_RULES_QUERY_MX      ? kTypeMx
                     : q == DANE_RULES_QUERY_CNAME ? kTypeCname
                                                   : kTypeTlsa;
    DnsAnswer a = dns_lookup(qname, type);
    add_lookup(h, type_name(type), qname, a);
    dane_rules_answer ans = {};
    ans.rcode = a.rcode;
    ans.secure = a.ad ? 1 : 0;
    std::vector<const char *> names;
    std::vector<dane_rules_tlsa> recs;
    answer_names(a, type, names, ans);
    if (a.rcode == DANE_RULES_RC_OK && type == kTypeTlsa && a.ad) {
      std::vector<Bytes> raw;
      answer_tlsa(a, recs, raw, ans);
      rrsets.emplace_back(qname, std::move(raw));
    }
    if (dane_rules_set_answer(r, &ans) != DANE_STATUS_OK) {
      break;
    }
  }
}

// The decision into h, and the base domain's RRset for the verifier and
// the report.
void take_decision(HostCheck &h, const Options &o, dane_rules_ctx *r,
                   const RRsets &rrsets)
{
  h.decided = true;
  h.outcome = dane_rules_outcome_text(h.dec.outcome);
  h.reason = h.dec.reason != nullptr ? h.dec.reason : "";
  h.dec_tlsrpt = h.dec.tlsrpt != nullptr ? h.dec.tlsrpt : "";
  h.base = h.dec.base != nullptr ? h.dec.base : "";
  for (std::size_t i = 0; i < h.dec.num_names; i++) {
    const char *n = dane_rules_name(r, i);
    if (n != nullptr) {
      h.names.push_back(n);
    }
  }
  const std::string owner = "_" + std::to_string(o.port) + "._tcp." + h.base;
  for (const auto &rs : rrsets) {
    if (h.base.empty() || rs.first != owner) {
      continue;
    }
    for (const Bytes &rd : rs.second) {
      Tlsa t;
      t.usage = rd.size() > 0 ? rd[0] : -1;
      t.selector = rd.size() > 1 ? rd[1] : -1;
      t.mtype = rd.size() > 2 ? rd[2] : -1;
      if (rd.size() > 3) {
        t.data.assign(rd.begin() + 3, rd.end());
      }
      h.tlsa.push_back(std::move(t));
    }
  }
}

// The rules' MX / CNAME / TLSA lookups for one host, through the C ABI as
// Exim's glue (dane_policy_exim.c) makes them.
void decide(HostCheck &h, const Options &o, bool is_mx, bool mx_secure,
            const std::string &nexthop)
{
  dane_rules_host rh = {};
  rh.name = h.name.c_str();
  rh.nexthop = nexthop.empty() ? nullptr : nexthop.c_str();
  rh.port = o.port;
  rh.is_mx = is_mx ? 1 : 0;
  rh.ip_literal = 0;
  rh.addr_dnssec = h.addr_secure && (!is_mx || mx_secure)
                       ? DANE_RULES_DNSSEC_YES
                       : DANE_RULES_DNSSEC_NO;
  rh.required = o.require ? 1 : 0;
  dane_rules_ctx *r = nullptr;
  if (dane_rules_new(&rh, &r) != DANE_STATUS_OK) {
    h.outcome = "not-used";
    h.reason = "the outcome rules refused the host name";
    h.dec_tlsrpt = "dnssec-invalid";
    return;
  }
  std::unique_ptr<dane_rules_ctx, void (*)(dane_rules_ctx *)> guard(
      r, dane_rules_free);
  RRsets rrsets;
  drive_rules(h, r, rrsets);
  if (dane_rules_get_decision(r, &h.dec) != DANE_STATUS_OK) {
    h.outcome = "not-used";
    h.reason = "DANE outcome rules failed";
    h.dec_tlsrpt = "dnssec-invalid";
    return;
  }
  take_decision(h, o, r, rrsets);
}

/*************************************************
 *     Online mode: SMTP and STARTTLS             *
 *************************************************/

struct Fd {
  int fd = -1;
  ~Fd()
  {
    if (fd >= 0) {
      close(fd);
    }
  }
};

// Connect to addr:port within timeout seconds.
bool tcp_connect(const std::string &addr, int port, int timeout, Fd &s,
                 std::string &err)
{
  sockaddr_storage ss = {};
  socklen_t sl = 0;
  sockaddr_in *v4 = reinterpret_cast<sockaddr_in *>(&ss);
  sockaddr_in6 *v6 = reinterpret_cast<sockaddr_in6 *>(&ss);
  if (inet_pton(AF_INET, addr.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    sl = sizeof(*v4);
  } else if (inet_pton(AF_INET6, addr.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    sl = sizeof(*v6);
  } else {
    err = "bad address";
    return false;
  }
  s.fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (s.fd < 0) {
    err = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  if (connect(s.fd, reinterpret_cast<sockaddr *>(&ss), sl) != 0) {
    if (errno != EINPROGRESS) {
      err = std::string("connect: ") + std::strerror(errno);
      return false;
    }
    pollfd pfd = {s.fd, POLLOUT, 0};
    const int n = poll(&pfd, 1, timeout * 1000);
    int soerr = 0;
    socklen_t el = sizeof(soerr);
    if (n == 0) {
      err = "connect: timed out after " + std::to_string(timeout) + "s";
      return false;
    }
    if (n < 0 || getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &soerr, &el) != 0 ||
        soerr != 0) {
      err = std::string("connect: ") + std::strerror(n < 0 ? errno : soerr);
      return false;
    }
  }
  const int fl = fcntl(s.fd, F_GETFL);
  fcntl(s.fd, F_SETFL, fl & ~O_NONBLOCK);
  timeval tv = {timeout, 0};
  setsockopt(s.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  setsockopt(s.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  return true;
}

// Read one SMTP reply (all its lines); its code, or -1 with err set.  The
// lines are kept (bounded) in text.
int smtp_reply(int fd, std::string &text, std::string &err)
{
  text.clear();
  std::string line;
  for (;;) {
    char c;
    const ssize_t n = recv(fd, &c, 1, 0);
    if (n <= 0) {
      err = n == 0 ? "connection closed by the server"
            : errno == EAGAIN || errno == EWOULDBLOCK
                ? "timed out waiting for the server"
                : std::string("read: ") + std::strerror(errno);
      return -1;
    }
    if (text.size() + line.size() >= kMaxReply) {
      err = "SMTP reply longer than " + std::to_string(kMaxReply) + " bytes";
      return -1;
    }
    if (c != '\n') {
      line += c;
      continue;
    }
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    text += line + "\n";
    if (line.size() < 3 || line.find_first_not_of("0123456789") < 3) {
      err = "not an SMTP reply: \"" + shown(line) + "\"";
      return -1;
    }
    if (line.size() == 3 || line[3] == ' ') {
      return std::atoi(line.substr(0, 3).c_str());
    }
    line.clear();
  }
}

bool smtp_send(int fd, const std::string &cmd, std::string &err)
{
  const std::string s = cmd + "\r\n";
  if (send(fd, s.data(), s.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(s.size())) {
    err = std::string("write: ") + std::strerror(errno);
    return false;
  }
  return true;
}

// Does an EHLO reply offer STARTTLS?
bool offers_starttls(const std::string &reply)
{
  std::size_t pos = 0;
  while (pos < reply.size()) {
    const std::size_t nl = reply.find('\n', pos);
    std::string l = reply.substr(pos, nl - pos);
    pos = nl == std::string::npos ? reply.size() : nl + 1;
    if (l.size() >= 12) {
      std::string kw = l.substr(4, 8);
      for (char &c : kw) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      if (kw == "STARTTLS" && (l.size() == 12 || l[12] == ' ')) {
        return true;
      }
    }
  }
  return false;
}

std::string helo_name()
{
  char buf[256] = {};
  if (gethostname(buf, sizeof(buf) - 1) != 0 ||
      !is_dns_name(std::string(buf))) {
    return "localhost";
  }
  return buf;
}

// The printed form of the presented chain, from the verifier's backend
// (validity) and the TLS library (names).
void describe_chain(const exim_dane::tool::TlsResult &t, AddrCheck &c)
{
  const std::unique_ptr<exim_dane::Backend> be = default_backend();
  for (const exim_dane::tool::PeerCert &pc : t.chain) {
    ChainCert cc;
    cc.subject = pc.subject;
    cc.issuer = pc.issuer;
    exim_dane::CertInfo info;
    const std::unique_ptr<exim_dane::CertHandle> h =
        be ? be->parse_cert(pc.der.data(), pc.der.size(), info) : nullptr;
    if (h && info.dates_ok) {
      cc.not_before = utc_text(info.not_before);
      cc.not_after = utc_text(info.not_after);
    }
    c.chain.push_back(cc);
  }
}

// RFC 7671 s5.2.2: a DANE-TA record with a digest (2 x 1, 2 x 2) works
// only when the server sends the certificate it names.
void warn_unsent_ta(const HostCheck &h, const exim_dane::tool::TlsResult &t,
                    AddrCheck &c)
{
  const std::unique_ptr<exim_dane::Backend> be = default_backend();
  if (!be) {
    return;
  }
  std::vector<exim_dane::CertInfo> infos(t.chain.size());
  std::vector<std::unique_ptr<exim_dane::CertHandle>> hs;
  for (std::size_t i = 0; i < t.chain.size(); i++) {
    hs.push_back(
        be->parse_cert(t.chain[i].der.data(), t.chain[i].der.size(), infos[i]));
  }
  for (std::size_t k = 0; k < h.tlsa.size(); k++) {
    const Tlsa &r = h.tlsa[k];
    if (r.usage != 2 || (r.mtype != 1 && r.mtype != 2) || r.selector > 1 ||
        (k < h.tlsa_state.size() && h.tlsa_state[k] != "usable")) {
      continue;
    }
    bool sent = false;
    for (std::size_t i = 0; i < infos.size() && !sent; i++) {
      if (!hs[i]) {
        continue;
      }
      const exim_dane::ByteView v =
          r.selector == 1 ? infos[i].spki : infos[i].der;
      std::uint8_t md[exim_dane::kMaxDigestLen];
      std::size_t md_len = 0;
      sent = be->digest(r.mtype == 1 ? exim_dane::HashAlg::sha256
                                     : exim_dane::HashAlg::sha512,
                        v.data(), v.size(), md, md_len) &&
             md_len == r.data.size() &&
             std::memcmp(md, r.data.data(), md_len) == 0;
    }
    if (!sent) {
      c.warnings.push_back(
          "TLSA record " + std::to_string(k + 1) + " (2 " +
          std::to_string(r.selector) + " " + std::to_string(r.mtype) +
          ") names a certificate the server does not send: it can never "
          "match (RFC 7671 s5.2.2; the server must send its trust anchor)");
    }
  }
}

// One address's failure: unreachable before an SMTP session; after it a
// failure with its TLSRPT type when the rules want DANE or TLS, else no-dane.
void set_failed(const HostCheck &h, AddrCheck &c, const std::string &e,
                const char *rpt)
{
  c.error = e;
  if (h.dec.outcome == DANE_RULES_DANE ||
      h.dec.outcome == DANE_RULES_TLS_ONLY) {
    c.status = c.connected ? "failed" : "unreachable";
    c.tlsrpt = c.connected ? rpt : "";
  } else {
    c.status = c.connected ? "no-dane" : "unreachable";
  }
}

// Connect, greeting, EHLO, STARTTLS as the smtp transport does them: true
// when the server is ready for the handshake, else c says why not.
bool smtp_starttls(const HostCheck &h, const Options &o, AddrCheck &c, Fd &s)
{
  std::string err, reply;
  if (!tcp_connect(c.address, o.port, o.timeout, s, err)) {
    set_failed(h, c, err, "");
    return false;
  }
  c.connected = true;
  int code = smtp_reply(s.fd, reply, err);
  if (code != 220) {
    set_failed(h, c, code < 0 ? err : "greeting: " + shown(reply, 200), "");
    c.connected = false;  // no SMTP session: deferred, not a TLS failure
    c.status = "unreachable";
    return false;
  }
  if (!smtp_send(s.fd, "EHLO " + helo_name(), err) ||
      (code = smtp_reply(s.fd, reply, err)) != 250) {
    set_failed(h, c, code < 0 ? err : "EHLO: " + shown(reply, 200), "");
    c.connected = false;
    c.status = "unreachable";
    return false;
  }
  if (!offers_starttls(reply)) {
    set_failed(h, c, "the server does not offer STARTTLS",
               "starttls-not-supported");
    smtp_send(s.fd, "QUIT", err);
    return false;
  }
  c.starttls = true;
  if (!smtp_send(s.fd, "STARTTLS", err) ||
      (code = smtp_reply(s.fd, reply, err)) != 220) {
    set_failed(h, c, code < 0 ? err : "STARTTLS: " + shown(reply, 200),
               "starttls-not-supported");
    return false;
  }
  return true;
}

// The verifier over the presented chain with the host's TLSA RRset and
// reference identifiers, as the TLS glue calls it.
void verify_chain(const HostCheck &h, const exim_dane::tool::TlsResult &t,
                  AddrCheck &c)
{
  dane_ctx *ctx = nullptr;
  if (dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx) != DANE_STATUS_OK) {
    set_failed(h, c, "no DANE verifier backend", "validation-failure");
    return;
  }
  std::unique_ptr<dane_ctx, void (*)(dane_ctx *)> guard(ctx, dane_ctx_free);
  for (const Tlsa &r : h.tlsa) {
    Bytes rd = {static_cast<std::uint8_t>(r.usage),
                static_cast<std::uint8_t>(r.selector),
                static_cast<std::uint8_t>(r.mtype)};
    rd.insert(rd.end(), r.data.begin(), r.data.end());
    (void)dane_add_tlsa_rdata(ctx, rd.data(), rd.size());
  }
  for (const std::string &n : h.names) {
    (void)dane_add_reference_name(ctx, n.c_str());
  }
  dane_set_time(ctx, std::time(nullptr));
  std::vector<Bytes> ders;
  for (const exim_dane::tool::PeerCert &pc : t.chain) {
    ders.push_back(pc.der);
    dane_add_chain_der(ctx, pc.der.data(), pc.der.size());
  }
  dane_result res;
  if (dane_verify(ctx, &res) != DANE_STATUS_OK) {
    set_failed(h, c, "the verifier failed (internal error)",
               "validation-failure");
    return;
  }
  fill_report(ctx, res, h.tlsa, ders, c.report);
  c.have_report = true;
  c.status = res.verified ? "verified" : "failed";
  c.tlsrpt = res.verified ? "" : dane_reason_tlsrpt(res.reason);
}

// One connection as the smtp transport would make it: greeting, EHLO,
// STARTTLS, the handshake with exim's SNI, then (DANE) the verifier.
void check_address(HostCheck &h, const Options &o, const std::string &addr)
{
  AddrCheck c;
  c.address = addr;
  const bool dane = h.dec.outcome == DANE_RULES_DANE;
  const bool tls_only = h.dec.outcome == DANE_RULES_TLS_ONLY;
  Fd s;
  std::string err;
  exim_dane::tool::TlsResult t;
  if (!smtp_starttls(h, o, c, s)) {
    h.checks.push_back(std::move(c));
    return;
  }
  // Under DANE (records present, usable or not) the SNI is the TLSA base
  // domain (dane_exim_sni()); otherwise tls_sni is unset by default.
  c.sni = dane || tls_only ? h.base : "";
  if (!exim_dane::tool::tls_fetch_chain(s.fd, c.sni, o.timeout, t, err)) {
    set_failed(h, c, err, "validation-failure");
  } else {
    c.tls = true;
    c.protocol = t.protocol;
    c.cipher = t.cipher;
    describe_chain(t, c);
    if (!dane) {
      c.status = tls_only ? "tls-only" : "no-dane";
    } else {
      warn_unsent_ta(h, t, c);
      verify_chain(h, t, c);
    }
  }
  h.checks.push_back(std::move(c));
}

// Addresses as the dnslookup router finds them (AAAA, then A): each
// successful lookup must be secure for the host's DNSSEC status.
void find_addresses(HostCheck &h)
{
  bool any = false, secure = true;
  for (const int type : {kTypeAaaa, kTypeA}) {
    const DnsAnswer a = dns_lookup(h.name, type);
    add_lookup(h, type_name(type), h.name, a);
    if (a.rcode != DANE_RULES_RC_OK) {
      if (a.rcode == DANE_RULES_RC_AGAIN || a.rcode == DANE_RULES_RC_FAIL) {
        h.note = std::string(type_name(type)) + " lookup for " +
                 shown(h.name, 256) + ": " + rcode_name(a.rcode);
      }
      continue;
    }
    any = true;
    secure = secure && a.ad;
    for (const Rr &rr : a.rrs) {
      char buf[INET6_ADDRSTRLEN];
      const std::size_t want = type == kTypeA ? 4 : 16;
      if (rr.rdata.size() == want && h.addrs.size() < kMaxAddrs &&
          inet_ntop(type == kTypeA ? AF_INET : AF_INET6, rr.rdata.data(), buf,
                    sizeof(buf)) != nullptr) {
        h.addrs.push_back(buf);
      }
    }
  }
  h.addr_secure = any && secure;
}

// The host's result: the worst of its addresses'.
void host_result(HostCheck &h)
{
  if (h.dec.outcome == DANE_RULES_NOT_USED) {
    h.status = "failed";
    h.tlsrpt = h.dec_tlsrpt;
    return;
  }
  if (h.addrs.empty()) {
    h.status = h.note.empty() ? "no-address" : "unreachable";
    return;
  }
  h.status = h.dec.outcome == DANE_RULES_DANE ? "verified" : "no-dane";
  for (const AddrCheck &c : h.checks) {
    if (c.status == "failed" ||
        (c.status == "unreachable" && h.dec.outcome != DANE_RULES_NO_DANE)) {
      if (h.status != "failed") {
        h.status = c.status;
        h.tlsrpt = c.tlsrpt;
      }
    }
  }
}

/*************************************************
 *     Online mode                                *
 *************************************************/

// Where the hosts come from, as the dnslookup router (or route_list)
// found them.
struct Route {
  std::string nexthop;
  bool is_mx = false, mx_secure = false;
};

// The hosts of an MX RRset in preference order (or only --host).
int mx_hosts(const Options &o, const DnsAnswer &a, OnlineResult &res)
{
  std::vector<Rr> mx = a.rrs;
  std::stable_sort(mx.begin(), mx.end(),
                   [](const Rr &x, const Rr &y) { return x.pref < y.pref; });
  if (mx.size() == 1 && mx[0].name.empty()) {
    return fail("--domain " + o.domain +
                ": null MX (RFC 7505): the domain accepts no mail");
  }
  for (const Rr &rr : mx) {
    if (rr.name.empty() || res.hosts.size() >= kMaxHosts) {
      continue;
    }
    if (!o.host.empty() && rr.name != o.host) {
      continue;
    }
    HostCheck h;
    h.name = rr.name;
    h.pref = rr.pref;
    res.hosts.push_back(std::move(h));
  }
  if (!o.host.empty() && res.hosts.empty()) {
    HostCheck h;  // not listed: the rules see that (RFC 7672 s2.2.1)
    h.name = o.host;
    res.hosts.push_back(std::move(h));
  }
  return 0;
}

// The hosts to check: --domain's MX hosts (no MX: the domain itself), or
// --host alone as a host of its own; non-zero: the exit status.
int find_hosts(const Options &o, OnlineResult &res, Route &route)
{
  route.nexthop = o.domain;
  HostCheck h;
  if (o.domain.empty()) {
    h.name = o.host;  // a host of its own (route_list / hosts=)
    route.nexthop = o.host;
    res.hosts.push_back(std::move(h));
    return 0;
  }
  const DnsAnswer a = dns_lookup(o.domain, kTypeMx);
  add_lookup(h, "MX", o.domain, a);
  res.top = h.lookups;
  if (a.rcode == DANE_RULES_RC_NXDOMAIN) {
    if (!o.json)
      print_text(o, res.hosts, res.top);
    return fail("--domain " + o.domain + ": no such domain (NXDOMAIN)");
  }
  if (a.rcode != DANE_RULES_RC_OK && a.rcode != DANE_RULES_RC_NODATA) {
    if (!o.json)
      print_text(o, res.hosts, res.top);
    return fail("--domain " + o.domain + ": MX lookup " + rcode_name(a.rcode) +
                " (exim would defer the address)");
  }
  if (a.rcode == DANE_RULES_RC_OK) {
    route.is_mx = true;
    route.mx_secure = a.ad;
    return mx_hosts(o, a, res);
  }
  HostCheck self;  // no MX: the domain is its own host (RFC 5321 s5.1)
  self.name = o.host.empty() ? o.domain : o.host;
  res.hosts.push_back(std::move(self));
  return 0;
}

// The per-record states of the host's RRset, as the rules were given them.
void record_states(HostCheck &h)
{
  dane_ctx *ctx = nullptr;
  if (h.tlsa.empty() ||
      dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx) != DANE_STATUS_OK) {
    return;
  }
  for (const Tlsa &t : h.tlsa) {
    Bytes rd = {static_cast<std::uint8_t>(t.usage),
                static_cast<std::uint8_t>(t.selector),
                static_cast<std::uint8_t>(t.mtype)};
    rd.insert(rd.end(), t.data.begin(), t.data.end());
    (void)dane_add_tlsa_rdata(ctx, rd.data(), rd.size());
  }
  const bool classified = dane_classify_records(ctx, nullptr) == DANE_STATUS_OK;
  for (std::size_t k = 0; k < h.tlsa.size(); k++) {
    dane_record_info ri;
    h.tlsa_state.push_back(classified && dane_get_record(ctx, k, &ri) ==
                                             DANE_STATUS_OK
                               ? dane_record_state_text(ri.state)
                               : "?");
  }
  dane_ctx_free(ctx);
}

// One host: its addresses, the rules, each address, the host's result.
void check_host(HostCheck &h, const Options &o, const Route &route)
{
  find_addresses(h);
  decide(h, o, route.is_mx, route.mx_secure, route.nexthop);
  record_states(h);
  if (h.dec.outcome != DANE_RULES_NOT_USED) {
    for (const std::string &addr : h.addrs) {
      check_address(h, o, addr);
    }
  }
  host_result(h);
}

// The exit status and summary line from the hosts' results.
void summarize(OnlineResult &res)
{
  std::size_t verified = 0, failed = 0, nodane = 0;
  for (const HostCheck &h : res.hosts) {
    if (h.status == "verified") {
      verified++;
    } else if (h.status == "failed" || h.status == "unreachable") {
      failed++;
    } else if (h.status != "no-address") {
      nodane++;
    }
  }
  const std::string of = " of " + std::to_string(res.hosts.size()) + " hosts";
  if (verified + failed + nodane == 0) {
    res.rc = 2;
    res.summary = "no host with an address";
  } else if (failed > 0) {
    res.rc = 1;
    res.summary = std::to_string(failed) + of +
                  " would not get a DANE-verified delivery (mail to them "
                  "would be deferred)";
  } else if (nodane > 0) {
    res.rc = 3;
    res.summary = "DANE does not apply to " + std::to_string(nodane) + of;
  } else {
    res.rc = 0;
    res.summary = "every host would get a DANE-verified delivery";
  }
}

}  // namespace

// --domain D [--host H] / --host H: the hosts a dnslookup router finds,
// then per host the rules, the connection and the verifier.
int run_online(const Options &o)
{
  dns_setup();
  OnlineResult res;
  Route route;
  const int rc = find_hosts(o, res, route);
  if (rc != 0) {
    return rc;
  }
  for (HostCheck &h : res.hosts) {
    check_host(h, o, route);
  }
  // If no answer at all had the AD bit, everything would look "insecure":
  // ask for the root zone's SOA, which a validating resolver marks.
  if (!g_any_ad && !dns_lookup(".", kTypeSoa).ad) {
    if (!o.json)
      print_text(o, res.hosts, res.top);
    return fail(
        "the resolver set the AD bit on no answer, not even the "
        "root zone's SOA: either it does not validate DNSSEC or "
        "resolv.conf lacks \"options trust-ad\" (glibc then clears "
        "AD); exim would see every zone as insecure and never use "
        "DANE");
  }
  summarize(res);
  if (o.json) {
    res.domain = o.domain.empty() ? o.host : o.domain;
    print_json(o, res);
  } else {
    print_text(o, res.hosts, res.top);
    std::printf("summary: %s (exit %d)\n", res.summary.c_str(), res.rc);
  }
  return res.rc;
}

}  // namespace exim_dane::tool
