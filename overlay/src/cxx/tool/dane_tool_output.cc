/* NAME
     dane_tool_output.cc - what exim_dane_verify prints: bounded echoes of
     untrusted text, the report of one verification (the contract that
     unit/dane/run-vectors checks), and the online check's text and JSON.

   DESCRIPTION
     Everything that came from a peer, the DNS or the command line goes
     through shown() (printable, bounded) or printable_name() before it is
     printed; hex data is printed whole, at most kHexPerLine digits a line.
*/

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "dane_tool_online.h"

namespace exim_dane::tool {
/*************************************************
 *     Errors and bounded echoes                  *
 *************************************************/

// Print one error line on stderr; return the usage/input exit status.
int fail(const std::string &msg)
{
  std::fprintf(stderr, "%s: %s\n", kProg, msg.c_str());
  return 2;
}

// A printable copy of untrusted text, at most max bytes ("..." if cut).
std::string shown(const std::string &s, std::size_t max)
{
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < max; i++) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    out += c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?';
  }
  if (s.size() > max) {
    out += "...";
  }
  return out;
}

// Is s a DNS name fit to print whole: LDH labels of 1 to 63 bytes (a
// leftmost "*" allowed), at most 253 bytes, an optional trailing dot?
bool is_dns_name(const std::string &s)
{
  if (s.empty() || s.size() > 254 || (s.size() == 254 && s.back() != '.')) {
    return false;
  }
  std::size_t label = 0;
  for (std::size_t i = 0; i < s.size(); i++) {
    const char c = s[i];
    if (c == '.') {
      if (label == 0) {
        return false;
      }
      label = 0;
      continue;
    }
    const bool ldh = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     (c >= '0' && c <= '9') || c == '-' ||
                     (c == '*' && i == 0 && s.size() > 1 && s[1] == '.');
    if (!ldh || ++label > 63) {
      return false;
    }
  }
  return true;
}

// A certificate name for output: whole if a DNS name, else bounded.
std::string printable_name(const std::string &s)
{
  if (is_dns_name(s)) {
    return s;
  }
  return "\"" + shown(s) + "\" (not a DNS name, " + std::to_string(s.size()) +
         " bytes)";
}

std::string hex(const std::uint8_t *p, std::size_t n)
{
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; i++) {
    out += kDigits[p[i] >> 4];
    out += kDigits[p[i] & 0xf];
  }
  return out;
}

/*************************************************
 *     The report                                 *
 *************************************************/

// Print a report in the contract's form (see the header comment); every
// line after ind (online mode: the report sits under its address).
void print_report(const Report &r, const char *ind)
{
  for (const std::string &u : r.unusable) {
    std::printf("%s%s\n", ind, u.c_str());
  }
  if (r.verified) {
    std::printf("%sverified %d %d %d depth=%d name=%s\n", ind, r.usage,
                r.selector, r.mtype, r.depth, r.matched_name.c_str());
  } else {
    std::printf("%snot-verified %s depth=%d tlsrpt=%s\n", ind, r.reason.c_str(),
                r.depth, r.tlsrpt);
  }
  if (r.record != nullptr) {
    const Tlsa &t = *r.record;
    std::printf("%s  %s record %zu: %d %d %d, %zu bytes:\n", ind,
                r.verified ? "matched" : "failure concerns", r.record_no,
                t.usage, t.selector, t.mtype, t.data.size());
    const std::string h = hex(t.data.data(), t.data.size());
    for (std::size_t i = 0; i < h.size(); i += kHexPerLine) {
      std::printf("%s    %s\n", ind, h.substr(i, kHexPerLine).c_str());
    }
  }
  for (const std::string &d : r.details) {
    std::printf("%s  %s\n", ind, d.c_str());
  }
}

namespace {

// Detail lines naming the leaf's DNS names (the subject CNs when it has
// none: the matcher's fallback), at most kMaxNamesShown.
std::vector<std::string> leaf_name_lines(const Bytes &leaf)
{
  std::vector<std::string> out;
  const std::unique_ptr<exim_dane::Backend> be = default_backend();
  exim_dane::CertInfo info;
  const std::unique_ptr<exim_dane::CertHandle> h =
      be ? be->parse_cert(leaf.data(), leaf.size(), info) : nullptr;
  if (!h) {
    return out;
  }
  be->read_names(*h, info);
  const bool cn = info.dns_sans.empty();
  const std::vector<std::string> &names = cn ? info.cns : info.dns_sans;
  if (names.empty()) {
    out.push_back("certificate names: none (no DNS subjectAltName, no CN)");
    return out;
  }
  for (std::size_t i = 0; i < names.size() && i < kMaxNamesShown; i++) {
    out.push_back(std::string(cn ? "certificate subject CN: "
                                 : "certificate DNS name: ") +
                  printable_name(names[i]));
  }
  if (names.size() > kMaxNamesShown || info.names_truncated) {
    const std::string total = std::to_string(names.size());
    out.push_back(
        "... " + (info.names_truncated ? "more than " + total : total) +
        " names in all, " + std::to_string(kMaxNamesShown) + " shown");
  }
  return out;
}

}  // namespace

// Fill the report from the verifier's result and per-record states.
void fill_report(dane_ctx *ctx, const dane_result &res,
                 const std::vector<Tlsa> &recs, const std::vector<Bytes> &chain,
                 Report &r)
{
  for (std::size_t i = 0; i < dane_num_records(ctx); i++) {
    dane_record_info info;
    if (dane_get_record(ctx, i, &info) == DANE_STATUS_OK &&
        info.state != DANE_RECORD_USABLE) {
      r.unusable.push_back("unusable " + std::to_string(i + 1) + " " +
                           std::to_string(info.usage) + " " +
                           std::to_string(info.selector) + " " +
                           std::to_string(info.mtype) + ": " +
                           dane_record_state_text(info.state));
    }
  }
  r.verified = res.verified != 0;
  r.depth = res.depth;
  r.usage = res.usage;
  r.selector = res.selector;
  r.mtype = res.mtype;
  r.reason = dane_reason_text(res.reason);
  r.tlsrpt = dane_reason_tlsrpt(res.reason);
  if (res.matched_name != nullptr) {
    r.matched_name = res.matched_name;
  }
  if (res.record_index >= 0 &&
      static_cast<std::size_t>(res.record_index) < recs.size()) {
    r.record = &recs[static_cast<std::size_t>(res.record_index)];
    r.record_no = static_cast<std::size_t>(res.record_index) + 1;
  }
  if (res.reason == DANE_REASON_NAME_MISMATCH && !chain.empty()) {
    r.details = leaf_name_lines(chain[0]);
  }
}

/*************************************************
 *     Online mode: output                        *
 *************************************************/

namespace {

std::string json_str(const std::string &s)
{
  std::string o = "\"";
  for (const char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      o += '\\';
      o += ch;
    } else if (c < 0x20 || c >= 0x7f) {
      char b[8];
      std::snprintf(b, sizeof(b), "\\u%04x", c);
      o += b;
    } else {
      o += ch;
    }
  }
  return o + "\"";
}

/* The JSON output is table-driven: each object is a table of fields (key,
value writer), written in table order by object(); arrays by array(). */

std::string jbool(bool b)
{
  return b ? "true" : "false";
}

std::string jtext_or_null(const std::string &s)
{
  return s.empty() ? "null" : json_str(s);
}

template <typename T>
struct Field {
  const char *key;
  std::string (*value)(const T &);
};

template <typename T, std::size_t N>
std::string object(const T &v, const Field<T> (&fields)[N])
{
  std::string s = "{";
  for (std::size_t i = 0; i < N; i++) {
    s += std::string(i ? ",\"" : "\"") + fields[i].key +
         "\":" + fields[i].value(v);
  }
  return s + "}";
}

// items as a JSON array, each written by each(item, index).
template <typename T, typename F>
std::string array(const std::vector<T> &items, F each)
{
  std::string s = "[";
  for (std::size_t i = 0; i < items.size(); i++) {
    s += std::string(i ? "," : "") + each(items[i], i);
  }
  return s + "]";
}

std::string text_item(const std::string &t, std::size_t)
{
  return json_str(t);
}

std::string name_item(const std::string &t, std::size_t)
{
  return json_str(shown(t, 256));
}

const Field<Lookup> kLookupFields[] = {
    {"type", [](const Lookup &l) { return json_str(l.type); }},
    {"name", [](const Lookup &l) { return json_str(shown(l.qname, 256)); }},
    {"result", [](const Lookup &l) { return json_str(l.result); }},
    {"dnssec", [](const Lookup &l) { return jbool(l.secure); }},
    {"records", [](const Lookup &l) { return std::to_string(l.count); }},
};

std::string lookup_item(const Lookup &l, std::size_t)
{
  return object(l, kLookupFields);
}

// A TLSA record with its state.
struct TlsaView {
  const Tlsa &t;
  const std::string &state;
};

const Field<TlsaView> kTlsaFields[] = {
    {"usage", [](const TlsaView &v) { return std::to_string(v.t.usage); }},
    {"selector",
     [](const TlsaView &v) { return std::to_string(v.t.selector); }},
    {"mtype", [](const TlsaView &v) { return std::to_string(v.t.mtype); }},
    {"data",
     [](const TlsaView &v) {
       return json_str(hex(v.t.data.data(), v.t.data.size()));
     }},
    {"state", [](const TlsaView &v) { return json_str(v.state); }},
};

const std::string kUnknownState = "?";

// The state of the host's record k (0-based), "?" when unknown.
const std::string &state_of(const HostCheck &h, std::size_t k)
{
  return k < h.tlsa_state.size() ? h.tlsa_state[k] : kUnknownState;
}

// A certificate of the presented chain with its depth.
struct ChainView {
  const ChainCert &c;
  std::size_t depth;
};

const Field<ChainView> kChainFields[] = {
    {"depth", [](const ChainView &v) { return std::to_string(v.depth); }},
    {"subject", [](const ChainView &v) { return json_str(v.c.subject); }},
    {"issuer", [](const ChainView &v) { return json_str(v.c.issuer); }},
    {"not_before", [](const ChainView &v) { return json_str(v.c.not_before); }},
    {"not_after", [](const ChainView &v) { return json_str(v.c.not_after); }},
};

// An address of a host.
struct AddrView {
  const HostCheck &h;
  const AddrCheck &c;
};

std::string verdict_record(const AddrView &v)
{
  const Report &r = v.c.report;
  return r.record != nullptr
             ? object(TlsaView{*r.record, state_of(v.h, r.record_no - 1)},
                      kTlsaFields)
             : "null";
}

const Field<AddrView> kVerdictFields[] = {
    {"verified", [](const AddrView &v) { return jbool(v.c.report.verified); }},
    {"reason", [](const AddrView &v) { return json_str(v.c.report.reason); }},
    {"depth",
     [](const AddrView &v) { return std::to_string(v.c.report.depth); }},
    {"record", verdict_record},
    {"record_number",
     [](const AddrView &v) { return std::to_string(v.c.report.record_no); }},
    {"matched_name",
     [](const AddrView &v) {
       const Report &r = v.c.report;
       return r.verified && r.matched_name != "-" ? json_str(r.matched_name)
                                                  : std::string("null");
     }},
    {"tlsrpt",
     [](const AddrView &v) {
       const Report &r = v.c.report;
       return r.verified ? std::string("null") : json_str(r.tlsrpt);
     }},
    {"details",
     [](const AddrView &v) { return array(v.c.report.details, text_item); }},
};

const Field<AddrView> kAddrFields[] = {
    {"address", [](const AddrView &v) { return json_str(v.c.address); }},
    {"result", [](const AddrView &v) { return json_str(v.c.status); }},
    {"tlsrpt", [](const AddrView &v) { return jtext_or_null(v.c.tlsrpt); }},
    {"error", [](const AddrView &v) { return jtext_or_null(v.c.error); }},
    {"starttls", [](const AddrView &v) { return jbool(v.c.starttls); }},
    {"sni", [](const AddrView &v) { return json_str(shown(v.c.sni, 256)); }},
    {"protocol", [](const AddrView &v) { return json_str(v.c.protocol); }},
    {"cipher", [](const AddrView &v) { return json_str(v.c.cipher); }},
    {"chain",
     [](const AddrView &v) {
       return array(v.c.chain, [](const ChainCert &c, std::size_t d) {
         return object(ChainView{c, d}, kChainFields);
       });
     }},
    {"verdict",
     [](const AddrView &v) {
       return v.c.have_report ? object(v, kVerdictFields) : std::string("null");
     }},
    {"warnings",
     [](const AddrView &v) { return array(v.c.warnings, text_item); }},
};

const Field<HostCheck> kDecisionFields[] = {
    {"outcome", [](const HostCheck &h) { return json_str(h.outcome); }},
    {"reason",
     [](const HostCheck &h) { return json_str(shown(h.reason, 600)); }},
    {"tlsrpt", [](const HostCheck &h) { return jtext_or_null(h.dec_tlsrpt); }},
    {"base", [](const HostCheck &h) { return json_str(shown(h.base, 256)); }},
    {"names", [](const HostCheck &h) { return array(h.names, name_item); }},
};

const Field<HostCheck> kHostFields[] = {
    {"host", [](const HostCheck &h) { return json_str(shown(h.name, 256)); }},
    {"preference", [](const HostCheck &h) { return std::to_string(h.pref); }},
    {"result", [](const HostCheck &h) { return json_str(h.status); }},
    {"tlsrpt", [](const HostCheck &h) { return jtext_or_null(h.tlsrpt); }},
    {"lookups",
     [](const HostCheck &h) { return array(h.lookups, lookup_item); }},
    {"tlsa",
     [](const HostCheck &h) {
       return array(h.tlsa, [&h](const Tlsa &t, std::size_t k) {
         return object(TlsaView{t, state_of(h, k)}, kTlsaFields);
       });
     }},
    {"decision", [](const HostCheck &h) { return object(h, kDecisionFields); }},
    {"addresses",
     [](const HostCheck &h) {
       return array(h.checks, [&h](const AddrCheck &c, std::size_t) {
         return object(AddrView{h, c}, kAddrFields);
       });
     }},
};

// The whole run.
struct TopView {
  const Options &o;
  const OnlineResult &res;
};

const Field<TopView> kTopFields[] = {
    {"domain", [](const TopView &v) { return json_str(v.res.domain); }},
    {"port", [](const TopView &v) { return std::to_string(v.o.port); }},
    {"mode",
     [](const TopView &v) {
       return json_str(v.o.require ? "require" : "try");
     }},
    {"exit", [](const TopView &v) { return std::to_string(v.res.rc); }},
    {"summary", [](const TopView &v) { return json_str(v.res.summary); }},
    {"lookups", [](const TopView &v) { return array(v.res.top, lookup_item); }},
    {"hosts",
     [](const TopView &v) {
       return array(v.res.hosts, [](const HostCheck &h, std::size_t) {
         return object(h, kHostFields);
       });
     }},
};

}  // namespace

void print_json(const Options &o, const OnlineResult &res)
{
  std::printf("%s\n", object(TopView{o, res}, kTopFields).c_str());
}

namespace {

void print_lookup(const Lookup &l)
{
  // A failed lookup has no DNSSEC status to show (a bogus answer is a
  // SERVFAIL from a validating resolver).
  const bool answered =
      l.result == "ok" || l.result == "nxdomain" || l.result == "nodata";
  std::printf("  lookup %s %s: %s%s", l.type.c_str(),
              shown(l.qname, 256).c_str(), l.result.c_str(),
              !answered  ? ""
              : l.secure ? ", DNSSEC secure (AD)"
                         : ", not DNSSEC (no AD)");
  if (l.count > 0) {
    std::printf(", %zu record%s", l.count, l.count == 1 ? "" : "s");
  }
  std::printf("\n");
}

// The host's TLSA records (data cut at 64 bytes) and the rules' decision.
void print_decision(const HostCheck &h)
{
  for (std::size_t k = 0; k < h.tlsa.size(); k++) {
    const Tlsa &t = h.tlsa[k];
    std::string d = hex(t.data.data(), t.data.size());
    if (d.size() > 128) {
      d = d.substr(0, 128) + "... (" + std::to_string(t.data.size()) +
          " bytes)";
    }
    std::printf("  TLSA %zu: %d %d %d %s: %s\n", k + 1, t.usage, t.selector,
                t.mtype, d.c_str(),
                k < h.tlsa_state.size() ? h.tlsa_state[k].c_str() : "?");
  }
  std::printf("  decision: %s", h.outcome.c_str());
  if (!h.base.empty()) {
    std::printf(" (TLSA base domain %s", shown(h.base, 256).c_str());
    if (!h.names.empty()) {
      std::printf("; reference identifiers:");
      for (const std::string &n : h.names) {
        std::printf(" %s", shown(n, 256).c_str());
      }
    }
    std::printf(")");
  }
  if (!h.reason.empty()) {
    std::printf(": %s", shown(h.reason, 600).c_str());
  }
  std::printf("\n");
  if (!h.note.empty()) {
    std::printf("  %s\n", h.note.c_str());
  }
}

// One address: the connection, the presented chain, the verdict.
void print_address(const AddrCheck &c)
{
  std::printf("  address %s:", c.address.c_str());
  if (!c.connected) {
    std::printf(" not reachable: %s\n", c.error.c_str());
  } else {
    std::printf(" connected");
    if (c.tls) {
      std::printf(", STARTTLS, %s %s, SNI %s\n", c.protocol.c_str(),
                  c.cipher.c_str(),
                  c.sni.empty() ? "(none)" : shown(c.sni, 256).c_str());
    } else {
      std::printf(": %s\n", c.error.c_str());
    }
  }
  for (std::size_t d = 0; d < c.chain.size(); d++) {
    std::printf("    depth %zu: subject %s\n", d,
                shown(c.chain[d].subject, 600).c_str());
    std::printf("             issuer %s\n",
                shown(c.chain[d].issuer, 600).c_str());
    std::printf("             valid %s to %s\n", c.chain[d].not_before.c_str(),
                c.chain[d].not_after.c_str());
  }
  if (c.have_report) {
    print_report(c.report, "    ");
  }
  for (const std::string &w : c.warnings) {
    std::printf("    warning: %s\n", w.c_str());
  }
}

}  // namespace

void print_text(const Options &o, const std::vector<HostCheck> &hosts,
                const std::vector<Lookup> &top)
{
  for (const Lookup &l : top) {
    print_lookup(l);
  }
  for (const HostCheck &h : hosts) {
    std::printf("host %s", shown(h.name, 256).c_str());
    if (h.pref >= 0) {
      std::printf(" (MX %d)", h.pref);
    }
    std::printf(" port %d\n", o.port);
    for (const Lookup &l : h.lookups) {
      print_lookup(l);
    }
    print_decision(h);
    for (const AddrCheck &c : h.checks) {
      print_address(c);
    }
    std::printf("  result: %s", h.status.c_str());
    if (!h.tlsrpt.empty()) {
      std::printf(" (TLSRPT %s)", h.tlsrpt.c_str());
    }
    std::printf("\n");
  }
}

}  // namespace exim_dane::tool
