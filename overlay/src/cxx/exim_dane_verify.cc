/*************************************************
*     Exim - exim_dane_verify: offline checker   *
*************************************************/

/* NAME
     exim_dane_verify - check TLSA records against a certificate chain with
     Exim's DANE verifier, offline.

   SYNOPSIS
     exim_dane_verify --tlsa 'U S M HEX' [--tlsa ...] --chain FILE.pem
                      --name BASE [--name ID ...] [--time T]

   DESCRIPTION
     --tlsa   one TLSA record in presentation form (repeatable, in order)
     --chain  PEM certificates, leaf first, as the server presented them
     --name   first: the TLSA base domain; further: more reference ids
     --time   seconds since the epoch, or "YYYY-MM-DDTHH:MM:SSZ" (UTC);
              default: now (this tool reads the clock, the core never does)

     stdout: one line "unusable N U S M: <code>" per unusable or dropped
     record (N = 1-based position of its --tlsa), then one verdict line:
       verified U S M depth=D name=<matched reference id, or ->
       not-verified <reason> depth=D tlsrpt=<RFC 8460 result type>
     Record data is never printed.

     Exit: 0 verified; 1 not verified (an unreadable or empty chain
     included); 2 usage error (bad option, unparsable --tlsa syntax).
     The backend is the one compiled in (DANE_BACKEND_DEFAULT).
*/

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "dane_verify.h"

namespace {

constexpr long kMaxPemFile = 4L * 1024 * 1024;

const char kUsage[] =
    "usage: exim_dane_verify --tlsa 'U S M HEX' [--tlsa ...] --chain FILE.pem\n"
    "                        --name BASE [--name ID ...] [--time T]\n"
    "  T: seconds since the epoch or YYYY-MM-DDTHH:MM:SSZ (default: now)\n";

int usage_error(const char *why)
{
  std::fprintf(stderr, "exim_dane_verify: %s\n%s", why, kUsage);
  return 2;
}

// Seconds since the epoch, or ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ".
bool parse_time(const char *s, std::int64_t &out)
{
  const std::size_t len = std::strlen(s);
  if (len > 0 && len <= 12 && std::strspn(s, "0123456789") == len) {
    out = std::strtoll(s, nullptr, 10);
    return true;
  }
  int y, mo, d, h, mi, sec;
  char z = 0;
  int used = 0;
  if (len != 20 ||
      std::sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &y, &mo, &d, &h, &mi, &sec,
                  &z, &used) != 7 ||
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

int b64val(char c)
{
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '+') {
    return 62;
  }
  if (c == '/') {
    return 63;
  }
  return -1;
}

// Decode base64 (whitespace ignored); an error gives an empty result.
std::vector<unsigned char> b64decode(const std::string &in)
{
  std::vector<unsigned char> out;
  unsigned acc = 0;
  int bits = 0;
  std::size_t pad = 0;
  for (const char c : in) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      continue;
    }
    if (c == '=') {
      pad++;
      continue;
    }
    const int v = b64val(c);
    if (v < 0 || pad > 0) {
      return {};
    }
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((acc >> bits) & 0xffu));
    }
  }
  if (pad > 2) {
    return {};
  }
  return out;
}

// Read the PEM CERTIFICATE blocks of a file, in order; false if unreadable.
bool read_pem_chain(const char *path, std::vector<std::vector<unsigned char>> &out)
{
  std::FILE *f = std::fopen(path, "rb");
  if (f == nullptr) {
    return false;
  }
  std::string text;
  char buf[8192];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    text.append(buf, n);
    if (text.size() > static_cast<std::size_t>(kMaxPemFile)) {
      std::fclose(f);
      return false;
    }
  }
  const bool err = std::ferror(f) != 0;
  std::fclose(f);
  if (err) {
    return false;
  }
  static const char kBegin[] = "-----BEGIN CERTIFICATE-----";
  static const char kEnd[] = "-----END CERTIFICATE-----";
  std::size_t pos = 0;
  while ((pos = text.find(kBegin, pos)) != std::string::npos) {
    const std::size_t start = pos + sizeof kBegin - 1;
    const std::size_t end = text.find(kEnd, start);
    if (end == std::string::npos) {
      out.emplace_back();           // truncated block: unparsable
      break;
    }
    out.push_back(b64decode(text.substr(start, end - start)));
    pos = end + sizeof kEnd - 1;
  }
  return true;
}

}  // namespace

int main(int argc, char **argv)
{
  std::vector<const char *> tlsa;
  std::vector<const char *> names;
  const char *chain_file = nullptr;
  const char *time_arg = nullptr;

  for (int i = 1; i < argc; i++) {
    const std::string opt = argv[i];
    if (opt == "--help" || opt == "-h") {
      return usage_error("help requested");
    }
    if (opt != "--tlsa" && opt != "--chain" && opt != "--name" &&
        opt != "--time") {
      return usage_error("unknown option");
    }
    if (i + 1 >= argc) {
      return usage_error("option needs an argument");
    }
    const char *val = argv[++i];
    if (opt == "--tlsa") {
      tlsa.push_back(val);
    } else if (opt == "--name") {
      names.push_back(val);
    } else if (opt == "--chain") {
      if (chain_file != nullptr) {
        return usage_error("--chain given twice");
      }
      chain_file = val;
    } else {
      if (time_arg != nullptr) {
        return usage_error("--time given twice");
      }
      time_arg = val;
    }
  }
  if (chain_file == nullptr) {
    return usage_error("--chain is required");
  }
  if (names.empty()) {
    return usage_error("--name is required");
  }
  std::int64_t now = 0;
  if (time_arg != nullptr) {
    if (!parse_time(time_arg, now)) {
      return usage_error("bad --time (seconds, or YYYY-MM-DDTHH:MM:SSZ)");
    }
  } else {
    now = static_cast<std::int64_t>(std::time(nullptr));
  }

  dane_ctx *ctx = nullptr;
  if (dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx) != DANE_STATUS_OK) {
    std::fprintf(stderr, "exim_dane_verify: no DANE backend\n");
    return 1;
  }
  for (const char *t : tlsa) {
    const dane_status st = dane_add_tlsa_text(ctx, t);
    if (st != DANE_STATUS_OK) {
      dane_ctx_free(ctx);
      return usage_error(st == DANE_STATUS_SYNTAX ? "unparsable --tlsa"
                                                  : "too many or too large --tlsa");
    }
  }
  for (const char *nm : names) {
    const dane_status st = dane_add_reference_name(ctx, nm);
    if (st != DANE_STATUS_OK) {
      dane_ctx_free(ctx);
      return usage_error("bad or too many --name");
    }
  }
  dane_set_time(ctx, static_cast<time_t>(now));

  std::vector<std::vector<unsigned char>> chain;
  const bool readable = read_pem_chain(chain_file, chain);
  if (!readable) {
    std::fprintf(stderr, "exim_dane_verify: cannot read %s: %s\n", chain_file,
                 std::strerror(errno));
  }
  for (const std::vector<unsigned char> &der : chain) {
    dane_add_chain_der(ctx, der.data(), der.size());
  }

  dane_result res;
  if (dane_verify(ctx, &res) != DANE_STATUS_OK) {
    std::printf("not-verified internal-error depth=-1 tlsrpt=%s\n",
                dane_reason_tlsrpt(DANE_REASON_INTERNAL_ERROR));
    dane_ctx_free(ctx);
    return 1;
  }
  const std::size_t nrec = dane_num_records(ctx);
  for (std::size_t i = 0; i < nrec; i++) {
    dane_record_info info;
    if (dane_get_record(ctx, i, &info) == DANE_STATUS_OK &&
        info.state != DANE_RECORD_USABLE) {
      std::printf("unusable %zu %d %d %d: %s\n", i + 1, info.usage,
                  info.selector, info.mtype, dane_record_state_text(info.state));
    }
  }
  int rc = 1;
  if (res.verified) {
    std::printf("verified %d %d %d depth=%d name=%s\n", res.usage, res.selector,
                res.mtype, res.depth,
                res.matched_name != nullptr ? res.matched_name : "-");
    rc = 0;
  } else {
    std::printf("not-verified %s depth=%d tlsrpt=%s\n",
                dane_reason_text(res.reason), res.depth,
                dane_reason_tlsrpt(res.reason));
  }
  dane_ctx_free(ctx);
  return rc;
}
