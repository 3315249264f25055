// The RFC 7672 outcome rules (dane_policy.cc) through their C ABI
// (dane_policy_abi.h), driven by vectors/policy.vec: each case is a host, a
// scripted sequence of lookups the rules must ask for with the answers to
// give, and the expected decision.  The format is documented at the top of
// policy.vec.  One GoogleTest per case (PolicyVec.Case/<name>).
#include <gtest/gtest.h>

#include <cctype>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dane_policy_abi.h"
#include "dane_verify.h"

#ifndef POLICY_VEC
#error "POLICY_VEC must name vectors/policy.vec"
#endif

namespace {

struct ScriptAnswer {
  dane_rules_rcode rcode = DANE_RULES_RC_OK;
  int secure = 0;
  std::vector<std::string> names;
  std::vector<dane_rules_tlsa> records;
  size_t total = 0;
  int unclassified = 0;
};

struct ScriptStep {
  std::string query;  // "MX", "CNAME", "TLSA"
  std::string qname;
  ScriptAnswer answer;
  bool answered = false;
};

struct Case {
  std::string name;
  int line = 0;
  std::string host, nexthop;
  bool have_nexthop = false;
  dane_rules_host h{};
  std::vector<ScriptStep> steps;
  std::vector<std::string> expect;  // "key value..." lines, checked in order
};

std::vector<std::string> split(const std::string &s)
{
  std::istringstream in(s);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) {
    out.push_back(w);
  }
  return out;
}

std::string rest(const std::string &line, const std::string &key)
{
  std::string s = line.substr(line.find(key) + key.size());
  const size_t b = s.find_first_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b);
}

bool parse_rcode(const std::string &w, dane_rules_rcode &rc)
{
  static const char *const kNames[] = {"ok",    "nxdomain", "nodata",
                                       "again", "fail",     "malformed"};
  for (int i = 0; i < 6; i++) {
    if (w == kNames[i]) {
      rc = static_cast<dane_rules_rcode>(i);
      return true;
    }
  }
  return false;
}

bool parse_state(const std::string &w, dane_record_state &st)
{
  for (int i = 0; i < DANE_RECORD__COUNT; i++) {
    const auto s = static_cast<dane_record_state>(i);
    if (w == dane_record_state_text(s)) {
      st = s;
      return true;
    }
  }
  return false;
}

// "answer RCODE [secure|insecure] [total N] [unclassified] [names N...]"
bool parse_answer(const std::vector<std::string> &w, ScriptAnswer &a)
{
  if (w.size() < 2 || !parse_rcode(w[1], a.rcode)) {
    return false;
  }
  for (size_t i = 2; i < w.size(); i++) {
    if (w[i] == "secure" || w[i] == "insecure") {
      a.secure = w[i] == "secure";
    } else if (w[i] == "unclassified") {
      a.unclassified = 1;
    } else if (w[i] == "total" && i + 1 < w.size()) {
      a.total = std::stoul(w[++i]);
    } else if (w[i] == "names") {
      a.names.assign(w.begin() + static_cast<long>(i) + 1, w.end());
      return true;
    } else {
      return false;
    }
  }
  return true;
}

// "record U S M LEN STATE"
bool parse_record(const std::vector<std::string> &w, Case &c)
{
  dane_rules_tlsa t{};
  if (w.size() != 6 || c.steps.empty() || !c.steps.back().answered ||
      !parse_state(w[5], t.state)) {
    return false;
  }
  t.usage = std::stoi(w[1]);
  t.selector = std::stoi(w[2]);
  t.mtype = std::stoi(w[3]);
  t.data_len = std::stoul(w[4]);
  c.steps.back().answer.records.push_back(t);
  return true;
}

bool parse_host_line(const std::vector<std::string> &w, Case &c)
{
  const std::string &k = w[0];
  if (k == "host" && w.size() == 2) {
    c.host = w[1];
  } else if (k == "nexthop" && w.size() == 2) {
    c.nexthop = w[1];
    c.have_nexthop = true;
  } else if (k == "port" && w.size() == 2) {
    c.h.port = std::stoi(w[1]);
  } else if (k == "mx" && w.size() == 1) {
    c.h.is_mx = 1;
  } else if (k == "ip-literal" && w.size() == 1) {
    c.h.ip_literal = 1;
  } else if (k == "required" && w.size() == 1) {
    c.h.required = 1;
  } else if (k == "dnssec" && w.size() == 2) {
    c.h.addr_dnssec = w[1] == "yes"  ? DANE_RULES_DNSSEC_YES
                      : w[1] == "no" ? DANE_RULES_DNSSEC_NO
                                     : DANE_RULES_DNSSEC_UNKNOWN;
  } else {
    return false;
  }
  return true;
}

bool parse_line(const std::string &line, Case &c)
{
  const std::vector<std::string> w = split(line);
  const std::string &k = w[0];
  if (k == "ask" && w.size() == 3) {
    c.steps.push_back(ScriptStep{w[1], w[2], {}, false});
  } else if (k == "answer") {
    if (c.steps.empty() || c.steps.back().answered) {
      return false;
    }
    c.steps.back().answered = true;
    return parse_answer(w, c.steps.back().answer);
  } else if (k == "record") {
    return parse_record(w, c);
  } else if (k == "expect" || k == "reason" || k == "tlsrpt" || k == "scope" ||
             k == "base" || k == "bases" || k == "names" || k == "records" ||
             k == "domain-dependent") {
    c.expect.push_back(k == "reason" ? "reason " + rest(line, "reason")
                                     : line.substr(line.find(k)));
  } else {
    return parse_host_line(w, c);
  }
  return true;
}

struct Loaded {
  std::vector<Case> cases;
  std::vector<std::string> errors;
};

Loaded load(const char *path)
{
  Loaded l;
  std::ifstream in(path);
  if (!in) {
    l.errors.push_back(std::string("cannot open ") + path);
    return l;
  }
  std::string line;
  for (int n = 1; std::getline(in, line); n++) {
    const size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos || line[b] == '#') {
      continue;
    }
    const std::vector<std::string> w = split(line);
    if (w[0] == "case" && w.size() == 2) {
      l.cases.push_back(Case{});
      l.cases.back().name = w[1];
      l.cases.back().line = n;
      l.cases.back().h.port = 25;
    } else if (l.cases.empty() || !parse_line(line, l.cases.back())) {
      l.errors.push_back("line " + std::to_string(n) + ": " + line);
    }
  }
  return l;
}

const Loaded &vectors()
{
  static const Loaded l = load(POLICY_VEC);
  return l;
}

std::string join(const std::vector<std::string> &v)
{
  std::string s;
  for (const std::string &x : v) {
    s += (s.empty() ? "" : " ") + x;
  }
  return s.empty() ? "-" : s;
}

std::string opt(const char *s)
{
  return s != nullptr ? s : "-";
}

// The decision's fields in the file's words.
std::string actual(const dane_rules_ctx *r, const dane_rules_decision &d,
                   const std::string &key)
{
  if (key == "expect") {
    return dane_rules_outcome_text(d.outcome);
  }
  if (key == "reason") {
    return opt(d.reason);
  }
  if (key == "tlsrpt") {
    return opt(d.tlsrpt);
  }
  if (key == "scope") {
    return d.scope == DANE_RULES_SCOPE_DOMAIN ? "domain" : "host";
  }
  if (key == "base") {
    return opt(d.base);
  }
  if (key == "domain-dependent") {
    return d.domain_dependent ? "yes" : "no";
  }
  std::vector<std::string> v;
  if (key == "records") {
    std::string u;
    for (int i = 0; i < 32; i++) {
      u += d.usage_bits & (1u << i) ? " " + std::to_string(i) : "";
    }
    return std::to_string(d.num_records) + " usable " +
           std::to_string(d.num_usable) + " usages" + (u.empty() ? " -" : u);
  }
  const bool bases = key == "bases";
  for (size_t i = 0; i < (bases ? d.num_bases : d.num_names); i++) {
    v.push_back(bases ? dane_rules_base(r, i) : dane_rules_name(r, i));
  }
  return join(v);
}

// Run one case; return the mismatches (empty: the case passes).
std::vector<std::string> run_case(const Case &c)
{
  std::vector<std::string> bad;
  dane_rules_host h = c.h;
  h.name = c.host.c_str();
  h.nexthop = c.have_nexthop ? c.nexthop.c_str() : nullptr;
  dane_rules_ctx *r = nullptr;
  if (dane_rules_new(&h, &r) != DANE_STATUS_OK) {
    return {"dane_rules_new failed"};
  }
  for (const ScriptStep &s : c.steps) {
    dane_rules_query q;
    const char *qname = nullptr;
    dane_rules_next(r, &q, &qname);
    const std::string got =
        std::string(dane_rules_query_text(q)) + " " + (qname ? qname : "-");
    if (got != s.query + " " + s.qname) {
      bad.push_back("asked " + got + ", script has " + s.query + " " + s.qname);
      break;
    }
    std::vector<const char *> names;
    for (const std::string &n : s.answer.names) {
      names.push_back(n.c_str());
    }
    const dane_rules_answer a = {
        s.answer.rcode, s.answer.secure,         names.data(),
        names.size(),   s.answer.records.data(), s.answer.records.size(),
        s.answer.total, s.answer.unclassified};
    if (dane_rules_set_answer(r, &a) != DANE_STATUS_OK) {
      bad.push_back("dane_rules_answer failed at " + got);
      break;
    }
  }
  dane_rules_decision d{};
  if (bad.empty() && dane_rules_get_decision(r, &d) != DANE_STATUS_OK) {
    dane_rules_query q;
    const char *qname = nullptr;
    dane_rules_next(r, &q, &qname);
    bad.push_back(std::string("not decided; asks ") + dane_rules_query_text(q) +
                  " " + opt(qname));
  }
  for (size_t i = 0; bad.empty() && i < c.expect.size(); i++) {
    const std::string key = c.expect[i].substr(0, c.expect[i].find(' '));
    const std::string want = rest(c.expect[i], key);
    const std::string got = actual(r, d, key);
    if (got != want) {
      bad.push_back(key + ": got \"" + got + "\", want \"" + want + "\"");
    }
  }
  dane_rules_free(r);
  return bad;
}

}  // namespace

class PolicyVec : public ::testing::TestWithParam<size_t> {};

TEST_P(PolicyVec, Case)
{
  const Case &c = vectors().cases[GetParam()];
  SCOPED_TRACE("policy.vec line " + std::to_string(c.line) + " case " + c.name);
  for (const std::string &m : run_case(c)) {
    ADD_FAILURE() << m;
  }
}

INSTANTIATE_TEST_SUITE_P(Vectors, PolicyVec,
                         ::testing::Range<size_t>(0, vectors().cases.size()),
                         [](const ::testing::TestParamInfo<size_t> &pi) {
                           std::string n = vectors().cases[pi.param].name;
                           for (char &ch : n) {
                             ch = std::isalnum(static_cast<unsigned char>(ch))
                                      ? ch
                                      : '_';
                           }
                           return n;
                         });

// The file parses, every case names its outcome, reason, TLSRPT type,
// scope, base domains and names, and case names are unique.
TEST(PolicyVecFile, WellFormed)
{
  const Loaded &l = vectors();
  for (const std::string &e : l.errors) {
    ADD_FAILURE() << "policy.vec: " << e;
  }
  EXPECT_GE(l.cases.size(), 40u);
  static const char *const kRequired[] = {"expect", "reason", "tlsrpt", "scope",
                                          "base",   "bases",  "names"};
  for (size_t i = 0; i < l.cases.size(); i++) {
    const Case &c = l.cases[i];
    for (const char *k : kRequired) {
      bool have = false;
      for (const std::string &e : c.expect) {
        have =
            have || e.compare(0, std::strlen(k) + 1, std::string(k) + " ") == 0;
      }
      EXPECT_TRUE(have) << c.name << ": no \"" << k << "\" line";
    }
    for (const ScriptStep &s : c.steps) {
      EXPECT_TRUE(s.answered) << c.name << ": ask " << s.qname << " unanswered";
    }
    for (size_t j = 0; j < i; j++) {
      EXPECT_NE(c.name, l.cases[j].name) << "duplicate case name";
    }
  }
}

// The runner can fail: a wrong outcome, a wrong reason, a missing or extra
// scripted lookup are each reported.
TEST(PolicyVecFile, RunnerDetectsMismatches)
{
  ASSERT_FALSE(vectors().cases.empty());
  Case c = vectors().cases[0];
  ASSERT_TRUE(run_case(c).empty());
  Case wrong = c;
  wrong.expect.push_back("expect no-such-outcome");
  EXPECT_FALSE(run_case(wrong).empty());
  wrong = c;
  wrong.expect.push_back("reason not the reason");
  EXPECT_FALSE(run_case(wrong).empty());
  wrong = c;
  ASSERT_FALSE(wrong.steps.empty());
  wrong.steps.pop_back();
  EXPECT_FALSE(run_case(wrong).empty());
  wrong = c;
  wrong.steps.push_back(ScriptStep{"TLSA", "_25._tcp.extra", {}, true});
  EXPECT_FALSE(run_case(wrong).empty());
}

// The ABI refuses misuse with a status, never a crash.
TEST(PolicyAbi, Misuse)
{
  dane_rules_ctx *r = nullptr;
  EXPECT_EQ(dane_rules_new(nullptr, &r), DANE_STATUS_INVALID_ARGUMENT);
  dane_rules_host h{};
  EXPECT_EQ(dane_rules_new(&h, &r), DANE_STATUS_INVALID_ARGUMENT);  // name
  const std::string longname(256, 'a');
  h.name = longname.c_str();
  EXPECT_EQ(dane_rules_new(&h, &r), DANE_STATUS_LIMIT);
  h.name = "mx.example.net";
  h.addr_dnssec = static_cast<dane_rules_dnssec>(7);
  EXPECT_EQ(dane_rules_new(&h, &r), DANE_STATUS_INVALID_ARGUMENT);
  h.addr_dnssec = DANE_RULES_DNSSEC_UNKNOWN;
  ASSERT_EQ(dane_rules_new(&h, &r), DANE_STATUS_OK);
  dane_rules_answer a{};
  EXPECT_EQ(dane_rules_set_answer(r, &a),
            DANE_STATUS_INVALID_ARGUMENT);  // done
  dane_rules_free(r);
  dane_rules_free(nullptr);
  h.addr_dnssec = DANE_RULES_DNSSEC_YES;
  ASSERT_EQ(dane_rules_new(&h, &r), DANE_STATUS_OK);
  dane_rules_decision d;
  EXPECT_EQ(dane_rules_get_decision(r, &d), DANE_STATUS_NOT_VERIFIED_YET);
  a.num_names = 1;  // names NULL
  EXPECT_EQ(dane_rules_set_answer(r, &a), DANE_STATUS_INVALID_ARGUMENT);
  a.num_names = 0;
  a.rcode = static_cast<dane_rules_rcode>(99);
  EXPECT_EQ(dane_rules_set_answer(r, &a), DANE_STATUS_INVALID_ARGUMENT);
  dane_rules_free(r);
  EXPECT_STREQ(dane_rules_outcome_text(static_cast<dane_rules_outcome>(9)),
               "?");
}
