// libFuzzer: the whole verification through the C ABI, with a fuzzed
// chain, records and names, on BOTH backends; the verdicts must agree.
// The libraries differ in which MALFORMED certificates they accept (e.g.
// an OCTET STRING inside a Name); the core narrows that (DER well-formed,
// UTF-8, dates, keys, extensions) but cannot close it.  So inputs where a
// certificate or key is accepted by one backend only are not compared,
// unless DANE_FUZZ_STRICT is set in the environment.
// Input: chunks of [type:1][len:2 big-endian][data:len]; type%4 == 0: TLSA
// RDATA, 1: chain certificate (DER), 2: reference name, 3: time (8 bytes).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "dane_backend.h"
#include "dane_der.h"
#include "dane_verify.h"

namespace {

dane_result run(dane_backend_id be, const std::uint8_t *data, std::size_t size)
{
  dane_ctx *ctx = nullptr;
  if (dane_ctx_new(be, &ctx) != DANE_STATUS_OK) {
    std::abort();
  }
  std::int64_t now = 1800000000;
  std::size_t pos = 0;
  bool named = false;
  while (size - pos >= 3) {
    const unsigned type = data[pos] % 4u;
    const std::size_t len = std::size_t(data[pos + 1]) << 8 | data[pos + 2];
    pos += 3;
    const std::size_t n = len < size - pos ? len : size - pos;
    const std::uint8_t *d = data + pos;
    pos += n;
    if (type == 0) {
      dane_add_tlsa_rdata(ctx, d, n);
    } else if (type == 1) {
      dane_add_chain_der(ctx, d, n);
    } else if (type == 2) {
      const std::string name(reinterpret_cast<const char *>(d), n);
      if (dane_add_reference_name(ctx, name.c_str()) == DANE_STATUS_OK) {
        named = true;
      }
    } else if (n >= 8) {
      now = 0;
      for (std::size_t i = 0; i < 8; i++) {
        now = static_cast<std::int64_t>(static_cast<std::uint64_t>(now) << 8 |
                                        d[i]);
      }
    }
  }
  if (!named) {
    dane_add_reference_name(ctx, "mx.example.net");
  }
  dane_set_time(ctx, static_cast<time_t>(now));
  dane_result res;
  if (dane_verify(ctx, &res) != DANE_STATUS_OK) {
    std::abort();
  }
  if (res.verified && res.reason != DANE_REASON_OK) {
    std::abort();
  }
  dane_ctx_free(ctx);
  res.matched_name = nullptr;  // freed with the context
  return res;
}

// Do the two backends accept the same certificates and keys?
bool same_acceptance(const std::uint8_t *data, std::size_t size)
{
  static const std::unique_ptr<exim_dane::Backend> be[2] = {
      exim_dane::make_openssl_backend(), exim_dane::make_gnutls_backend()};
  std::size_t pos = 0;
  while (size - pos >= 3) {
    const unsigned type = data[pos] % 4u;
    const std::size_t len = std::size_t(data[pos + 1]) << 8 | data[pos + 2];
    pos += 3;
    const std::size_t n = len < size - pos ? len : size - pos;
    const std::uint8_t *d = data + pos;
    pos += n;
    bool ok[2] = {false, false};
    for (int i = 0; i < 2; i++) {
      exim_dane::CertInfo ci;
      exim_dane::KeyInfo ki;
      if (type == 1) {
        ok[i] = exim_dane::der::is_well_formed(d, n) &&
                be[i]->parse_cert(d, n, ci) != nullptr && ci.dates_ok;
      } else if (type == 0 && n > 3 && d[2] == 0) {
        ok[i] = exim_dane::der::is_well_formed(d + 3, n - 3) &&
                (d[1] == 0 ? be[i]->parse_cert(d + 3, n - 3, ci) != nullptr &&
                                 ci.dates_ok
                           : be[i]->parse_spki(d + 3, n - 3, ki));
      }
    }
    if (ok[0] != ok[1]) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size)
{
  static const bool strict = std::getenv("DANE_FUZZ_STRICT") != nullptr;
  const dane_result a = run(DANE_BACKEND_OPENSSL, data, size);
  const dane_result b = run(DANE_BACKEND_GNUTLS, data, size);
  if (!strict && !same_acceptance(data, size)) {
    return 0;
  }
  if (a.verified != b.verified || a.reason != b.reason || a.depth != b.depth) {
    std::fprintf(stderr,
                 "backends differ: openssl %s depth %d, gnutls %s depth %d\n",
                 dane_reason_text(a.reason), a.depth,
                 dane_reason_text(b.reason), b.depth);
    std::abort();
  }
  return 0;
}
