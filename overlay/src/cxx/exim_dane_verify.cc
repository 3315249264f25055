/*************************************************
*     Exim - exim_dane_verify: DANE checker      *
*************************************************/

/* NAME
     exim_dane_verify - check a live domain's DANE as exim would deliver to
     it; check TLSA records against a certificate chain with Exim's own
     DANE verifier, offline; make TLSA records from a chain.

   SYNOPSIS
     exim_dane_verify --domain D [--host H] [--port P] [--require] [--json]
                      [--timeout S]
     exim_dane_verify --host H [--port P] [--require] [--json]
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

   ONLINE MODE
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

   STRUCTURE
     parse_options() -> run_verify(), run_make_tlsa() or run_online().  Input checking
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

#include <algorithm>
#include <cctype>

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

#include "dane_backend.h"
#include "dane_der.h"
#include "dane_policy_abi.h"
#include "dane_tool_tls.h"
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
    "usage: exim_dane_verify --domain D [--host H] [--port P] [--require]\n"
    "                        [--json] [--timeout S]\n"
    "       exim_dane_verify --host H [--port P] [--require] [--json]\n"
    "       exim_dane_verify --tlsa 'U S M HEX' [--tlsa ...] --chain FILE\n"
    "                        --name BASE [--name ID ...] [--time T]\n"
    "       exim_dane_verify --make-tlsa FILE [--usage 3|2] [--selector 1|0]\n"
    "                        [--mtype 1|2|0] [--host H] [--port P]\n"
    "       exim_dane_verify --help | --version\n"
    "\n"
    "Online: check a live domain as exim would deliver to it.  It models a\n"
    "dnslookup router and an smtp transport with hosts_try_dane = * (with\n"
    "--require: hosts_require_dane = *) and otherwise default options; it\n"
    "cannot see your own routers and transport options.  The MX RRset, each\n"
    "host's addresses, CNAMEs and TLSA RRset are looked up through the system\n"
    "resolver as exim does (DNSSEC status = the AD bit: resolv.conf needs\n"
    "\"options trust-ad\"), exim's RFC 7672 outcome rules decide, then each\n"
    "address gets EHLO, STARTTLS (SNI: the TLSA base domain) and exim's DANE\n"
    "verifier.  Printed per host: each lookup's DNSSEC status, the TLSA\n"
    "records and their usability, the presented chain, the verdict, the\n"
    "matched record, the TLSRPT result type on failure.\n"
    "  --domain D     the mail domain (its MX hosts; no MX: D itself)\n"
    "  --host H       only this host (with --domain: as an MX host of D;\n"
    "                 alone: a host of its own, as route_list or hosts=)\n"
    "  --port P       default 25\n"
    "  --require      as hosts_require_dane = * (default: hosts_try_dane)\n"
    "  --json         one JSON object, for monitoring\n"
    "  --timeout S    connect and SMTP reply timeout, default 30 seconds\n"
    "Exit status: 0 every host would get a DANE-verified delivery; 1 DANE\n"
    "applies and a host would fail it or cannot be reached (mail would be\n"
    "deferred); 3 DANE does not apply to a host (no secure usable TLSA\n"
    "records, insecure zone); 2 usage, I/O or resolver error (NXDOMAIN, a\n"
    "failed MX lookup, a resolver that sets the AD bit on nothing).\n"
    "\n"
    "Offline: check TLSA records against a certificate chain with exim's own\n"
    "DANE verifier (RFC 7672 policy: DANE-TA(2) and DANE-EE(3) only).\n"
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
    "Exit status: 0 verified, 1 not verified, 2 usage or input error.\n"
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
    "Exit status: 0 records printed, 2 usage or input error.\n";

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

enum class Mode { verify, make_tlsa, online, help, version };

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
  std::string domain;        // online: --domain
  bool require = false;      // online: --require
  bool json = false;         // online: --json
  int timeout = 30;          // online: --timeout (seconds)
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

// The modes an option belongs to.
constexpr unsigned kV = 1;   // verify
constexpr unsigned kM = 2;   // --make-tlsa
constexpr unsigned kO = 4;   // online (--domain / --host without a chain)

struct OptSpec {
  const char *name;
  bool repeatable;
  unsigned modes;
  bool flag;                 // takes no value
};

const OptSpec kOpts[] = {
  {"--tlsa", true, kV, false},      {"--chain", false, kV, false},
  {"--name", true, kV, false},      {"--time", false, kV, false},
  {"--make-tlsa", false, kM, false}, {"--usage", false, kM, false},
  {"--selector", false, kM, false},  {"--mtype", false, kM, false},
  {"--host", false, kM | kO, false}, {"--port", false, kM | kO, false},
  {"--domain", false, kO, false},    {"--require", false, kO, true},
  {"--json", false, kO, true},       {"--timeout", false, kO, false},
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
  } else if (name == "--domain") {
    if (!is_dns_name(val) || val.find('*') != std::string::npos) {
      err = "--domain '" + shown(val) + "': not a domain name";
      return false;
    }
    o.domain = val;
  } else if (name == "--require") {
    o.require = true;
  } else if (name == "--json") {
    o.json = true;
  } else if (name == "--timeout") {
    if (!parse_small(val, 1, 3600, n)) {
      err = "--timeout '" + shown(val) + "': must be 1 to 3600 seconds";
      return false;
    }
    o.timeout = n;
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
  const bool online = !make && (o.has("--domain") ||
                                (o.has("--host") && !o.has("--chain")));
  const unsigned mode = make ? kM : online ? kO : kV;
  const char *mname = make ? "--make-tlsa" : online ? "--domain/--host"
                                                    : "--chain";
  for (const std::string &g : o.given) {
    const OptSpec *s = find_opt(g);
    if ((s->modes & mode) == 0) {
      err = mode == kV && s->modes == kM ? g + " is an option of --make-tlsa"
            : mode == kV && s->modes == kO
                ? g + " is an option of the online mode (--domain)"
                : g + " cannot be used with " + mname;
      return false;
    }
  }
  o.mode = make ? Mode::make_tlsa : online ? Mode::online : Mode::verify;
  if (online) {
    return true;
  }
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
    if (spec->flag) {
      if (have_val) {
        return fail(name + " takes no value");
      }
    } else if (!have_val) {
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

// The backend dane_verify.cc picks for DANE_BACKEND_DEFAULT: the
// registry's first compiled in.
std::unique_ptr<exim_dane::Backend> default_backend()
{
  return exim_dane::make_default_backend();
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

// Print a report in the contract's form (see the header comment); every
// line after ind (online mode: the report sits under its address).
void print_report(const Report &r, const char *ind = "")
{
  for (const std::string &u : r.unusable) {
    std::printf("%s%s\n", ind, u.c_str());
  }
  if (r.verified) {
    std::printf("%sverified %d %d %d depth=%d name=%s\n", ind, r.usage,
                r.selector, r.mtype, r.depth, r.matched_name.c_str());
  } else {
    std::printf("%snot-verified %s depth=%d tlsrpt=%s\n", ind,
                r.reason.c_str(), r.depth, r.tlsrpt);
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
constexpr std::size_t kMaxRrs = 256;        // RRs of one type kept
constexpr std::size_t kMaxLookups = 64;     // per host, shown
constexpr std::size_t kMaxHosts = 16;       // MX hosts checked
constexpr std::size_t kMaxAddrs = 8;        // addresses per host
constexpr std::size_t kMaxReply = 64 * 1024;  // one SMTP reply

constexpr int kTypeA = 1, kTypeCname = 5, kTypeMx = 15, kTypeAaaa = 28,
              kTypeTlsa = 52, kTypeSoa = 6;

struct Rr {
  int type = 0;
  Bytes rdata;
  std::string name;   // MX exchange / CNAME target (expanded), if any
  int pref = 0;       // MX preference
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
    case DANE_RULES_RC_OK: return "ok";
    case DANE_RULES_RC_NXDOMAIN: return "nxdomain";
    case DANE_RULES_RC_NODATA: return "nodata";
    case DANE_RULES_RC_AGAIN: return "servfail, bogus or timeout";
    case DANE_RULES_RC_FAIL: return "failed";
    case DANE_RULES_RC_MALFORMED: return "malformed";
    default: return "?";
  }
}

const char *type_name(int t)
{
  switch (t) {
    case kTypeA: return "A";
    case kTypeAaaa: return "AAAA";
    case kTypeMx: return "MX";
    case kTypeCname: return "CNAME";
    case kTypeTlsa: return "TLSA";
    case kTypeSoa: return "SOA";
    default: return "?";
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
    a.rcode = h_errno == HOST_NOT_FOUND ? DANE_RULES_RC_NXDOMAIN
              : h_errno == NO_DATA      ? DANE_RULES_RC_NODATA
              : h_errno == TRY_AGAIN    ? DANE_RULES_RC_AGAIN
                                        : DANE_RULES_RC_FAIL;
    // A denial is still an answer (glibc leaves it in the buffer): its AD
    // bit says whether the denial validated (shown, not used by the rules).
    if ((a.rcode == DANE_RULES_RC_NXDOMAIN || a.rcode == DANE_RULES_RC_NODATA)
        && (buf[2] & 0x80) != 0) {
      a.ad = (buf[3] & 0x20) != 0;
      g_any_ad = g_any_ad || a.ad;
    }
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
    p += rdlen;
  }
  if (a.rcode == DANE_RULES_RC_OK && a.rrs.empty()) {
    a.rcode = DANE_RULES_RC_NODATA;
  }
  return a;
}

/*************************************************
*     Online mode: what is found and printed     *
*************************************************/

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
  std::string error;            // connection, SMTP or TLS failure
  std::string protocol, cipher, sni;
  std::vector<ChainCert> chain;
  bool have_report = false;
  Report report;                // DANE hosts: the verifier's verdict
  std::vector<std::string> warnings;
  std::string status;           // verified / failed / no-dane / unreachable
  std::string tlsrpt;           // failures
};

struct HostCheck {
  std::string name;
  int pref = -1;                // MX preference, -1: not from an MX RRset
  std::vector<Lookup> lookups;
  std::vector<std::string> addrs;
  bool addr_secure = false;
  std::vector<Tlsa> tlsa;       // the RRset of the TLSA base domain
  std::vector<std::string> tlsa_state;
  dane_rules_decision dec{};
  bool decided = false;
  std::string outcome, reason, dec_tlsrpt, base;
  std::vector<std::string> names;
  std::vector<AddrCheck> checks;
  std::string status, tlsrpt, note;
};

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

// The rules' MX / CNAME / TLSA lookups for one host, through the C ABI as
// Exim's glue (dane_policy_exim.c) makes them; the secure TLSA RRsets are
// kept by owner for the verifier.
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
  std::vector<std::pair<std::string, std::vector<Bytes>>> rrsets;
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
    if (a.rcode == DANE_RULES_RC_OK && type != kTypeTlsa) {
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
    // A secure TLSA RRset: classified by the verifier's one table, as the
    // glue's classify_tlsa() does.
    if (a.rcode == DANE_RULES_RC_OK && type == kTypeTlsa && a.ad) {
      ans.total_records = a.rrs.size();
      std::vector<Bytes> raw;
      dane_ctx *ctx = nullptr;
      if (a.rrs.size() <= DANE_MAX_RECORDS &&
          dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx) == DANE_STATUS_OK) {
        for (const Rr &rr : a.rrs) {
          (void) dane_add_tlsa_rdata(ctx, rr.rdata.data(), rr.rdata.size());
          raw.push_back(rr.rdata);
        }
        if (dane_classify_records(ctx, nullptr) == DANE_STATUS_OK) {
          for (std::size_t k = 0; k < dane_num_records(ctx); k++) {
            dane_record_info ri;
            if (dane_get_record(ctx, k, &ri) == DANE_STATUS_OK) {
              recs.push_back({ri.usage, ri.selector, ri.mtype, ri.data_len,
                              ri.state});
            }
          }
        } else {
          ans.unclassified = 1;
        }
        dane_ctx_free(ctx);
      } else if (a.rrs.size() <= DANE_MAX_RECORDS) {
        ans.unclassified = 1;
      } else {
        for (const Rr &rr : a.rrs) {
          raw.push_back(rr.rdata);
        }
      }
      ans.records = recs.data();
      ans.num_records = recs.size();
      rrsets.emplace_back(qname, std::move(raw));
    }
    if (dane_rules_set_answer(r, &ans) != DANE_STATUS_OK) {
      break;
    }
  }
  if (dane_rules_get_decision(r, &h.dec) != DANE_STATUS_OK) {
    h.outcome = "not-used";
    h.reason = "DANE outcome rules failed";
    h.dec_tlsrpt = "dnssec-invalid";
    return;
  }
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
  // The base domain's RRset, for the verifier and the report.
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
    hs.push_back(be->parse_cert(t.chain[i].der.data(), t.chain[i].der.size(),
                                infos[i]));
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

// One connection as the smtp transport would make it: greeting, EHLO,
// STARTTLS, the handshake with exim's SNI, then (DANE) the verifier.
void check_address(HostCheck &h, const Options &o, const std::string &addr)
{
  AddrCheck c;
  c.address = addr;
  const bool dane = h.dec.outcome == DANE_RULES_DANE;
  const bool tls_only = h.dec.outcome == DANE_RULES_TLS_ONLY;
  Fd s;
  std::string err, reply;
  const auto failed = [&](const std::string &e, const char *rpt) {
    c.error = e;
    if (dane || tls_only) {
      c.status = c.connected ? "failed" : "unreachable";
      c.tlsrpt = c.connected ? rpt : "";
    } else {
      c.status = c.connected ? "no-dane" : "unreachable";
    }
  };
  if (!tcp_connect(addr, o.port, o.timeout, s, err)) {
    failed(err, "");
    h.checks.push_back(std::move(c));
    return;
  }
  c.connected = true;
  int code = smtp_reply(s.fd, reply, err);
  if (code != 220) {
    failed(code < 0 ? err : "greeting: " + shown(reply, 200), "");
    c.connected = false;   // no SMTP session: deferred, not a TLS failure
    c.status = "unreachable";
    h.checks.push_back(std::move(c));
    return;
  }
  if (!smtp_send(s.fd, "EHLO " + helo_name(), err) ||
      (code = smtp_reply(s.fd, reply, err)) != 250) {
    failed(code < 0 ? err : "EHLO: " + shown(reply, 200), "");
    c.connected = false;
    c.status = "unreachable";
    h.checks.push_back(std::move(c));
    return;
  }
  if (!offers_starttls(reply)) {
    failed("the server does not offer STARTTLS", "starttls-not-supported");
    smtp_send(s.fd, "QUIT", err);
    h.checks.push_back(std::move(c));
    return;
  }
  c.starttls = true;
  if (!smtp_send(s.fd, "STARTTLS", err) ||
      (code = smtp_reply(s.fd, reply, err)) != 220) {
    failed(code < 0 ? err : "STARTTLS: " + shown(reply, 200),
           "starttls-not-supported");
    h.checks.push_back(std::move(c));
    return;
  }
  // Under DANE (records present, usable or not) the SNI is the TLSA base
  // domain (dane_exim_sni()); otherwise tls_sni is unset by default.
  c.sni = dane || tls_only ? h.base : "";
  exim_dane::tool::TlsResult t;
  if (!exim_dane::tool::tls_fetch_chain(s.fd, c.sni, o.timeout, t, err)) {
    failed(err, "validation-failure");
    h.checks.push_back(std::move(c));
    return;
  }
  c.tls = true;
  c.protocol = t.protocol;
  c.cipher = t.cipher;
  describe_chain(t, c);
  if (!dane) {
    c.status = tls_only ? "tls-only" : "no-dane";
    h.checks.push_back(std::move(c));
    return;
  }
  warn_unsent_ta(h, t, c);
  dane_ctx *ctx = nullptr;
  if (dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx) != DANE_STATUS_OK) {
    failed("no DANE verifier backend", "validation-failure");
    h.checks.push_back(std::move(c));
    return;
  }
  std::unique_ptr<dane_ctx, void (*)(dane_ctx *)> guard(ctx, dane_ctx_free);
  for (const Tlsa &r : h.tlsa) {
    Bytes rd = {static_cast<std::uint8_t>(r.usage),
                static_cast<std::uint8_t>(r.selector),
                static_cast<std::uint8_t>(r.mtype)};
    rd.insert(rd.end(), r.data.begin(), r.data.end());
    (void) dane_add_tlsa_rdata(ctx, rd.data(), rd.size());
  }
  for (const std::string &n : h.names) {
    (void) dane_add_reference_name(ctx, n.c_str());
  }
  dane_set_time(ctx, std::time(nullptr));
  std::vector<Bytes> ders;
  for (const exim_dane::tool::PeerCert &pc : t.chain) {
    ders.push_back(pc.der);
    dane_add_chain_der(ctx, pc.der.data(), pc.der.size());
  }
  dane_result res;
  if (dane_verify(ctx, &res) != DANE_STATUS_OK) {
    failed("the verifier failed (internal error)", "validation-failure");
    h.checks.push_back(std::move(c));
    return;
  }
  fill_report(ctx, res, h.tlsa, ders, c.report);
  c.have_report = true;
  c.status = res.verified ? "verified" : "failed";
  c.tlsrpt = res.verified ? "" : dane_reason_tlsrpt(res.reason);
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
    if (c.status == "failed" || (c.status == "unreachable" &&
                                 h.dec.outcome != DANE_RULES_NO_DANE)) {
      if (h.status != "failed") {
        h.status = c.status;
        h.tlsrpt = c.tlsrpt;
      }
    }
  }
}

/*************************************************
*     Online mode: output                        *
*************************************************/

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

std::string json_tlsa(const Tlsa &t, const std::string &state)
{
  return "{\"usage\":" + std::to_string(t.usage) +
         ",\"selector\":" + std::to_string(t.selector) +
         ",\"mtype\":" + std::to_string(t.mtype) + ",\"data\":" +
         json_str(hex(t.data.data(), t.data.size())) + ",\"state\":" +
         json_str(state) + "}";
}

void print_json(const Options &o, const std::string &domain,
                const std::vector<HostCheck> &hosts,
                const std::vector<Lookup> &top, int rc,
                const std::string &summary)
{
  std::string j = "{\"domain\":" + json_str(domain) +
                  ",\"port\":" + std::to_string(o.port) + ",\"mode\":" +
                  json_str(o.require ? "require" : "try") + ",\"exit\":" +
                  std::to_string(rc) + ",\"summary\":" + json_str(summary) +
                  ",\"lookups\":[";
  const auto lookups = [](const std::vector<Lookup> &ls) {
    std::string s;
    for (std::size_t i = 0; i < ls.size(); i++) {
      s += std::string(i ? "," : "") + "{\"type\":" + json_str(ls[i].type) +
           ",\"name\":" + json_str(shown(ls[i].qname, 256)) +
           ",\"result\":" + json_str(ls[i].result) +
           ",\"dnssec\":" + (ls[i].secure ? "true" : "false") +
           ",\"records\":" + std::to_string(ls[i].count) + "}";
    }
    return s;
  };
  j += lookups(top) + "],\"hosts\":[";
  for (std::size_t i = 0; i < hosts.size(); i++) {
    const HostCheck &h = hosts[i];
    j += std::string(i ? "," : "") + "{\"host\":" +
         json_str(shown(h.name, 256)) + ",\"preference\":" +
         std::to_string(h.pref) + ",\"result\":" + json_str(h.status) +
         ",\"tlsrpt\":" + (h.tlsrpt.empty() ? "null" : json_str(h.tlsrpt)) +
         ",\"lookups\":[" + lookups(h.lookups) + "],\"tlsa\":[";
    for (std::size_t k = 0; k < h.tlsa.size(); k++) {
      j += std::string(k ? "," : "") +
           json_tlsa(h.tlsa[k], k < h.tlsa_state.size() ? h.tlsa_state[k]
                                                        : "?");
    }
    j += "],\"decision\":{\"outcome\":" + json_str(h.outcome) +
         ",\"reason\":" + json_str(shown(h.reason, 600)) +
         ",\"tlsrpt\":" +
         (h.dec_tlsrpt.empty() ? "null" : json_str(h.dec_tlsrpt)) +
         ",\"base\":" + json_str(shown(h.base, 256)) + ",\"names\":[";
    for (std::size_t k = 0; k < h.names.size(); k++) {
      j += std::string(k ? "," : "") + json_str(shown(h.names[k], 256));
    }
    j += "]},\"addresses\":[";
    for (std::size_t k = 0; k < h.checks.size(); k++) {
      const AddrCheck &c = h.checks[k];
      j += std::string(k ? "," : "") + "{\"address\":" + json_str(c.address) +
           ",\"result\":" + json_str(c.status) + ",\"tlsrpt\":" +
           (c.tlsrpt.empty() ? "null" : json_str(c.tlsrpt)) +
           ",\"error\":" + (c.error.empty() ? "null" : json_str(c.error)) +
           ",\"starttls\":" + (c.starttls ? "true" : "false") +
           ",\"sni\":" + json_str(shown(c.sni, 256)) +
           ",\"protocol\":" + json_str(c.protocol) +
           ",\"cipher\":" + json_str(c.cipher) + ",\"chain\":[";
      for (std::size_t d = 0; d < c.chain.size(); d++) {
        j += std::string(d ? "," : "") + "{\"depth\":" + std::to_string(d) +
             ",\"subject\":" + json_str(c.chain[d].subject) +
             ",\"issuer\":" + json_str(c.chain[d].issuer) +
             ",\"not_before\":" + json_str(c.chain[d].not_before) +
             ",\"not_after\":" + json_str(c.chain[d].not_after) + "}";
      }
      j += "],\"verdict\":";
      if (c.have_report) {
        const Report &r = c.report;
        j += "{\"verified\":" + std::string(r.verified ? "true" : "false") +
             ",\"reason\":" + json_str(r.reason) +
             ",\"depth\":" + std::to_string(r.depth) + ",\"record\":" +
             (r.record ? json_tlsa(*r.record,
                                   r.record_no - 1 < h.tlsa_state.size()
                                       ? h.tlsa_state[r.record_no - 1]
                                       : "?")
                       : "null") +
             ",\"record_number\":" + std::to_string(r.record_no) +
             ",\"matched_name\":" +
             (r.verified && r.matched_name != "-" ? json_str(r.matched_name)
                                                  : "null") +
             ",\"tlsrpt\":" +
             (r.verified ? "null" : json_str(r.tlsrpt)) + ",\"details\":[";
        for (std::size_t d = 0; d < r.details.size(); d++) {
          j += std::string(d ? "," : "") + json_str(r.details[d]);
        }
        j += "]}";
      } else {
        j += "null";
      }
      j += ",\"warnings\":[";
      for (std::size_t d = 0; d < c.warnings.size(); d++) {
        j += std::string(d ? "," : "") + json_str(c.warnings[d]);
      }
      j += "]}";
    }
    j += "]}";
  }
  j += "]}";
  std::printf("%s\n", j.c_str());
}

void print_lookup(const Lookup &l)
{
  // A failed lookup has no DNSSEC status to show (a bogus answer is a
  // SERVFAIL from a validating resolver).
  const bool answered = l.result == "ok" || l.result == "nxdomain" ||
                        l.result == "nodata";
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
    for (const AddrCheck &c : h.checks) {
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
        std::printf("             valid %s to %s\n",
                    c.chain[d].not_before.c_str(),
                    c.chain[d].not_after.c_str());
      }
      if (c.have_report) {
        print_report(c.report, "    ");
      }
      for (const std::string &w : c.warnings) {
        std::printf("    warning: %s\n", w.c_str());
      }
    }
    std::printf("  result: %s", h.status.c_str());
    if (!h.tlsrpt.empty()) {
      std::printf(" (TLSRPT %s)", h.tlsrpt.c_str());
    }
    std::printf("\n");
  }
}

/*************************************************
*     Online mode                                *
*************************************************/

// --domain D [--host H] / --host H: the hosts a dnslookup router finds,
// then per host the rules, the connection and the verifier.
int run_online(const Options &o)
{
  dns_setup();
  std::vector<HostCheck> hosts;
  std::vector<Lookup> top;
  std::string nexthop = o.domain;
  bool is_mx = false, mx_secure = false;
  if (!o.domain.empty()) {
    const DnsAnswer a = dns_lookup(o.domain, kTypeMx);
    HostCheck tmp;
    add_lookup(tmp, "MX", o.domain, a);
    top = tmp.lookups;
    if (a.rcode == DANE_RULES_RC_NXDOMAIN) {
      if (!o.json) print_text(o, hosts, top);
      return fail("--domain " + o.domain + ": no such domain (NXDOMAIN)");
    }
    if (a.rcode != DANE_RULES_RC_OK && a.rcode != DANE_RULES_RC_NODATA) {
      if (!o.json) print_text(o, hosts, top);
      return fail("--domain " + o.domain + ": MX lookup " +
                  rcode_name(a.rcode) + " (exim would defer the address)");
    }
    if (a.rcode == DANE_RULES_RC_OK) {
      is_mx = true;
      mx_secure = a.ad;
      std::vector<Rr> mx = a.rrs;
      std::stable_sort(mx.begin(), mx.end(), [](const Rr &x, const Rr &y) {
        return x.pref < y.pref;
      });
      if (mx.size() == 1 && mx[0].name.empty()) {
        return fail("--domain " + o.domain +
                    ": null MX (RFC 7505): the domain accepts no mail");
      }
      for (const Rr &rr : mx) {
        if (rr.name.empty() || hosts.size() >= kMaxHosts) {
          continue;
        }
        if (!o.host.empty() && rr.name != o.host) {
          continue;
        }
        HostCheck h;
        h.name = rr.name;
        h.pref = rr.pref;
        hosts.push_back(std::move(h));
      }
      if (!o.host.empty() && hosts.empty()) {
        HostCheck h;   // not listed: the rules see that (RFC 7672 s2.2.1)
        h.name = o.host;
        hosts.push_back(std::move(h));
      }
    } else {
      HostCheck h;     // no MX: the domain is its own host (RFC 5321 s5.1)
      h.name = o.host.empty() ? o.domain : o.host;
      hosts.push_back(std::move(h));
    }
  } else {
    HostCheck h;       // a host of its own (route_list / hosts=)
    h.name = o.host;
    nexthop = o.host;
    hosts.push_back(std::move(h));
  }

  for (HostCheck &h : hosts) {
    find_addresses(h);
    decide(h, o, is_mx, mx_secure, nexthop);
    // the per-record states, as the rules were given them
    dane_ctx *ctx = nullptr;
    if (!h.tlsa.empty() &&
        dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx) == DANE_STATUS_OK) {
      for (const Tlsa &t : h.tlsa) {
        Bytes rd = {static_cast<std::uint8_t>(t.usage),
                    static_cast<std::uint8_t>(t.selector),
                    static_cast<std::uint8_t>(t.mtype)};
        rd.insert(rd.end(), t.data.begin(), t.data.end());
        (void) dane_add_tlsa_rdata(ctx, rd.data(), rd.size());
      }
      const bool classified =
          dane_classify_records(ctx, nullptr) == DANE_STATUS_OK;
      for (std::size_t k = 0; k < h.tlsa.size(); k++) {
        dane_record_info ri;
        h.tlsa_state.push_back(
            classified && dane_get_record(ctx, k, &ri) == DANE_STATUS_OK
                ? dane_record_state_text(ri.state)
                : "?");
      }
      dane_ctx_free(ctx);
    }
    if (h.dec.outcome != DANE_RULES_NOT_USED) {
      for (const std::string &addr : h.addrs) {
        check_address(h, o, addr);
      }
    }
    host_result(h);
  }

  // If no answer at all had the AD bit, everything would look "insecure":
  // ask for the root zone's SOA, which a validating resolver marks.
  if (!g_any_ad) {
    const DnsAnswer r = dns_lookup(".", kTypeSoa);
    if (!r.ad) {
      if (!o.json) print_text(o, hosts, top);
      return fail("the resolver set the AD bit on no answer, not even the "
                  "root zone's SOA: either it does not validate DNSSEC or "
                  "resolv.conf lacks \"options trust-ad\" (glibc then clears "
                  "AD); exim would see every zone as insecure and never use "
                  "DANE");
    }
  }

  std::size_t verified = 0, failed = 0, nodane = 0;
  for (const HostCheck &h : hosts) {
    if (h.status == "verified") {
      verified++;
    } else if (h.status == "failed" || h.status == "unreachable") {
      failed++;
    } else if (h.status != "no-address") {
      nodane++;
    }
  }
  int rc;
  std::string summary;
  if (verified + failed + nodane == 0) {
    rc = 2;
    summary = "no host with an address";
  } else if (failed > 0) {
    rc = 1;
    summary = std::to_string(failed) + " of " + std::to_string(hosts.size()) +
              " hosts would not get a DANE-verified delivery (mail to them "
              "would be deferred)";
  } else if (nodane > 0) {
    rc = 3;
    summary = "DANE does not apply to " + std::to_string(nodane) + " of " +
              std::to_string(hosts.size()) + " hosts";
  } else {
    rc = 0;
    summary = "every host would get a DANE-verified delivery";
  }
  if (o.json) {
    print_json(o, o.domain.empty() ? o.host : o.domain, hosts, top, rc,
               summary);
  } else {
    print_text(o, hosts, top);
    std::printf("summary: %s (exit %d)\n", summary.c_str(), rc);
  }
  return rc;
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
    case Mode::online:
      return run_online(o);
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
