// libFuzzer: the name matcher.  Input: pattern, a 0x0a byte, reference.
// Invariants: a NUL in the pattern never matches; a match without a
// wildcard is a case-insensitive equality (modulo one trailing dot on the
// reference); a wildcard match has the same number of labels.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "dane_verify.h"

namespace {
std::string lower(std::string s)
{
  for (char &c : s) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return s;
}
std::size_t labels(const std::string &s)
{
  std::size_t n = 1;
  for (const char c : s) {
    n += c == '.' ? 1 : 0;
  }
  return n;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size)
{
  const char *p = reinterpret_cast<const char *>(data);
  const void *nl = std::memchr(p, '\n', size);
  const std::size_t plen =
      nl ? static_cast<std::size_t>(static_cast<const char *>(nl) - p) : size;
  const std::string pattern(p, plen);
  std::string ref = nl ? std::string(p + plen + 1, size - plen - 1)
                       : std::string("mx.example.net");
  ref = ref.substr(0, std::strlen(ref.c_str()));  // C string semantics
  const int m = dane_name_match(pattern.data(), pattern.size(), ref.c_str());
  if (m != 0 && m != 1) {
    std::abort();
  }
  if (m == 1) {
    if (pattern.find('\0') != std::string::npos) {
      std::abort();
    }
    std::string r = ref;
    if (!r.empty() && r.back() == '.') {
      r.pop_back();
    }
    if (pattern.rfind("*.", 0) == 0) {
      if (labels(pattern) != labels(r) || labels(pattern) < 3) {
        std::abort();
      }
    } else if (lower(pattern) != lower(r)) {
      std::abort();
    }
  }
  return 0;
}
