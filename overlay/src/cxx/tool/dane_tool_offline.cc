/* NAME
     dane_tool_offline.cc - exim_dane_verify's offline check (--tlsa,
     --chain, --name, --time) and --make-tlsa.

   DESCRIPTION
     Input checking (read_input, load_chain, parse_tlsa, parse_time) gives
     the one-line errors of exit status 2; the verdict is the verifier's
     (dane_verify.h), printed as a Report (dane_tool_output.cc).
     Certificate names and the SubjectPublicKeyInfo come from the
     verifier's own backend (dane_backend.h), the same parser the verdict
     used.
*/

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "dane_der.h"
#include "dane_tool.h"

namespace exim_dane::tool {
namespace {

// Seconds since the epoch, or ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ".
bool parse_time(const std::string &s, std::int64_t &out)
{
  const std::size_t len = s.size();
  if (len > 0 && len <= 12 &&
      s.find_first_not_of("0123456789") == std::string::npos) {
    out = std::strtoll(s.c_str(), nullptr, 10);
    return true;
  }
  int y, mo, d, h, mi, sec;
  char z = 0;
  int used = 0;
  if (len != 20 ||
      std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &y, &mo, &d, &h,
                  &mi, &sec, &z, &used) != 7 ||
      used != 20 || z != 'Z' || mo < 1 || mo > 12 || d < 1 || d > 31 ||
      h > 23 || mi > 59 || sec > 60 || y < 1970) {
    return false;
  }
  // timegm(3) (glibc, the BSDs): the broken-down time as UTC.  Out-of-range
  // days (31 February) and a leap second roll over, as the arithmetic would.
  std::tm tm = {};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  const time_t t = timegm(&tm);
  if (t == static_cast<time_t>(-1)) {
    return false;
  }
  out = static_cast<std::int64_t>(t);
  return true;
}
/*************************************************
 *     TLSA records in presentation form          *
 *************************************************/

// Split a record's text into fields: whitespace and parentheses separate,
// ";" starts a comment to the end of its line; a zone-file prefix up to
// "TLSA" is dropped.
std::vector<std::string> tlsa_fields(const std::string &text)
{
  std::vector<std::string> f;
  std::string cur;
  bool comment = false;
  for (const char c : text) {
    comment = c == ';' || (comment && c != '\n');
    if (comment || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
        c == '(' || c == ')') {
      if (!cur.empty()) {
        f.push_back(cur);
        cur.clear();
      }
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) {
    f.push_back(cur);
  }
  for (std::size_t i = 0; i < f.size(); i++) {
    const std::string &w = f[i];
    if (w.size() == 4 && (w[0] | 0x20) == 't' && (w[1] | 0x20) == 'l' &&
        (w[2] | 0x20) == 's' && (w[3] | 0x20) == 'a') {
      f.erase(f.begin(), f.begin() + static_cast<long>(i) + 1);
      break;
    }
  }
  return f;
}

// Parse one --tlsa value; false with why set (no record data echoed).
bool parse_tlsa(const std::string &text, Tlsa &out, std::string &why)
{
  const std::vector<std::string> f = tlsa_fields(text);
  static const char *const kField[] = {"usage", "selector", "matching type"};
  int *const dest[] = {&out.usage, &out.selector, &out.mtype};
  for (std::size_t i = 0; i < 3; i++) {
    if (i >= f.size()) {
      why = std::string("no ") + kField[i] + " (want 'U S M HEX')";
      return false;
    }
    if (!parse_small(f[i], 0, 255, *dest[i])) {
      why = std::string(kField[i]) + " '" + shown(f[i], 16) +
            "' is not a number from 0 to 255";
      return false;
    }
  }
  std::string digits;
  for (std::size_t i = 3; i < f.size(); i++) {
    digits += f[i];
  }
  if (digits.empty()) {
    why = "no certificate association data";
    return false;
  }
  for (std::size_t i = 0; i < digits.size(); i++) {
    if (exim_dane::hex_value(digits[i]) < 0) {
      why = "data character " + std::to_string(i + 1) + " ('" +
            shown(digits.substr(i, 1)) + "') is not a hex digit";
      return false;
    }
  }
  if (digits.size() % 2 != 0) {
    why = "odd number of hex digits (" + std::to_string(digits.size()) + ")";
    return false;
  }
  if (digits.size() / 2 > kMaxData) {
    why = "data longer than " + std::to_string(kMaxData) + " bytes";
    return false;
  }
  out.data.clear();
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    const int byte = exim_dane::hex_value(digits[i]) << 4 |
                     exim_dane::hex_value(digits[i + 1]);
    out.data.push_back(static_cast<std::uint8_t>(byte));
  }
  return true;
}
/*************************************************
 *     Chain input: PEM or DER                    *
 *************************************************/

// Read a whole file ("-": standard input) of at most kMaxInput bytes.
bool read_input(const std::string &path, std::string &out, std::string &err)
{
  const bool is_stdin = path == "-";
  const std::string label = is_stdin ? "standard input" : shown(path, 200);
  std::FILE *f = is_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    err = "cannot open " + label + ": " + std::strerror(errno);
    return false;
  }
  char buf[16384];
  std::size_t n;
  bool too_big = false;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (out.size() + n > kMaxInput) {
      too_big = true;
      break;
    }
    out.append(buf, n);
  }
  const int read_errno = std::ferror(f) ? errno : 0;
  if (!is_stdin) {
    std::fclose(f);
  }
  if (too_big) {
    err = label + ": larger than " + std::to_string(kMaxInput) +
          " bytes (a certificate chain is far smaller)";
  } else if (read_errno != 0) {
    err = "cannot read " + label + ": " + std::strerror(read_errno);
  } else if (out.empty()) {
    err = label + ": empty (no certificate)";
  } else {
    return true;
  }
  return false;
}

// Decode base64 (whitespace ignored, '=' padding only at the end, whole
// groups of four); false on anything else.
bool b64decode(const std::string &in, Bytes &out)
{
  static const char kAlpha[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  unsigned acc = 0;
  int bits = 0;
  std::size_t chars = 0, pad = 0;
  for (const char c : in) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      continue;
    }
    chars++;
    if (c == '=') {
      pad++;
      continue;
    }
    const char *p = c != 0 ? std::strchr(kAlpha, c) : nullptr;
    if (p == nullptr || pad > 0) {
      return false;
    }
    acc = (acc << 6) | static_cast<unsigned>(p - kAlpha);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xffu));
    }
  }
  return pad <= 2 && chars % 4 == 0;
}

// The PEM CERTIFICATE blocks of text, in order (other blocks are skipped
// and named in err when there is no certificate at all).
bool split_pem(const std::string &text, const std::string &label,
               std::vector<Bytes> &out, std::string &err)
{
  static const std::string kBegin = "-----BEGIN ";
  std::vector<std::string> others;
  std::size_t pos = 0;
  while ((pos = text.find(kBegin, pos)) != std::string::npos) {
    const std::size_t lstart = pos + kBegin.size();
    const std::size_t lend = text.find("-----", lstart);
    if (lend == std::string::npos) {
      break;
    }
    const std::string type = text.substr(lstart, lend - lstart);
    pos = lend + 5;
    if (type != "CERTIFICATE") {
      if (others.size() < 3) {
        others.push_back(shown(type, 40));
      }
      continue;
    }
    const std::string end = "-----END CERTIFICATE-----";
    const std::size_t stop = text.find(end, pos);
    const std::string which =
        label + ": certificate " + std::to_string(out.size() + 1);
    Bytes der;
    if (stop == std::string::npos) {
      err = which + ": no END CERTIFICATE line";
      return false;
    }
    if (!b64decode(text.substr(pos, stop - pos), der) || der.empty()) {
      err = which + ": bad base64";
      return false;
    }
    out.push_back(std::move(der));
    pos = stop + end.size();
  }
  if (out.empty()) {
    err = label + ": no PEM CERTIFICATE block";
    for (std::size_t i = 0; i < others.size(); i++) {
      err += (i == 0 ? " (only " : ", ") + others[i];
    }
    err += others.empty() ? "" : ")";
    return false;
  }
  return true;
}

// Concatenated DER certificates; false unless the bytes are exactly a
// sequence of whole DER SEQUENCEs.
bool split_der(const std::string &data, const std::string &label,
               std::vector<Bytes> &out, std::string &err)
{
  const auto *p = reinterpret_cast<const std::uint8_t *>(data.data());
  std::size_t left = data.size();
  while (left > 0) {
    exim_dane::der::Tlv t;
    if (!exim_dane::der::read_tlv(p, left, t) || t.tag != 0x30) {
      err = label + ": certificate " + std::to_string(out.size() + 1) +
            ": not DER (truncated or not a SEQUENCE)";
      return false;
    }
    out.emplace_back(t.whole, t.whole + t.whole_len);
    p += t.whole_len;
    left -= t.whole_len;
  }
  return true;
}

// Read the chain file (PEM or DER, "-" for stdin) into DER certificates.
bool load_chain(const std::string &path, std::vector<Bytes> &out,
                std::string &err)
{
  std::string data;
  if (!read_input(path, data, err)) {
    return false;
  }
  const std::string label = path == "-" ? "standard input" : shown(path, 200);
  if (data.find("-----BEGIN ") != std::string::npos) {
    return split_pem(data, label, out, err);
  }
  if (static_cast<unsigned char>(data[0]) == 0x30) {
    return split_der(data, label, out, err);
  }
  err = label + ": neither PEM (no -----BEGIN line) nor DER certificates";
  return false;
}
}  // namespace

/*************************************************
 *     The verifier's backend, for names and keys *
 *************************************************/

// The backend dane_verify.cc picks for DANE_BACKEND_DEFAULT: the
// registry's first compiled in.
std::unique_ptr<exim_dane::Backend> default_backend()
{
  return exim_dane::make_default_backend();
}

namespace {

/*************************************************
 *     Verify mode                                *
 *************************************************/

// The report for an RRset too large for Exim to use (twin: the
// DANE_MAX_RECORDS checks in dane_policy_exim.c and dane_exim.c).
Report too_many_records(std::size_t n)
{
  Report r;
  r.reason = "too-many-records";
  r.tlsrpt = "tlsa-invalid";
  r.details.push_back(std::to_string(n) + " TLSA records, more than " +
                      std::to_string(DANE_MAX_RECORDS) +
                      ": exim does not use the RRset (the host is deferred)");
  return r;
}

// Build the verifier context from checked input and verify; 0/1 as the
// verdict, 2 when the verifier cannot be set up.
int verify(const std::vector<Tlsa> &recs, const std::vector<std::string> &names,
           std::int64_t now, const std::vector<Bytes> &chain)
{
  dane_ctx *ctx = nullptr;
  if (dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx) != DANE_STATUS_OK) {
    return fail("no DANE verifier backend compiled in");
  }
  std::unique_ptr<dane_ctx, void (*)(dane_ctx *)> guard(ctx, dane_ctx_free);
  for (const Tlsa &t : recs) {
    Bytes rdata = {static_cast<std::uint8_t>(t.usage),
                   static_cast<std::uint8_t>(t.selector),
                   static_cast<std::uint8_t>(t.mtype)};
    rdata.insert(rdata.end(), t.data.begin(), t.data.end());
    if (dane_add_tlsa_rdata(ctx, rdata.data(), rdata.size()) !=
        DANE_STATUS_OK) {
      return fail("the verifier refused a --tlsa record");
    }
  }
  for (const std::string &n : names) {
    if (dane_add_reference_name(ctx, n.c_str()) != DANE_STATUS_OK) {
      return fail("--name '" + shown(n) + "': refused by the verifier");
    }
  }
  dane_set_time(ctx, static_cast<time_t>(now));
  for (const Bytes &der : chain) {
    dane_add_chain_der(ctx, der.data(), der.size());
  }
  dane_result res;
  if (dane_verify(ctx, &res) != DANE_STATUS_OK) {
    return fail("the verifier failed (internal error)");
  }
  Report r;
  fill_report(ctx, res, recs, chain, r);
  print_report(r);
  return r.verified ? 0 : 1;
}

}  // namespace

// Verify mode: check every input, then verify.
int run_verify(const Options &o)
{
  std::vector<Tlsa> recs(o.tlsa.size());
  for (std::size_t i = 0; i < o.tlsa.size(); i++) {
    std::string why;
    if (!parse_tlsa(o.tlsa[i], recs[i], why)) {
      return fail("--tlsa record " + std::to_string(i + 1) + ": " + why);
    }
  }
  if (o.names.size() > DANE_MAX_NAMES) {
    return fail("more than " + std::to_string(DANE_MAX_NAMES) + " --name");
  }
  for (const std::string &n : o.names) {
    if (n.empty() || n.size() > DANE_MAX_NAME_LEN) {
      return fail("--name '" + shown(n) + "': not a usable name (1 to " +
                  std::to_string(DANE_MAX_NAME_LEN) + " bytes)");
    }
  }
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  if (o.has("--time") && !parse_time(o.time, now)) {
    return fail("--time '" + shown(o.time) +
                "': want seconds since the epoch or YYYY-MM-DDTHH:MM:SSZ");
  }
  std::vector<Bytes> chain;
  std::string err;
  if (!load_chain(o.chain, chain, err)) {
    return fail("--chain " + err);
  }
  if (recs.size() > DANE_MAX_RECORDS) {
    print_report(too_many_records(recs.size()));
    return 1;
  }
  return verify(recs, o.names, now, chain);
}

namespace {

/*************************************************
 *     --make-tlsa                                *
 *************************************************/

struct Cert {
  Bytes der;
  exim_dane::CertInfo info;
  std::unique_ptr<exim_dane::CertHandle> handle;
};

// The owner host: --host, else the leaf's first DNS name (no wildcard).
bool owner_host(const Options &o, Cert &leaf, exim_dane::Backend &be,
                std::string &out)
{
  if (!o.host.empty()) {
    out = o.host;
    return true;
  }
  be.read_names(*leaf.handle, leaf.info);
  for (const std::string &n : leaf.info.dns_sans) {
    if (is_dns_name(n) && n.find('*') == std::string::npos) {
      out = n;
      return true;
    }
  }
  return false;
}

// One zone-file record for cert c, or "" when the digest fails.
std::string tlsa_line(exim_dane::Backend &be, const std::string &owner,
                      const Cert &c, int usage, int selector, int mtype)
{
  const exim_dane::ByteView v = selector == 1 ? c.info.spki : c.info.der;
  std::string data;
  if (mtype == 0) {
    data = hex(v.data(), v.size());
  } else {
    std::uint8_t md[exim_dane::kMaxDigestLen];
    std::size_t md_len = 0;
    if (!be.digest(mtype == 1 ? exim_dane::HashAlg::sha256
                              : exim_dane::HashAlg::sha512,
                   v.data(), v.size(), md, md_len)) {
      return "";
    }
    data = hex(md, md_len);
  }
  return owner + " IN TLSA " + std::to_string(usage) + " " +
         std::to_string(selector) + " " + std::to_string(mtype) + " " + data;
}

// Print the records for usage u over the chain; false on a digest failure.
bool print_usage_records(exim_dane::Backend &be, const Options &o,
                         const std::string &owner,
                         const std::vector<Cert> &certs, int u)
{
  const bool usual = o.selector == 1 && o.mtype == 1;
  for (std::size_t d = u == 3 ? 0 : 1; d < (u == 3 ? 1 : certs.size()); d++) {
    const bool linked =
        d == 0 || certs[d - 1].info.issuer == certs[d].info.subject;
    std::printf("; depth %zu: %s\n", d,
                d == 0   ? "the server's certificate (DANE-EE)"
                : linked ? "issuer of the certificate above (DANE-TA)"
                         : "NOT the issuer of the certificate above: "
                           "is the file in order, leaf first?");
    const std::string line =
        tlsa_line(be, owner, certs[d], u, o.selector, o.mtype);
    if (line.empty()) {
      return false;
    }
    const char *mark = !usual             ? ""
                       : d == 0           ? " ; recommended"
                       : d == 1 && linked ? " ; recommended (rollover backup)"
                                          : "";
    std::printf("%s%s\n", line.c_str(), mark);
  }
  return true;
}

}  // namespace

// --make-tlsa: zone-file records for the chain.
int run_make_tlsa(const Options &o)
{
  std::vector<Bytes> ders;
  std::string err;
  if (!load_chain(o.chain, ders, err)) {
    return fail("--make-tlsa " + err);
  }
  const std::unique_ptr<exim_dane::Backend> be = default_backend();
  if (!be) {
    return fail("no DANE verifier backend compiled in");
  }
  std::vector<Cert> certs(ders.size());
  for (std::size_t i = 0; i < ders.size(); i++) {
    certs[i].der = std::move(ders[i]);
    certs[i].handle =
        be->parse_cert(certs[i].der.data(), certs[i].der.size(), certs[i].info);
    if (!certs[i].handle) {
      return fail("--make-tlsa: certificate " + std::to_string(i + 1) +
                  " does not parse (" + be->name() + ")");
    }
  }
  if (o.usage == 2 && certs.size() < 2) {
    return fail(
        "--make-tlsa --usage 2: the file holds only the leaf; "
        "put its issuer's certificate after it");
  }
  std::string host;
  if (!owner_host(o, certs[0], *be, host)) {
    return fail("--make-tlsa: the certificate has no DNS name: give --host");
  }
  const std::string owner = "_" + std::to_string(o.port) + "._tcp." + host +
                            (host.back() == '.' ? "" : ".");
  std::printf("; TLSA records for port %d of %s (%zu certificate%s)\n", o.port,
              host.c_str(), certs.size(), certs.size() == 1 ? "" : "s");
  std::printf(
      "; publish 3 1 1 for the server's key and a 2 1 1 for its "
      "issuer as a rollover backup\n");
  for (const int u : {3, 2}) {
    if ((o.usage == -1 || o.usage == u) &&
        !print_usage_records(*be, o, owner, certs, u)) {
      return fail("--make-tlsa: digest failed (" + std::string(be->name()) +
                  ")");
    }
  }
  if (o.usage == -1 && certs.size() < 2) {
    std::printf("; no issuer certificate in the file: no DANE-TA(2) record\n");
  }
  return 0;
}

}  // namespace exim_dane::tool
