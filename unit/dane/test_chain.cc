// The building blocks of dane_chain.h on their own (the whole verification
// is test_verify.cc's): the matcher and its digest cache, the budget, the
// path checker's rule order and the issuer search, on both backends.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "dane_chain.h"
#include "test_certs.h"

namespace {

using namespace dane_test;
using exim_dane::Backend;
using exim_dane::ChainCert;
using exim_dane::Record;

class Chain : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override
  {
    backend_ = GetParam() == 0 ? exim_dane::make_openssl_backend()
                               : exim_dane::make_gnutls_backend();
    ASSERT_TRUE(backend_ != nullptr);
  }

  // Parse the chain (kept alive in ders_) into certs_.
  void parse(const std::vector<Cert> &chain)
  {
    for (const Cert &c : chain) {
      ders_.push_back(der(c));
    }
    certs_.resize(ders_.size());
    for (std::size_t i = 0; i < ders_.size(); i++) {
      ASSERT_TRUE(
          exim_dane::parse_presented(*backend_, ders_[i], nullptr, certs_[i]));
    }
  }

  // A digest record (classified; full-value records need the Verifier).
  void add_record(const std::string &text)
  {
    records_.emplace_back();
    Record &r = records_.back();
    ASSERT_TRUE(exim_dane::parse_presentation(text.c_str(), r.rdata));
    exim_dane::classify_record(r);
    ASSERT_EQ(exim_dane::RecordState::usable, r.state);
  }

  std::unique_ptr<Backend> backend_;
  std::vector<exim_dane::Bytes> ders_;
  std::vector<ChainCert> certs_;
  std::vector<Record> records_;
};

TEST_P(Chain, MatcherDigestsOncePerSelectorAndType)
{
  const Hierarchy h = make_hierarchy();
  parse({h.leaf});
  add_record(tlsa(3, 1, 1, h.leaf));
  add_record(tlsa(3, 0, 2, h.root));
  exim_dane::Matcher m(*backend_);
  EXPECT_FALSE(certs_[0].have[1][0]);
  EXPECT_TRUE(m.matches(records_[0], certs_[0]));
  EXPECT_TRUE(certs_[0].have[1][0]);   // SPKI SHA2-256 now cached
  EXPECT_FALSE(certs_[0].have[0][1]);  // nothing else digested
  EXPECT_TRUE(m.matches(records_[0], certs_[0]));
  EXPECT_FALSE(m.matches(records_[1], certs_[0]));
  EXPECT_TRUE(certs_[0].have[0][1]);
  EXPECT_FALSE(m.error());
}

TEST_P(Chain, BuilderFindsShallowestAnchor)
{
  const Hierarchy h = make_hierarchy();
  parse({h.leaf, h.inter, h.root});
  add_record(tlsa(2, 1, 1, h.root));
  add_record(tlsa(2, 0, 1, h.inter));
  exim_dane::Matcher m(*backend_);
  exim_dane::Budget budget;
  exim_dane::PathChecker checker(*backend_, records_, certs_, kNow, budget);
  exim_dane::PathBuilder builder(records_, certs_, m, checker, budget);
  builder.run(ders_);
  ASSERT_TRUE(builder.best_ok().set);
  EXPECT_EQ(1, builder.best_ok().anchor_depth);  // the intermediate
  EXPECT_EQ(1u, builder.best_ok().rec);
  EXPECT_FALSE(builder.best_fail().set);
  EXPECT_FALSE(budget.limit_hit());
}

TEST_P(Chain, CheckerReportsFirstRuleAtItsDepth)
{
  const Hierarchy h = make_hierarchy();
  parse({h.leaf, h.inter, h.root});
  add_record(tlsa(2, 0, 1, h.root));
  exim_dane::Budget budget;
  // A year and a day on: the leaf has expired (RFC 5280 s4.1.2.5), depth 0.
  exim_dane::PathChecker late(*backend_, records_, certs_, kNow + 86400 * 366,
                              budget);
  exim_dane::PathOutcome o;
  ASSERT_TRUE(late.check({0, 1, 2}, 0, true, o));
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(exim_dane::Reason::expired, o.reason);
  EXPECT_EQ(0, o.depth);
  EXPECT_EQ(2, o.anchor_depth);
  // Now: the same path passes.
  exim_dane::PathChecker now(*backend_, records_, certs_, kNow, budget);
  ASSERT_TRUE(now.check({0, 1, 2}, 0, true, o));
  EXPECT_TRUE(o.ok);
  EXPECT_EQ(exim_dane::Reason::ok, o.reason);
  // The root as the leaf's issuer: a bad signature at depth 0.
  ASSERT_TRUE(now.check({0, 2}, 0, true, o));
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(exim_dane::Reason::bad_signature, o.reason);
  EXPECT_EQ(0, o.depth);
}

INSTANTIATE_TEST_SUITE_P(Backends, Chain, ::testing::Values(0, 1),
                         [](const ::testing::TestParamInfo<int> &p) {
                           return std::string(p.param == 0 ? "openssl"
                                                           : "gnutls");
                         });

TEST(Budget, VisitsAndWorkAreBounded)
{
  exim_dane::Budget b;
  for (unsigned i = 0; i < exim_dane::kMaxVisits; i++) {
    ASSERT_TRUE(b.take_visit());
  }
  EXPECT_FALSE(b.spent());
  EXPECT_FALSE(b.take_visit());
  EXPECT_TRUE(b.spent());
  exim_dane::Budget w;
  EXPECT_TRUE(w.charge(exim_dane::kMaxWork));
  EXPECT_FALSE(w.charge(1));
  EXPECT_TRUE(w.spent());
  EXPECT_FALSE(w.limit_hit());  // only the search decides that
}

TEST(PathOutcome, LowestAnchorThenRecordOrder)
{
  exim_dane::PathOutcome unset, a, b;
  a.set = b.set = true;
  a.anchor_depth = 1;
  a.rec = 3;
  b.anchor_depth = 2;
  b.rec = 0;
  EXPECT_TRUE(a.better_than(unset));
  EXPECT_TRUE(a.better_than(b));
  EXPECT_FALSE(b.better_than(a));
  b.anchor_depth = 1;
  EXPECT_TRUE(b.better_than(a));  // same depth: the earlier record
}

}  // namespace
