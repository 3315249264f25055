/*************************************************
*     Exim - exim_dane_verify: DANE checker      *
*************************************************/

/* NAME
     exim_dane_verify - check TLSA records against a certificate chain with
     Exim's own DANE verifier, offline; make TLSA records from a chain.

   SYNOPSIS
     exim_dane_verify --tlsa 'U S M HEX' [--tlsa ...] --chain FILE
                      --name BASE [--name ID ...] [--time T]
     exim_dane_verify --make-tlsa FILE [--usage 3|2] [--selector 1|0]
                      [--mtype 1|2|0] [--host H] [--port P]
     exim_dane_verify --help | --version

   DESCRIPTION
     Verify mode.
     --tlsa   one TLSA record, "U S M HEX" or a zone-file line ending in
              "TLSA U S M HEX" (repeatable, in order; parentheses and a
              ";" comment allowed)
     --chain  the certificates, leaf first, as the server presented them:
              PEM (text around the blocks ignored) or concatenated DER;
              "-" reads standard input
     --name   first: the TLSA base domain; further: more reference ids
     --time   seconds since the epoch, or "YYYY-MM-DDTHH:MM:SSZ" (UTC);
              default: now (this tool reads the clock, the core never does)

     stdout (the contract unit/dane/run-vectors checks): one line
     "unusable N U S M: <code>" per unusable record (N = 1-based position
     of its --tlsa), then one verdict line:
       verified U S M depth=D name=<matched reference id, or ->
       not-verified <reason> depth=D tlsrpt=<RFC 8460 result type>
     then detail lines, each starting with two spaces: the matched record
     (or the one a failure concerns) with its data in full, at most 64 hex
     digits a line; on name-mismatch the leaf's names (bounded).  More than
     DANE_MAX_RECORDS records give "not-verified too-many-records depth=-1
     tlsrpt=tlsa-invalid", as Exim's smtp transport decides for such an
     RRset (dane_policy_exim.c, dane_exim.c).

     --make-tlsa prints zone-file TLSA records for the chain in FILE:
     DANE-EE(3) for the leaf, DANE-TA(2) for each issuer (default: both),
     selector 1 and matching type 1 unless given; owner _P._tcp.H. (default
     port 25, host: the leaf's first DNS name).  "3 1 1" for the leaf and
     "2 1 1" for its issuer are marked "; recommended".

     Exit: 0 verified (or records printed); 1 a verdict other than
     verified; 2 a usage or input error, one line on stderr naming the
     option or record and the reason.  --help and --version exit 0.
     The backend is the one compiled in (DANE_BACKEND_DEFAULT).

   STRUCTURE
     parse_options() -> run_verify() or run_make_tlsa().  Input checking
     (read_input, load_chain, parse_tlsa) gives the one-line errors; the
     verdict is the verifier's (dane_verify.h); print_report() prints a
     Report (verdict, record, details) and is meant to serve an online mode
     too, per host.  Certificate names and the SubjectPublicKeyInfo come
     from the verifier's own backend (dane_backend.h), the same parser the
     verdict used.
*/

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "dane_backend.h"
#include "dane_der.h"
#include "dane_verify.h"

namespace {

using exim_dane::Bytes;

const char kProg[] = "exim_dane_verify";
const char kVersion[] = "4.96 (exim-overlay)";

constexpr std::size_t kMaxInput = 4u * 1024 * 1024;  // one chain file
constexpr std::size_t kMaxData = DANE_MAX_RDATA - 3; // association data
constexpr std::size_t kHexPerLine = 64;              // run-vectors contract
constexpr std::size_t kMaxNamesShown = 16;           // name-mismatch details
constexpr std::size_t kMaxShown = 64;                // echoed user text

const char kHelp[] =
    "usage: exim_dane_verify --tlsa 'U S M HEX' [--tlsa ...] --chain FILE\n"
    "                        --name BASE [--name ID ...] [--time T]\n"
    "       exim_dane_verify --make-tlsa FILE [--usage 3|2] [--selector 1|0]\n"
    "                        [--mtype 1|2|0] [--host H] [--port P]\n"
    "       exim_dane_verify --help | --version\n"
    "\n"
    "Check TLSA records against a certificate chain with Exim's own DANE\n"
    "verifier (RFC 7672 policy: DANE-TA(2) and DANE-EE(3) only), offline.\n"
    "  --tlsa R       a TLSA record: \"U S M HEX\", or a zone-file line\n"
    "                 \"... TLSA U S M HEX\"; one --tlsa per record\n"
    "  --chain FILE   the server's certificates, leaf first, PEM or DER;\n"
    "                 - reads standard input\n"
    "  --name N       first: the TLSA base domain (the MX host name);\n"
    "                 further: more reference identifiers (DANE-TA only)\n"
    "  --time T       seconds since the epoch or YYYY-MM-DDTHH:MM:SSZ\n"
    "                 (default: now)\n"
    "Output: \"unusable N U S M: why\" lines, one verdict line\n"
    "(\"verified U S M depth=D name=ID\" or \"not-verified REASON depth=D\n"
    "tlsrpt=TYPE\"), then indented details: the matched record in full, and\n"
    "on name-mismatch the certificate's names.\n"
    "\n"
    "--make-tlsa FILE prints zone-file TLSA records for the chain in FILE:\n"
    "  --usage 3|2    3: the leaf (DANE-EE), 2: each issuer (DANE-TA);\n"
    "                 default both\n"
    "  --selector 1|0 1: the public key (default), 0: the whole certificate\n"
    "  --mtype 1|2|0  1: SHA2-256 (default), 2: SHA2-512, 0: full value\n"
    "  --host H       owner _P._tcp.H. (default: the leaf's first DNS name)\n"
    "  --port P       default 25\n"
    "Publish \"3 1 1\" for the server's key and a \"2 1 1\" for its issuer\n"
    "as a rollover backup (marked \"; recommended\").\n"
    "\n"
    "Exit status: 0 verified (or records printed), 1 not verified,\n"
    "2 usage or input error.\n";

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
std::string shown(const std::string &s, std::size_t max = kMaxShown)
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
*     Options                                    *
*************************************************/

enum class Mode { verify, make_tlsa, help, version };

struct Options {
  Mode mode = Mode::verify;
  std::vector<std::string> tlsa;
  std::vector<std::string> names;
  std::string chain;         // verify: --chain; make-tlsa: its FILE
  std::string time;
  int usage = -1;            // --make-tlsa: -1 both, else 2 or 3
  int selector = 1;
  int mtype = 1;
  std::string host;
  int port = 25;
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

struct OptSpec {
  const char *name;
  bool repeatable;
  bool make_tlsa;            // belongs to --make-tlsa (else to verify)
};

const OptSpec kOpts[] = {
  {"--tlsa", true, false},      {"--chain", false, false},
  {"--name", true, false},      {"--time", false, false},
  {"--make-tlsa", false, true}, {"--usage", false, true},
  {"--selector", false, true},  {"--mtype", false, true},
  {"--host", false, true},      {"--port", false, true},
};

const OptSpec *find_opt(const std::string &name)
{
  for (const OptSpec &o : kOpts) {
    if (name == o.name) {
      return &o;
    }
  }
  return nullptr;
}

// Parse a decimal number in [lo, hi] that is one of the allowed values.
bool parse_small(const std::string &s, long lo, long hi, int &out)
{
  if (s.empty() || s.size() > 5 ||
      s.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  const long v = std::strtol(s.c_str(), nullptr, 10);
  if (v < lo || v > hi) {
    return false;
  }
  out = static_cast<int>(v);
  return true;
}

// Store one option's value; false with err set when the value is bad.
bool set_option(Options &o, const std::string &name, const std::string &val,
                std::string &err)
{
  int n = 0;
  if (name == "--tlsa") {
    o.tlsa.push_back(val);
  } else if (name == "--name") {
    o.names.push_back(val);
  } else if (name == "--chain" || name == "--make-tlsa") {
    o.chain = val;
  } else if (name == "--time") {
    o.time = val;
  } else if (name == "--usage") {
    if (!parse_small(val, 2, 3, n)) {
      err = "--usage '" + shown(val) + "': must be 3 (DANE-EE) or 2 (DANE-TA)";
      return false;
    }
    o.usage = n;
  } else if (name == "--selector") {
    if (!parse_small(val, 0, 1, n)) {
      err = "--selector '" + shown(val) + "': must be 1 (key) or 0 (cert)";
      return false;
    }
    o.selector = n;
  } else if (name == "--mtype") {
    if (!parse_small(val, 0, 2, n)) {
      err = "--mtype '" + shown(val) + "': must be 1, 2 or 0";
      return false;
    }
    o.mtype = n;
  } else if (name == "--host") {
    if (!is_dns_name(val) || val.find('*') != std::string::npos) {
      err = "--host '" + shown(val) + "': not a host name";
      return false;
    }
    o.host = val;
  } else if (name == "--port") {
    if (!parse_small(val, 1, 65535, n)) {
      err = "--port '" + shown(val) + "': must be a number from 1 to 65535";
      return false;
    }
    o.port = n;
  }
  return true;
}

// Check the combination of options; false with err set.
bool check_mode(Options &o, std::string &err)
{
  const bool make = o.has("--make-tlsa");
  for (const std::string &g : o.given) {
    const OptSpec *s = find_opt(g);
    if (make && !s->make_tlsa) {
      err = g + " cannot be used with --make-tlsa";
      return false;
    }
    if (!make && s->make_tlsa) {
      err = g + " is an option of --make-tlsa";
      return false;
    }
  }
  o.mode = make ? Mode::make_tlsa : Mode::verify;
  if (!make && !o.has("--chain")) {
    err = o.given.empty() ? "no options (see --help)" : "--chain is required";
    return false;
  }
  if (!make && o.names.empty()) {
    err = "--name is required (the TLSA base domain)";
    return false;
  }
  return true;
}

// Parse the command line into o; 0 to go on, else the exit status.
int parse_options(int argc, char **argv, Options &o)
{
  for (int i = 1; i < argc; i++) {
    std::string name = argv[i];
    if (name == "--help" || name == "-h") {
      o.mode = Mode::help;
      return 0;
    }
    if (name == "--version" || name == "-V") {
      o.mode = Mode::version;
      return 0;
    }
  }
  for (int i = 1; i < argc; i++) {
    std::string name = argv[i];
    std::string val;
    bool have_val = false;
    const std::size_t eq = name.find('=');
    if (name.compare(0, 2, "--") == 0 && eq != std::string::npos) {
      val = name.substr(eq + 1);
      name.erase(eq);
      have_val = true;
    }
    const OptSpec *spec = find_opt(name);
    if (spec == nullptr) {
      return fail((name.compare(0, 1, "-") == 0 ? "unknown option "
                                                 : "unexpected argument ") +
                  shown(name, 40) + " (see --help)");
    }
    if (!have_val) {
      if (i + 1 >= argc) {
        return fail(name + " needs a value (see --help)");
      }
      val = argv[++i];
    }
    for (const std::string &g : o.given) {
      if (g == name && !spec->repeatable) {
        return fail(name + " given twice");
      }
    }
    o.given.push_back(name);
    std::string err;
    if (!set_option(o, name, val, err)) {
      return fail(err);
    }
  }
  std::string err;
  return check_mode(o, err) ? 0 : fail(err);
}

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

struct Tlsa {
  int usage = 0;
  int selector = 0;
  int mtype = 0;
  Bytes data;
};

int hexval(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

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
    if (hexval(digits[i]) < 0) {
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
    const int byte = hexval(digits[i]) << 4 | hexval(digits[i + 1]);
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

/*************************************************
*     The verifier's backend, for names and keys *
*************************************************/

// The backend dane_verify.cc picks for DANE_BACKEND_DEFAULT (twin: its
// make_backend()): OpenSSL first.
std::unique_ptr<exim_dane::Backend> default_backend()
{
  std::unique_ptr<exim_dane::Backend> b = exim_dane::make_openssl_backend();
  if (!b) {
    b = exim_dane::make_gnutls_backend();
  }
  return b;
}

/*************************************************
*     The report                                 *
*************************************************/

// What verify mode prints; one per host in an online mode.
struct Report {
  std::vector<std::string> unusable;   // "unusable N U S M: code"
  bool verified = false;
  std::string reason;                  // contract code (not verified)
  const char *tlsrpt = "";
  int depth = -1;
  int usage = -1, selector = -1, mtype = -1;  // the matched record's
  std::string matched_name = "-";
  const Tlsa *record = nullptr;        // matched, or the one a failure
  std::size_t record_no = 0;           // concerns; 1-based position
  std::vector<std::string> details;    // further lines, unindented
};

// Print a report in the contract's form (see the header comment).
void print_report(const Report &r)
{
  for (const std::string &u : r.unusable) {
    std::printf("%s\n", u.c_str());
  }
  if (r.verified) {
    std::printf("verified %d %d %d depth=%d name=%s\n", r.usage, r.selector,
                r.mtype, r.depth,
                r.matched_name.c_str());
  } else {
    std::printf("not-verified %s depth=%d tlsrpt=%s\n", r.reason.c_str(),
                r.depth, r.tlsrpt);
  }
  if (r.record != nullptr) {
    const Tlsa &t = *r.record;
    std::printf("  %s record %zu: %d %d %d, %zu bytes:\n",
                r.verified ? "matched" : "failure concerns", r.record_no,
                t.usage, t.selector, t.mtype, t.data.size());
    const std::string h = hex(t.data.data(), t.data.size());
    for (std::size_t i = 0; i < h.size(); i += kHexPerLine) {
      std::printf("    %s\n", h.substr(i, kHexPerLine).c_str());
    }
  }
  for (const std::string &d : r.details) {
    std::printf("  %s\n", d.c_str());
  }
}

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
    out.push_back("... " +
                  (info.names_truncated ? "more than " + total : total) +
                  " names in all, " + std::to_string(kMaxNamesShown) +
                  " shown");
  }
  return out;
}

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
                d == 0 ? "the server's certificate (DANE-EE)"
                       : linked ? "issuer of the certificate above (DANE-TA)"
                                : "NOT the issuer of the certificate above: "
                                  "is the file in order, leaf first?");
    const std::string line =
        tlsa_line(be, owner, certs[d], u, o.selector, o.mtype);
    if (line.empty()) {
      return false;
    }
    const char *mark = !usual ? ""
                       : d == 0 ? " ; recommended"
                       : d == 1 && linked ? " ; recommended (rollover backup)"
                                          : "";
    std::printf("%s%s\n", line.c_str(), mark);
  }
  return true;
}

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
    certs[i].handle = be->parse_cert(certs[i].der.data(), certs[i].der.size(),
                                     certs[i].info);
    if (!certs[i].handle) {
      return fail("--make-tlsa: certificate " + std::to_string(i + 1) +
                  " does not parse (" + be->name() + ")");
    }
  }
  if (o.usage == 2 && certs.size() < 2) {
    return fail("--make-tlsa --usage 2: the file holds only the leaf; "
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
  std::printf("; publish 3 1 1 for the server's key and a 2 1 1 for its "
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

int run(int argc, char **argv)
{
  Options o;
  const int rc = parse_options(argc, argv, o);
  if (rc != 0) {
    return rc;
  }
  switch (o.mode) {
    case Mode::help:
      std::fputs(kHelp, stdout);
      return 0;
    case Mode::version: {
      const char *be = dane_backend_name(DANE_BACKEND_DEFAULT);
      std::printf("exim_dane_verify %s, DANE verifier backend %s\n", kVersion,
                  be != nullptr ? be : "(none)");
      return 0;
    }
    case Mode::make_tlsa:
      return run_make_tlsa(o);
    case Mode::verify:
      break;
  }
  return run_verify(o);
}

}  // namespace

int main(int argc, char **argv)
{
  try {
    const int rc = run(argc, argv);
    if (std::fflush(stdout) != 0) {
      return fail(std::string("writing standard output: ") +
                  std::strerror(errno));
    }
    return rc;
  } catch (const std::bad_alloc &) {
    return fail("out of memory");
  }
}
