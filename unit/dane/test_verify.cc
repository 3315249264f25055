// Whole-verification tests through the C ABI, run on BOTH backends, with
// certificates made at test time (test_certs.cc).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "dane_verify.h"
#include "test_certs.h"

namespace {

using namespace dane_test;

struct Result {
  dane_result res{};
  std::vector<dane_record_state> states;
  std::string name;
};

class Verify : public ::testing::TestWithParam<dane_backend_id> {
 protected:
  Result run(const std::vector<std::string> &tlsa,
             const std::vector<Cert> &chain,
             const std::vector<std::string> &names = {"mx.example.net"},
             std::int64_t now = kNow)
  {
    std::vector<Bytes> ders;
    for (const Cert &c : chain) {
      ders.push_back(der(c));
    }
    return run_der(tlsa, ders, names, now);
  }

  Result run_der(const std::vector<std::string> &tlsa,
                 const std::vector<Bytes> &chain,
                 const std::vector<std::string> &names, std::int64_t now = kNow)
  {
    Result r;
    dane_ctx *ctx = nullptr;
    EXPECT_EQ(DANE_STATUS_OK, dane_ctx_new(GetParam(), &ctx));
    for (const std::string &t : tlsa) {
      EXPECT_EQ(DANE_STATUS_OK, dane_add_tlsa_text(ctx, t.c_str())) << t;
    }
    for (const std::string &n : names) {
      EXPECT_EQ(DANE_STATUS_OK, dane_add_reference_name(ctx, n.c_str()));
    }
    dane_set_time(ctx, static_cast<time_t>(now));
    for (const Bytes &d : chain) {
      EXPECT_EQ(DANE_STATUS_OK, dane_add_chain_der(ctx, d.data(), d.size()));
    }
    EXPECT_EQ(DANE_STATUS_OK, dane_verify(ctx, &r.res));
    for (size_t i = 0; i < dane_num_records(ctx); i++) {
      dane_record_info info;
      dane_get_record(ctx, i, &info);
      r.states.push_back(info.state);
    }
    r.name = r.res.matched_name ? r.res.matched_name : "-";
    dane_ctx_free(ctx);
    return r;
  }
};

#define EXPECT_VERDICT(r, reason_, depth_)                          \
  do {                                                              \
    EXPECT_STREQ(reason_, dane_reason_text((r).res.reason));        \
    EXPECT_EQ(depth_, (r).res.depth);                               \
    EXPECT_EQ(std::string(reason_) == "ok", (r).res.verified == 1); \
  } while (0)

TEST_P(Verify, DaneEeAllForms)
{
  const Hierarchy h = make_hierarchy();
  for (int s = 0; s <= 1; s++) {
    for (int m = 0; m <= 2; m++) {
      const Result r = run({tlsa(3, s, m, h.leaf)}, {h.leaf});
      EXPECT_VERDICT(r, "ok", 0);
      EXPECT_EQ(3, r.res.usage);
      EXPECT_EQ(s, r.res.selector);
      EXPECT_EQ(m, r.res.mtype);
      EXPECT_EQ("-", r.name);
      EXPECT_EQ(DANE_USAGE_BIT_EE, r.res.usage_bits);
    }
  }
}

TEST_P(Verify, DaneEeIgnoresNameDatesAndChain)
{
  const Key k = make_key("ec256");
  Spec s;
  s.cn = "wrong.example.org";
  s.sans = {"wrong.example.org"};
  s.not_after = kNow - 100;  // expired
  s.bc = false;
  const Cert leaf = make_cert(s, k, nullptr, nullptr);
  const Result r = run({tlsa(3, 1, 1, leaf)}, {leaf});
  EXPECT_VERDICT(r, "ok", 0);
}

TEST_P(Verify, AgilityWeakerDigestDropped)
{
  const Hierarchy h = make_hierarchy();
  // 3 1 2 that does not match beside a matching 3 1 1: RFC 7671 s9.
  const Result r =
      run({tlsa(3, 1, 1, h.leaf), tlsa(3, 1, 2, h.root)}, {h.leaf});
  EXPECT_VERDICT(r, "no-match", -1);
  ASSERT_EQ(2u, r.states.size());
  EXPECT_EQ(DANE_RECORD_WEAKER_DIGEST, r.states[0]);
  EXPECT_EQ(DANE_RECORD_USABLE, r.states[1]);
}

TEST_P(Verify, PreferEeOverTaAndLowestDepth)
{
  const Hierarchy h = make_hierarchy();
  const Result r = run(
      {tlsa(2, 0, 1, h.root), tlsa(2, 0, 1, h.inter), tlsa(3, 1, 1, h.leaf)},
      {h.leaf, h.inter, h.root});
  EXPECT_VERDICT(r, "ok", 0);
  EXPECT_EQ(3, r.res.usage);
  EXPECT_EQ(2, r.res.record_index);
  EXPECT_EQ(DANE_USAGE_BIT_EE | DANE_USAGE_BIT_TA, r.res.usage_bits);
  const Result t = run({tlsa(2, 0, 1, h.root), tlsa(2, 0, 1, h.inter)},
                       {h.leaf, h.inter, h.root});
  EXPECT_VERDICT(t, "ok", 1);
  EXPECT_EQ(1, t.res.record_index);
  EXPECT_EQ("mx.example.net", t.name);
}

TEST_P(Verify, DaneTaInChainDepths)
{
  const Hierarchy h = make_hierarchy();
  EXPECT_VERDICT(run({tlsa(2, 0, 1, h.root)}, {h.leaf, h.inter, h.root}), "ok",
                 2);
  EXPECT_VERDICT(run({tlsa(2, 1, 2, h.inter)}, {h.leaf, h.inter}), "ok", 1);
  EXPECT_VERDICT(run({tlsa(2, 0, 0, h.inter)}, {h.leaf, h.inter}), "ok", 1);
  // TA record matching only the leaf is not an anchor.
  EXPECT_VERDICT(run({tlsa(2, 0, 1, h.leaf)}, {h.leaf, h.inter}), "no-path",
                 -1);
}

TEST_P(Verify, DaneTaNotSent)
{
  const Hierarchy h = make_hierarchy();
  Result r = run({tlsa(2, 1, 0, h.root)}, {h.leaf, h.inter});
  EXPECT_VERDICT(r, "ok", 2);
  r = run({tlsa(2, 0, 0, h.root)}, {h.leaf, h.inter});
  EXPECT_VERDICT(r, "ok", 2);
  r = run({tlsa(2, 1, 0, h.inter)}, {h.leaf});
  EXPECT_VERDICT(r, "ok", 1);
  // Digest TA not sent: cannot anchor.
  r = run({tlsa(2, 1, 1, h.root)}, {h.leaf, h.inter});
  EXPECT_VERDICT(r, "no-match", -1);
  // Another key: no path.
  const Hierarchy other = make_hierarchy();
  r = run({tlsa(2, 1, 0, other.root)}, {h.leaf, h.inter});
  EXPECT_VERDICT(r, "no-path", -1);
}

TEST_P(Verify, DaneTaNameChecks)
{
  const Hierarchy h = make_hierarchy({"mx.example.net", "*.example.org"});
  Result r = run({tlsa(2, 0, 1, h.root)}, {h.leaf, h.inter, h.root},
                 {"other.example.net"});
  EXPECT_VERDICT(r, "name-mismatch", 0);
  EXPECT_STREQ("certificate-host-mismatch", dane_reason_tlsrpt(r.res.reason));
  r = run({tlsa(2, 0, 1, h.root)}, {h.leaf, h.inter, h.root},
          {"other.example.net", "a.example.org."});
  EXPECT_VERDICT(r, "ok", 2);
  EXPECT_EQ("a.example.org", r.name);
  r = run({tlsa(2, 0, 1, h.root)}, {h.leaf, h.inter, h.root}, {"example.org"});
  EXPECT_VERDICT(r, "name-mismatch", 0);
}

TEST_P(Verify, OutOfOrderAndExtraCerts)
{
  const Hierarchy h = make_hierarchy();
  const Hierarchy x = make_hierarchy();
  const Result r = run({tlsa(2, 0, 1, h.root)},
                       {h.leaf, x.inter, h.root, x.leaf, h.inter, x.root});
  EXPECT_VERDICT(r, "ok", 2);
}

TEST_P(Verify, ExpiryBelowAnchor)
{
  Hierarchy h = make_hierarchy();
  // Expired leaf under DANE-TA fails; under DANE-EE passes.
  Spec l;
  l.cn = "mx.example.net";
  l.not_after = kNow - 1;
  const Cert old = make_cert(l, h.leaf_key, h.inter, h.int_key);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, h.inter)}, {old, h.inter}), "expired", 0);
  EXPECT_VERDICT(run({tlsa(3, 0, 1, old)}, {old, h.inter}), "ok", 0);
  l.not_before = kNow + 10;
  l.not_after = kNow + 1000;
  const Cert young = make_cert(l, h.leaf_key, h.inter, h.int_key);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, h.inter)}, {young, h.inter}),
                 "not-yet-valid", 0);
  // The anchor's own dates are not checked.
  Spec a;
  a.cn = "Old CA";
  a.ca = true;
  a.not_after = kNow - 1000;
  const Key ak = make_key("ec256");
  const Cert old_ca = make_cert(a, ak, nullptr, nullptr);
  Spec l2;
  l2.cn = "mx.example.net";
  const Cert leaf2 = make_cert(l2, h.leaf_key, old_ca, ak);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, old_ca)}, {leaf2, old_ca}), "ok", 1);
  // "2 1 0" not sent: the topmost presented cert must be unexpired.
  Spec i;
  i.cn = "Test Intermediate";
  i.ca = true;
  i.not_after = kNow - 1;
  const Cert old_int = make_cert(i, h.int_key, h.root, h.root_key);
  EXPECT_VERDICT(run({tlsa(2, 1, 0, h.root)}, {h.leaf, old_int}), "expired", 1);
}

TEST_P(Verify, IssuerRules)
{
  Hierarchy h = make_hierarchy();
  Spec i;
  i.cn = "Test Intermediate";
  i.ca = false;  // not a CA
  Cert bad = make_cert(i, h.int_key, h.root, h.root_key);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, h.root)}, {h.leaf, bad, h.root}),
                 "issuer-not-ca", 1);
  i.ca = true;
  i.ku = "digitalSignature";  // no keyCertSign
  bad = make_cert(i, h.int_key, h.root, h.root_key);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, h.root)}, {h.leaf, bad, h.root}),
                 "key-usage", 1);
  // pathlen:0 on the root, one intermediate below it.
  Spec r;
  r.cn = "Test Root";
  r.ca = true;
  r.pathlen = 0;
  const Cert root0 = make_cert(r, h.root_key, nullptr, nullptr);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, root0)}, {h.leaf, h.inter, root0}),
                 "path-length", 2);
  r.pathlen = 1;
  const Cert root1 = make_cert(r, h.root_key, nullptr, nullptr);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, root1)}, {h.leaf, h.inter, root1}), "ok",
                 2);
}

TEST_P(Verify, BadSignature)
{
  Hierarchy h = make_hierarchy();
  // Same issuer name, signed by another key.
  Spec l;
  l.cn = "mx.example.net";
  const Key rogue = make_key("ec256");
  const Cert forged = make_cert(l, h.leaf_key, h.inter, rogue);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, h.inter)}, {forged, h.inter}),
                 "bad-signature", 0);
}

TEST_P(Verify, WeakAlgorithms)
{
  Hierarchy h = make_hierarchy();
  Spec l;
  l.cn = "mx.example.net";
  l.md = "sha1";
  const Cert sha1 = make_cert(l, h.leaf_key, h.inter, h.int_key);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, h.inter)}, {sha1, h.inter}),
                 "weak-algorithm", 0);
  EXPECT_VERDICT(run({tlsa(3, 1, 1, sha1)}, {sha1, h.inter}), "ok", 0);
  const Key small = make_key("rsa1024");
  Spec c;
  c.cn = "Small CA";
  c.ca = true;
  const Cert small_ca = make_cert(c, small, nullptr, nullptr);
  l.md = "sha256";
  const Cert leaf = make_cert(l, h.leaf_key, small_ca, small);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, small_ca)}, {leaf, small_ca}),
                 "weak-algorithm", 1);
  const Key big = make_key("rsa2048");
  const Cert big_ca = make_cert(c, big, nullptr, nullptr);
  const Cert leaf2 = make_cert(l, h.leaf_key, big_ca, big);
  EXPECT_VERDICT(run({tlsa(2, 1, 0, big_ca)}, {leaf2}), "ok", 1);
  // A weak leaf key: refused on a DANE-TA path, pinned by DANE-EE.
  const Cert weak_leaf = make_cert(l, small, h.inter, h.int_key);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, h.inter)}, {weak_leaf, h.inter}),
                 "weak-algorithm", 0);
  EXPECT_VERDICT(run({tlsa(3, 1, 1, weak_leaf)}, {weak_leaf, h.inter}), "ok",
                 0);
  const Key ed = make_key("ed25519");
  Spec ec;
  ec.cn = c.cn;
  ec.ca = true;
  ec.md = "";
  const Cert ed_ca = make_cert(ec, ed, nullptr, nullptr);
  Spec le;
  le.cn = "mx.example.net";
  le.md = "";
  const Cert leaf3 = make_cert(le, h.leaf_key, ed_ca, ed);
  EXPECT_VERDICT(run({tlsa(2, 0, 2, ed_ca)}, {leaf3, ed_ca}), "ok", 1);
}

TEST_P(Verify, NameConstraintsOfFullCertAnchor)
{
  const Key rk = make_key("ec256");
  Spec r;
  r.cn = "Constrained Root";
  r.ca = true;
  r.nc = "permitted;DNS:example.net";
  const Cert root = make_cert(r, rk, nullptr, nullptr);
  Spec l;
  l.cn = "x";
  l.sans = {"mx.example.com"};
  const Key lk = make_key("ec256");
  const Cert bad = make_cert(l, lk, root, rk);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, root)}, {bad, root}, {"mx.example.com"}),
                 "name-constraints", 0);
  // The same anchor sent and matched by its key (selector 1) keeps its
  // certificate's constraints (issue 9 item 3; RFC 7671 s5.2.1).
  EXPECT_VERDICT(run({tlsa(2, 1, 1, root)}, {bad, root}, {"mx.example.com"}),
                 "name-constraints", 0);
  EXPECT_VERDICT(run({tlsa(2, 1, 0, root)}, {bad, root}, {"mx.example.com"}),
                 "name-constraints", 0);
  // A bare key not sent has no certificate, so no constraints.
  EXPECT_VERDICT(run({tlsa(2, 1, 0, root)}, {bad}, {"mx.example.com"}), "ok",
                 1);
  l.sans = {"mx.example.net"};
  const Cert good = make_cert(l, lk, root, rk);
  EXPECT_VERDICT(run({tlsa(2, 0, 0, root)}, {good}), "ok", 1);
}

// Issue 9 items 1 and 2: on DANE-TA paths an unknown critical extension
// (RFC 5280 s4.2) and an EKU without serverAuth (s4.2.1.12) refuse any
// certificate of the path; a leaf keyUsage must allow a TLS server
// (s4.2.1.3).  DANE-EE checks none of it (RFC 7672 s3.1.1).
TEST_P(Verify, ExtensionRulesOnTaPathsOnly)
{
  const Hierarchy h = make_hierarchy();
  auto leaf_with = [&h](std::vector<std::pair<std::string, std::string>> exts,
                        const std::string &ku) {
    Spec l;
    l.cn = "mx.example.net";
    l.sans = {"mx.example.net"};
    l.ku = ku;
    l.exts = std::move(exts);
    return make_cert(l, make_key("ec256"), h.inter, h.int_key);
  };
  struct Row {
    std::vector<std::pair<std::string, std::string>> exts;
    std::string ku;
    const char *ta_verdict;
  };
  const Row rows[] = {
      {{{"1.3.6.1.4.1.32473.1", "critical,DER:0500"}},
       "digitalSignature",
       "critical-extension"},
      {{{"1.3.6.1.4.1.32473.1", "DER:0500"}}, "digitalSignature", "ok"},
      {{{"subjectKeyIdentifier", "critical,hash"}},
       "digitalSignature",
       "critical-extension"},
      {{{"2.5.29.32", "critical,DER:300a3008060667810c010201"}},
       "digitalSignature",
       "ok"},  // certificatePolicies: 2.23.140.1.2.1
      {{{"extendedKeyUsage", "clientAuth"}}, "digitalSignature", "key-usage"},
      {{{"extendedKeyUsage", "anyExtendedKeyUsage"}},
       "digitalSignature",
       "key-usage"},
      {{{"extendedKeyUsage", "critical,serverAuth,clientAuth"}},
       "digitalSignature",
       "ok"},
      {{}, "keyCertSign", "key-usage"},
      {{}, "keyAgreement", "ok"},
      {{}, "", "ok"},
  };
  for (const Row &r : rows) {
    const Cert leaf = leaf_with(r.exts, r.ku);
    const int depth = std::string(r.ta_verdict) == "ok" ? 2 : 0;
    EXPECT_VERDICT(run({tlsa(2, 0, 1, h.root)}, {leaf, h.inter, h.root}),
                   r.ta_verdict, depth);
    EXPECT_VERDICT(run({tlsa(3, 1, 1, leaf)}, {leaf, h.inter, h.root}), "ok",
                   0);
  }
}

TEST_P(Verify, StructuralFailures)
{
  const Hierarchy h = make_hierarchy();
  EXPECT_VERDICT(run({}, {h.leaf}), "no-records", -1);
  Result r = run({"1 1 1 " + std::string(64, 'a'), "3 1 1 00"}, {h.leaf});
  EXPECT_VERDICT(r, "no-usable-records", -1);
  EXPECT_EQ(DANE_RECORD_PKIX_USAGE, r.states[0]);
  EXPECT_EQ(DANE_RECORD_BAD_DIGEST_LENGTH, r.states[1]);
  EXPECT_STREQ("tlsa-invalid", dane_reason_tlsrpt(r.res.reason));
  r = run({"3 0 0 3000", "2 1 0 300a"}, {h.leaf});
  EXPECT_EQ(DANE_RECORD_BAD_CERTIFICATE, r.states[0]);
  EXPECT_EQ(DANE_RECORD_BAD_SPKI, r.states[1]);
  EXPECT_VERDICT(run({tlsa(3, 1, 1, h.leaf)}, {}), "chain-empty", -1);
  std::vector<Cert> longc(17, h.leaf);
  EXPECT_VERDICT(run({tlsa(3, 1, 1, h.leaf)}, longc), "chain-too-long", -1);
  Bytes trunc = der(h.leaf);
  trunc.resize(trunc.size() - 1);
  EXPECT_VERDICT(run_der({tlsa(3, 1, 1, h.leaf)}, {trunc}, {"mx.example.net"}),
                 "chain-malformed", 0);
  Bytes trailing = der(h.leaf);
  trailing.push_back(0);
  EXPECT_VERDICT(
      run_der({tlsa(3, 1, 1, h.leaf)}, {trailing}, {"mx.example.net"}),
      "chain-malformed", 0);
  EXPECT_VERDICT(run({tlsa(3, 1, 1, h.root)}, {h.leaf}), "no-match", -1);
}

TEST_P(Verify, LoopingIssuersTerminate)
{
  // Two CAs that issue each other, plus a leaf under one; no anchor.
  const Key ka = make_key("ec256");
  const Key kb = make_key("ec256");
  Spec a;
  a.cn = "Loop A";
  a.ca = true;
  Spec b;
  b.cn = "Loop B";
  b.ca = true;
  const Cert a0 = make_cert(a, ka, nullptr, nullptr);
  const Cert b_by_a = make_cert(b, kb, a0, ka);
  const Cert a_by_b = make_cert(a, ka, b_by_a, kb);
  Spec l;
  l.cn = "mx.example.net";
  const Key lk = make_key("ec256");
  const Cert leaf = make_cert(l, lk, a0, ka);
  std::vector<Cert> chain = {leaf};
  for (int i = 0; i < 7; i++) {
    chain.push_back(a_by_b);
    chain.push_back(b_by_a);
  }
  const Hierarchy other = make_hierarchy();
  Result r = run({tlsa(2, 1, 0, other.root)}, chain);
  EXPECT_EQ(0, r.res.verified);
  // And with an anchor key in the loop: found.
  r = run({tlsa(2, 1, 0, b_by_a)}, chain);
  EXPECT_EQ(1, r.res.verified);
}

TEST_P(Verify, HostileSizesTerminate)
{
  // A constrained root with 200 subtrees, a leaf with 300 SANs, and the
  // leaf and root presented 15 times: bounded work, a clear verdict.
  const Key rk = make_key("ec256");
  Spec r;
  r.cn = "Constrained Root";
  r.ca = true;
  for (int i = 0; i < 200; i++) {
    r.nc += (i ? ",permitted;DNS:d" : "permitted;DNS:d") + std::to_string(i) +
            ".example";
  }
  const Cert root = make_cert(r, rk, nullptr, nullptr);
  Spec l;
  l.cn = "x";
  for (int i = 0; i < 300; i++) {
    l.sans.push_back("h" + std::to_string(i) + ".d199.example");
  }
  l.sans.push_back("mx.example.net");  // outside the constraints
  const Key lk = make_key("ec256");
  const Cert leaf = make_cert(l, lk, root, rk);
  std::vector<Cert> chain = {leaf};
  for (int i = 0; i < 15; i++) {
    chain.push_back(root);
  }
  const auto t0 = std::chrono::steady_clock::now();
  const Result res =
      run({tlsa(2, 0, 1, root), tlsa(2, 0, 2, root), tlsa(2, 0, 0, root)},
          chain, {"h5.d199.example"});
  const auto secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  EXPECT_EQ(0, res.res.verified);
  EXPECT_STREQ("name-constraints", dane_reason_text(res.res.reason));
  EXPECT_LT(secs, 10.0);
  // Within the name cap (256): 250 names; the offending one is caught...
  l.sans.erase(l.sans.begin() + 249, l.sans.end() - 1);
  ASSERT_EQ(250u, l.sans.size());
  chain[0] = make_cert(l, lk, root, rk);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, root)}, chain, {"h5.d199.example"}),
                 "name-constraints", 0);
  // ... and without it the same shape verifies.
  l.sans.pop_back();
  chain[0] = make_cert(l, lk, root, rk);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, root)}, chain, {"h5.d199.example"}), "ok",
                 1);
}

TEST_P(Verify, CertNameCheckApi)
{
  const Hierarchy h = make_hierarchy({"mx.example.net", "*.example.org"});
  const Bytes d = der(h.leaf);
  int match = -1;
  ASSERT_EQ(DANE_STATUS_OK, dane_cert_name_check(GetParam(), d.data(), d.size(),
                                                 "MX.example.net.", &match));
  EXPECT_EQ(1, match);
  ASSERT_EQ(DANE_STATUS_OK, dane_cert_name_check(GetParam(), d.data(), d.size(),
                                                 "leaf", &match));
  EXPECT_EQ(0, match);  // CN ignored when DNS SANs exist
  ASSERT_EQ(DANE_STATUS_OK, dane_cert_name_check(GetParam(), d.data(), d.size(),
                                                 "b.example.org", &match));
  EXPECT_EQ(1, match);
  Spec s;
  s.cn = "cn.example.net";
  const Key k = make_key("ec256");
  const Bytes c = der(make_cert(s, k, nullptr, nullptr));
  ASSERT_EQ(DANE_STATUS_OK, dane_cert_name_check(GetParam(), c.data(), c.size(),
                                                 "cn.example.net", &match));
  EXPECT_EQ(1, match);
}

TEST_P(Verify, NulInSanNeverMatchesAndBlocksCn)
{
  Hierarchy h = make_hierarchy();
  Spec l;
  l.cn = "mx.example.net";
  l.raw_sans = {std::string("mx.example.net\0.evil.org", 24)};
  const Cert leaf = make_cert(l, h.leaf_key, h.inter, h.int_key);
  const Bytes d = der(leaf);
  int match = -1;
  ASSERT_EQ(DANE_STATUS_OK, dane_cert_name_check(GetParam(), d.data(), d.size(),
                                                 "mx.example.net", &match));
  EXPECT_EQ(0, match);
  ASSERT_EQ(DANE_STATUS_OK,
            dane_cert_name_check(GetParam(), d.data(), d.size(),
                                 "mx.example.net.evil.org", &match));
  EXPECT_EQ(0, match);
  EXPECT_VERDICT(run({tlsa(2, 0, 1, h.inter)}, {leaf, h.inter}),
                 "name-mismatch", 0);
}

TEST_P(Verify, ClearChainReusesRecords)
{
  const Hierarchy h = make_hierarchy();
  const Hierarchy other = make_hierarchy();
  dane_ctx *ctx = nullptr;
  ASSERT_EQ(DANE_STATUS_OK, dane_ctx_new(GetParam(), &ctx));
  ASSERT_EQ(DANE_STATUS_OK,
            dane_add_tlsa_text(ctx, tlsa(2, 1, 0, h.root).c_str()));
  ASSERT_EQ(DANE_STATUS_OK, dane_add_reference_name(ctx, "mx.example.net"));
  dane_set_time(ctx, static_cast<time_t>(kNow));
  for (const Cert &c : {h.leaf, h.inter}) {
    const Bytes d = der(c);
    dane_add_chain_der(ctx, d.data(), d.size());
  }
  dane_result res;
  ASSERT_EQ(DANE_STATUS_OK, dane_verify(ctx, &res));
  EXPECT_EQ(1, res.verified);
  EXPECT_STREQ("mx.example.net", res.matched_name);
  EXPECT_EQ(DANE_USAGE_BIT_TA, res.usage_bits);
  ASSERT_EQ(DANE_STATUS_OK, dane_clear_chain(ctx));
  EXPECT_EQ(DANE_STATUS_NOT_VERIFIED_YET, dane_get_result(ctx, &res));
  for (const Cert &c : {other.leaf, other.inter}) {
    const Bytes d = der(c);
    dane_add_chain_der(ctx, d.data(), d.size());
  }
  ASSERT_EQ(DANE_STATUS_OK, dane_verify(ctx, &res));
  EXPECT_EQ(0, res.verified);
  EXPECT_EQ(DANE_REASON_NO_PATH, res.reason);
  EXPECT_EQ(nullptr, res.matched_name);
  dane_ctx_free(ctx);
}

// dane_add_chain_der_hint: the DER is the authority.  A hint that encodes
// to the DER gives the verdict the DER alone gives; a hint of another
// certificate is ignored (OpenSSL) or never looked at (GnuTLS).
Result run_hinted(dane_backend_id backend, const std::string &tlsa_text,
                  const std::vector<Cert> &chain,
                  const std::vector<Cert> &hints)
{
  Result r;
  dane_ctx *ctx = nullptr;
  EXPECT_EQ(DANE_STATUS_OK, dane_ctx_new(backend, &ctx));
  EXPECT_EQ(DANE_STATUS_OK, dane_add_tlsa_text(ctx, tlsa_text.c_str()));
  EXPECT_EQ(DANE_STATUS_OK, dane_add_reference_name(ctx, "mx.example.net"));
  dane_set_time(ctx, static_cast<time_t>(kNow));
  for (std::size_t i = 0; i < chain.size(); i++) {
    const Bytes d = der(chain[i]);
    EXPECT_EQ(DANE_STATUS_OK, dane_add_chain_der_hint(
                                  ctx, d.data(), d.size(),
                                  i < hints.size() ? hints[i].get() : nullptr));
  }
  EXPECT_EQ(DANE_STATUS_OK, dane_verify(ctx, &r.res));
  dane_ctx_free(ctx);
  return r;
}

TEST_P(Verify, ChainHintsNeverChangeTheVerdict)
{
  const Hierarchy h = make_hierarchy();
  const std::string ta = tlsa(2, 1, 0, h.root);
  // The library's own objects: the same verdict as the DER alone.
  EXPECT_VERDICT(run_hinted(GetParam(), ta, {h.leaf, h.inter}, {}), "ok", 2);
  EXPECT_VERDICT(
      run_hinted(GetParam(), ta, {h.leaf, h.inter}, {h.leaf, h.inter}), "ok",
      2);
  // An intermediate with the right key and name but signed by another
  // root: its DER fails, so a hint that would verify (h.inter) must not be
  // used in its place.
  const Hierarchy other = make_hierarchy();
  Spec i;
  i.cn = "Test Intermediate";
  i.ca = true;
  i.ku = "keyCertSign,cRLSign";
  const Cert forged = make_cert(i, h.int_key, other.root, other.root_key);
  EXPECT_VERDICT(run_hinted(GetParam(), ta, {h.leaf, forged}, {}), "no-path",
                 -1);
  EXPECT_VERDICT(
      run_hinted(GetParam(), ta, {h.leaf, forged}, {h.leaf, h.inter}),
      "no-path", -1);
  // Hints of unrelated certificates: ignored.
  EXPECT_VERDICT(
      run_hinted(GetParam(), ta, {h.leaf, h.inter}, {other.leaf, other.inter}),
      "ok", 2);
  // A hint under DANE-EE (not parsed at all) and a hint of the leaf for
  // a chain whose leaf is another: the DER decides.
  EXPECT_VERDICT(
      run_hinted(GetParam(), tlsa(3, 1, 1, h.leaf), {h.leaf}, {other.leaf}),
      "ok", 0);
  EXPECT_VERDICT(
      run_hinted(GetParam(), ta, {other.leaf, h.inter}, {h.leaf, h.inter}),
      "bad-signature", 0);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, Verify,
    ::testing::Values(DANE_BACKEND_OPENSSL, DANE_BACKEND_GNUTLS),
    [](const ::testing::TestParamInfo<dane_backend_id> &i) {
      return std::string(i.param == DANE_BACKEND_OPENSSL ? "openssl"
                                                         : "gnutls");
    });

}  // namespace
