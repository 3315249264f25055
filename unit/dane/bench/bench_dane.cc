// Google Benchmark: the DANE verifier (both backends) against the least
// work any verifier must do with each library directly (parse, extract,
// digest, signature-verify), and OpenSSL's own DANE (SSL_dane_enable +
// X509_verify_cert), on typical chains.  After the runs a table of ratios
// verifier / baseline is printed (goal: <= 1.2); with
// --benchmark_repetitions=N the ratios are of the medians.
//
// --callgrind[=ITERATIONS]: instead of timing, run each implementation on
// each case ITERATIONS times (default 50, after 3 warm-up runs) between
// callgrind client requests that zero the counters before and dump them
// after, named "<impl>/<case>".  Only meaningful under
// `valgrind --tool=callgrind --instr-atstart=no`;
// unit/dane/bench/callgrind-ratio runs it and prints instruction-count ratios
// (deterministic, unlike time).
#include <benchmark/benchmark.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dane_verify.h"
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define DANE_BENCH_CALLGRIND 1
#endif
#include "test_certs.h"

namespace {

using namespace dane_test;

enum Case { kEeSpki256 = 0, kTaDepth1, kTaDepth2, kTaNotSent, kCases };
const char *const kCaseName[kCases] = {"EE_3_1_1", "TA_depth1_2_0_1",
                                       "TA_depth2_2_0_1", "TA_notsent_2_1_0"};

struct Fixture {
  Hierarchy h;
  std::vector<Bytes> chain[kCases];
  std::string tlsa[kCases];
  Bytes rdata[kCases];
};

Fixture &fx()
{
  static Fixture *f = [] {
    Fixture *x = new Fixture;
    x->h = make_hierarchy();
    const Bytes l = der(x->h.leaf), i = der(x->h.inter), r = der(x->h.root);
    x->chain[kEeSpki256] = {l, i};
    x->chain[kTaDepth1] = {l, i};
    x->chain[kTaDepth2] = {l, i, r};
    x->chain[kTaNotSent] = {l, i};
    x->tlsa[kEeSpki256] = tlsa(3, 1, 1, x->h.leaf);
    x->tlsa[kTaDepth1] = tlsa(2, 0, 1, x->h.inter);
    x->tlsa[kTaDepth2] = tlsa(2, 0, 1, x->h.root);
    x->tlsa[kTaNotSent] = tlsa(2, 1, 0, x->h.root);
    for (int c = 0; c < kCases; c++) {
      // RDATA from the presentation form (header + hex).
      const std::string &t = x->tlsa[c];
      Bytes rd = {static_cast<unsigned char>(t[0] - '0'),
                  static_cast<unsigned char>(t[2] - '0'),
                  static_cast<unsigned char>(t[4] - '0')};
      for (size_t k = 6; k + 1 < t.size(); k += 2) {
        rd.push_back(
            static_cast<unsigned char>(std::stoi(t.substr(k, 2), nullptr, 16)));
      }
      x->rdata[c] = rd;
    }
    return x;
  }();
  return *f;
}

// Per benchmark: {CPU time, real time} of one verification (the median
// with --benchmark_repetitions).
std::map<std::string, std::pair<double, double>> &results()
{
  static std::map<std::string, std::pair<double, double>> m;
  return m;
}

// One verification with the verifier's C ABI; true if verified.
bool verifier_once(dane_backend_id be, int c)
{
  Fixture &f = fx();
  dane_ctx *ctx = nullptr;
  dane_ctx_new(be, &ctx);
  dane_add_tlsa_rdata(ctx, f.rdata[c].data(), f.rdata[c].size());
  dane_add_reference_name(ctx, "mx.example.net");
  dane_set_time(ctx, kNow);
  for (const Bytes &d : f.chain[c]) {
    dane_add_chain_der(ctx, d.data(), d.size());
  }
  dane_result res;
  const bool ok = dane_verify(ctx, &res) == DANE_STATUS_OK && res.verified;
  dane_ctx_free(ctx);
  return ok;
}

bool verifier_openssl_once(int c)
{
  return verifier_once(DANE_BACKEND_OPENSSL, c);
}
bool verifier_gnutls_once(int c)
{
  return verifier_once(DANE_BACKEND_GNUTLS, c);
}

// OpenSSL baseline: parse every cert, extract/digest what the record needs,
// verify each signature below the anchor.
bool ossl_baseline_once(int c)
{
  Fixture &f = fx();
  // DANE-EE needs only the leaf; DANE-TA every presented certificate.
  std::vector<X509 *> xs;
  for (const Bytes &d : f.chain[c]) {
    const unsigned char *p = d.data();
    xs.push_back(d2i_X509(nullptr, &p, static_cast<long>(d.size())));
    if (c == kEeSpki256) {
      break;
    }
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  bool ok = true;
  if (c == kEeSpki256) {
    unsigned char *s = nullptr;
    const int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(xs[0]), &s);
    EVP_Digest(s, static_cast<size_t>(len), md, &n, EVP_sha256(), nullptr);
    OPENSSL_free(s);
    ok = std::memcmp(md, f.rdata[c].data() + 3, 32) == 0;
  } else if (c == kTaNotSent) {
    const unsigned char *p = f.rdata[c].data() + 3;
    EVP_PKEY *k =
        d2i_PUBKEY(nullptr, &p, static_cast<long>(f.rdata[c].size() - 3));
    ok = X509_verify(xs[0], X509_get0_pubkey(xs[1])) == 1 &&
         X509_verify(xs[1], k) == 1;
    EVP_PKEY_free(k);
  } else {
    const Bytes &top = f.chain[c].back();
    EVP_Digest(top.data(), top.size(), md, &n, EVP_sha256(), nullptr);
    ok = std::memcmp(md, f.rdata[c].data() + 3, 32) == 0;
    for (size_t i = 0; i + 1 < xs.size(); i++) {
      ok = ok && X509_verify(xs[i], X509_get0_pubkey(xs[i + 1])) == 1;
    }
  }
  for (X509 *x : xs) {
    X509_free(x);
  }
  return ok;
}

// The floor of a DANE-EE 3 1 1 match (issue 12 item 4): find the
// SubjectPublicKeyInfo in the leaf's DER with the least possible walk (no
// well-formedness check at all) and one SHA-256 of it with the library.
// For the DANE-TA cases the floor is the baseline.
bool der_skip(const unsigned char *&p, const unsigned char *end,
              const unsigned char **start = nullptr, size_t *whole = nullptr)
{
  if (end - p < 2) {
    return false;
  }
  const unsigned char *s = p;
  size_t len = p[1];
  p += 2;
  if (len & 0x80) {
    const size_t n = len & 0x7f;
    if (n == 0 || n > 3 || static_cast<size_t>(end - p) < n) {
      return false;
    }
    len = 0;
    for (size_t i = 0; i < n; i++) {
      len = (len << 8) | *p++;
    }
  }
  if (static_cast<size_t>(end - p) < len) {
    return false;
  }
  if (start != nullptr) {
    *start = s;
    *whole = static_cast<size_t>(p - s) + len;
  }
  p += len;
  return true;
}

// Into a constructed TLV: p at its contents.
bool der_enter(const unsigned char *&p, const unsigned char *end)
{
  const unsigned char *s;
  size_t whole;
  const unsigned char *q = p;
  if (!der_skip(q, end, &s, &whole)) {
    return false;
  }
  p = s + 2 + ((s[1] & 0x80) ? (s[1] & 0x7f) : 0);
  return true;
}

bool leaf_spki(const Bytes &d, const unsigned char *&spki, size_t &len)
{
  const unsigned char *p = d.data(), *end = d.data() + d.size();
  if (!der_enter(p, end) || !der_enter(p, end)) {  // Certificate, tbs
    return false;
  }
  if (p < end && *p == 0xa0 && !der_skip(p, end)) {  // [0] version
    return false;
  }
  for (int i = 0; i < 5; i++) {  // serial, signature, issuer, validity, subject
    if (!der_skip(p, end)) {
      return false;
    }
  }
  return der_skip(p, end, &spki, &len);
}

bool floor_openssl_once(int c)
{
  if (c != kEeSpki256) {
    return ossl_baseline_once(c);
  }
  Fixture &f = fx();
  const unsigned char *spki;
  size_t len;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  return leaf_spki(f.chain[c][0], spki, len) &&
         EVP_Digest(spki, len, md, &n, EVP_sha256(), nullptr) == 1 &&
         std::memcmp(md, f.rdata[c].data() + 3, 32) == 0;
}

// GnuTLS baseline: the same steps; each signature with gnutls_x509_crt_verify
// against its issuer alone (or gnutls_pubkey_verify_data2 for a bare key).
bool gnutls_baseline_once(int c)
{
  Fixture &f = fx();
  std::vector<gnutls_x509_crt_t> xs;
  for (const Bytes &d : f.chain[c]) {
    gnutls_x509_crt_t x;
    gnutls_x509_crt_init(&x);
    gnutls_datum_t dd = {const_cast<unsigned char *>(d.data()),
                         static_cast<unsigned>(d.size())};
    gnutls_x509_crt_import(x, &dd, GNUTLS_X509_FMT_DER);
    xs.push_back(x);
    if (c == kEeSpki256) {
      break;
    }
  }
  unsigned char md[64];
  bool ok = true;
  auto link_ok = [](gnutls_x509_crt_t sub, gnutls_x509_crt_t iss) {
    unsigned status = 0;
    return gnutls_x509_crt_verify(
               sub, &iss, 1, GNUTLS_VERIFY_DISABLE_TIME_CHECKS, &status) == 0 &&
           status == 0;
  };
  if (c == kEeSpki256) {
    gnutls_pubkey_t k;
    gnutls_pubkey_init(&k);
    gnutls_pubkey_import_x509(k, xs[0], 0);
    gnutls_datum_t s;
    gnutls_pubkey_export2(k, GNUTLS_X509_FMT_DER, &s);
    gnutls_hash_fast(GNUTLS_DIG_SHA256, s.data, s.size, md);
    gnutls_free(s.data);
    gnutls_pubkey_deinit(k);
    ok = std::memcmp(md, f.rdata[c].data() + 3, 32) == 0;
  } else if (c == kTaNotSent) {
    // The anchor key as a self-signed stand-in is not available; verify
    // leaf <- int by certificate and int <- key by raw data check.
    ok = link_ok(xs[0], xs[1]);
    gnutls_pubkey_t k;
    gnutls_pubkey_init(&k);
    gnutls_datum_t kd = {const_cast<unsigned char *>(f.rdata[c].data() + 3),
                         static_cast<unsigned>(f.rdata[c].size() - 3)};
    gnutls_pubkey_import(k, &kd, GNUTLS_X509_FMT_DER);
    ok = ok && gnutls_pubkey_verify_params(k) == 0;
    // tbs/signature of the intermediate are checked via a one-off trust
    // list holding the root certificate (the same key).
    ok = ok && link_ok(xs[1], [&] {
           static gnutls_x509_crt_t root = [&] {
             gnutls_x509_crt_t r;
             gnutls_x509_crt_init(&r);
             const Bytes rd = der(f.h.root);
             gnutls_datum_t d = {const_cast<unsigned char *>(rd.data()),
                                 static_cast<unsigned>(rd.size())};
             gnutls_x509_crt_import(r, &d, GNUTLS_X509_FMT_DER);
             return r;
           }();
           return root;
         }());
    gnutls_pubkey_deinit(k);
  } else {
    const Bytes &top = f.chain[c].back();
    gnutls_hash_fast(GNUTLS_DIG_SHA256, top.data(), top.size(), md);
    ok = std::memcmp(md, f.rdata[c].data() + 3, 32) == 0;
    for (size_t i = 0; i + 1 < xs.size(); i++) {
      ok = ok && link_ok(xs[i], xs[i + 1]);
    }
  }
  for (gnutls_x509_crt_t x : xs) {
    gnutls_x509_crt_deinit(x);
  }
  return ok;
}

bool floor_gnutls_once(int c)
{
  if (c != kEeSpki256) {
    return gnutls_baseline_once(c);
  }
  Fixture &f = fx();
  const unsigned char *spki;
  size_t len;
  unsigned char md[32];
  return leaf_spki(f.chain[c][0], spki, len) &&
         gnutls_hash_fast(GNUTLS_DIG_SHA256, spki, len, md) == 0 &&
         std::memcmp(md, f.rdata[c].data() + 3, 32) == 0;
}

// OpenSSL's own DANE: SSL_dane_enable + SSL_dane_tlsa_add + X509_verify_cert.
bool ossl_native_dane_once(int c)
{
  Fixture &f = fx();
  static SSL_CTX *const sctx = [] {
    SSL_CTX *x = SSL_CTX_new(TLS_client_method());
    SSL_CTX_dane_enable(x);
    return x;
  }();
  static X509_STORE *const store = X509_STORE_new();
  SSL *ssl = SSL_new(sctx);
  SSL_dane_enable(ssl, "mx.example.net");
  const Bytes &rd = f.rdata[c];
  SSL_dane_tlsa_add(ssl, rd[0], rd[1], rd[2], rd.data() + 3, rd.size() - 3);
  std::vector<X509 *> xs;
  STACK_OF(X509) *sk = sk_X509_new_null();
  for (const Bytes &d : f.chain[c]) {
    const unsigned char *p = d.data();
    X509 *x = d2i_X509(nullptr, &p, static_cast<long>(d.size()));
    xs.push_back(x);
    sk_X509_push(sk, x);
  }
  X509_STORE_CTX *ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, xs[0], sk);
  X509_VERIFY_PARAM_set1(X509_STORE_CTX_get0_param(ctx), SSL_get0_param(ssl));
  X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx),
                             static_cast<time_t>(kNow));
  X509_STORE_CTX_set0_dane(ctx, SSL_get0_dane(ssl));
  const int ok = X509_verify_cert(ctx);
  X509_STORE_CTX_free(ctx);
  sk_X509_free(sk);
  for (X509 *x : xs) {
    X509_free(x);
  }
  SSL_free(ssl);
  return ok == 1;
}

using OnceFn = bool (*)(int);
struct Impl {
  const char *name;
  OnceFn once;
};
// Order matters for the table: verifier before its baseline.
const Impl kImpls[] = {
    {"verifier_openssl", verifier_openssl_once},
    {"baseline_openssl", ossl_baseline_once},
    {"verifier_gnutls", verifier_gnutls_once},
    {"baseline_gnutls", gnutls_baseline_once},
    {"openssl_native_dane", ossl_native_dane_once},
    {"floor_openssl", floor_openssl_once},
    {"floor_gnutls", floor_gnutls_once},
};

void bench(benchmark::State &st, OnceFn once, int c)
{
  fx();
  for (auto _ : st) {
    if (!once(c)) {
      st.SkipWithError("did not verify");
      break;
    }
  }
}

class Collect : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run> &runs) override
  {
    for (const Run &r : runs) {
      // With --benchmark_repetitions, keep the median aggregate.
      std::string name = r.benchmark_name();
      if (r.run_type == Run::RT_Aggregate) {
        if (r.aggregate_name != "median") {
          continue;
        }
        name = name.substr(0, name.rfind('_'));
      } else if (results().count(name) != 0 && r.repetitions > 1) {
        continue;
      }
      results()[name] = {r.GetAdjustedCPUTime(), r.GetAdjustedRealTime()};
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

// --callgrind mode (see the header comment); returns the exit status.
int callgrind_mode(long iterations)
{
#ifdef DANE_BENCH_CALLGRIND
  if (RUNNING_ON_VALGRIND == 0) {
    std::fprintf(
        stderr,
        "bench_dane --callgrind: run it under valgrind --tool=callgrind"
        " (unit/dane/bench/callgrind-ratio)\n");
    return 2;
  }
  fx();
  int bad = 0;
  for (int c = 0; c < kCases; c++) {
    for (const Impl &im : kImpls) {
      if (c != kEeSpki256 && std::strncmp(im.name, "floor_", 6) == 0) {
        continue;  // the floor is the baseline there
      }
      const std::string name = std::string(im.name) + "/" + kCaseName[c];
      for (int w = 0; w < 3; w++) {
        bad += !im.once(c);  // warm-up: one-time library initialisation
      }
      CALLGRIND_START_INSTRUMENTATION;
      CALLGRIND_ZERO_STATS;
      for (long i = 0; i < iterations; i++) {
        bad += !im.once(c);
      }
      CALLGRIND_DUMP_STATS_AT(name.c_str());
      CALLGRIND_STOP_INSTRUMENTATION;
      std::printf("%s iterations=%ld\n", name.c_str(), iterations);
    }
  }
  if (bad != 0) {
    std::fprintf(stderr, "bench_dane: %d runs did not verify\n", bad);
    return 1;
  }
  return 0;
#else
  (void)iterations;
  std::fprintf(stderr, "bench_dane: built without <valgrind/callgrind.h>\n");
  return 2;
#endif
}

}  // namespace

int main(int argc, char **argv)
{
  for (int i = 1; i < argc; i++) {
    if (std::strncmp(argv[i], "--callgrind", 11) == 0) {
      const char *eq = std::strchr(argv[i], '=');
      const long n = eq != nullptr ? std::strtol(eq + 1, nullptr, 10) : 50;
      return callgrind_mode(n > 0 ? n : 50);
    }
  }
  for (int c = 0; c < kCases; c++) {
    for (const Impl &im : kImpls) {
      if (c != kEeSpki256 && std::strncmp(im.name, "floor_", 6) == 0) {
        continue;  // the floor is the baseline there
      }
      benchmark::RegisterBenchmark(
          (std::string(im.name) + "/" + kCaseName[c]).c_str(), bench, im.once,
          c);
    }
  }
  benchmark::Initialize(&argc, argv);
  Collect rep;
  benchmark::RunSpecifiedBenchmarks(&rep);
#ifdef DANE_BENCH_SANITIZED
  std::printf("WARNING: built with sanitizers; timings are not meaningful\n");
#endif
  // The goal is judged on CPU time (what this process spent); real time is
  // shown beside it (it also counts waiting for the other processes of a
  // shared machine).
  std::printf(
      "\nratios (of medians with --benchmark_repetitions): CPU time (real "
      "time)\n");
  std::printf("%-20s %16s %16s %16s\n", "case", "openssl verif/base",
              "gnutls verif/base", "ossl-DANE/base");
  int over = 0;
  for (int c = 0; c < kCases; c++) {
    const std::string n = kCaseName[c];
    auto &m = results();
    if (m.count("verifier_openssl/" + n) == 0) {
      std::printf("%-20s not run\n", n.c_str());
      continue;
    }
    auto ratio = [&m, &n](const char *a, const char *b, bool real) {
      const auto &x = m[std::string(a) + "/" + n];
      const auto &y = m[std::string(b) + "/" + n];
      return real ? x.second / y.second : x.first / y.first;
    };
    const double ro = ratio("verifier_openssl", "baseline_openssl", false);
    const double rg = ratio("verifier_gnutls", "baseline_gnutls", false);
    const double rn = ratio("openssl_native_dane", "baseline_openssl", false);
    std::printf("%-20s %9.2f (%4.2f) %9.2f (%4.2f) %9.2f (%4.2f)\n", n.c_str(),
                ro, ratio("verifier_openssl", "baseline_openssl", true), rg,
                ratio("verifier_gnutls", "baseline_gnutls", true), rn,
                ratio("openssl_native_dane", "baseline_openssl", true));
    over += (ro > 1.2) + (rg > 1.2);
    if (m.count("floor_openssl/" + n) != 0) {
      std::printf(
          "%-20s openssl verif/floor %4.2f (%4.2f), gnutls verif/floor %4.2f "
          "(%4.2f)\n",
          "", ratio("verifier_openssl", "floor_openssl", false),
          ratio("verifier_openssl", "floor_openssl", true),
          ratio("verifier_gnutls", "floor_gnutls", false),
          ratio("verifier_gnutls", "floor_gnutls", true));
    }
  }
  std::printf("goal: verifier <= 1.2 x baseline (CPU time); cases over: %d\n",
              over);
  benchmark::Shutdown();
  return 0;
}
