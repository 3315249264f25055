// Unit tests of the one name matcher (dane_name.cc) and nameConstraints
// subtree test, through the C ABI and the internal API.
#include <gtest/gtest.h>

#include <string>

#include "dane_name.h"
#include "dane_verify.h"

namespace {

bool m(const std::string &pattern, const char *ref)
{
  return dane_name_match(pattern.data(), pattern.size(), ref) == 1;
}

TEST(NameMatch, Exact)
{
  EXPECT_TRUE(m("mx.example.net", "mx.example.net"));
  EXPECT_FALSE(m("mx.example.net", "mx2.example.net"));
  EXPECT_FALSE(m("mx.example.net", "example.net"));
  EXPECT_FALSE(m("example.net", "mx.example.net"));
}

TEST(NameMatch, CaseInsensitiveAscii)
{
  EXPECT_TRUE(m("MX.Example.NET", "mx.example.net"));
  EXPECT_TRUE(m("mx.example.net", "Mx.EXAMPLE.net"));
}

TEST(NameMatch, TrailingDotOnReferenceIgnored)
{
  EXPECT_TRUE(m("mx.example.net", "mx.example.net."));
  EXPECT_FALSE(m("mx.example.net.", "mx.example.net"));  // empty label
  EXPECT_FALSE(m("mx.example.net", "mx.example.net.."));
}

TEST(NameMatch, WildcardWholeLeftmostLabel)
{
  EXPECT_TRUE(m("*.example.net", "mx.example.net"));
  EXPECT_TRUE(m("*.Example.net", "MX.example.net."));
  EXPECT_FALSE(m("*.example.net", "a.mx.example.net"));  // never crosses a dot
  EXPECT_FALSE(m("*.example.net", "example.net"));       // no empty label
  EXPECT_FALSE(m("*.example.net", ".example.net"));
  EXPECT_FALSE(m("*.com", "example.com"));  // < 3 labels
  EXPECT_FALSE(m("*", "com"));
  EXPECT_FALSE(m("*.", "a."));
}

TEST(NameMatch, NoPartialOrInnerWildcards)
{
  EXPECT_FALSE(m("f*.example.com", "foo.example.com"));
  EXPECT_FALSE(m("*o.example.com", "foo.example.com"));
  EXPECT_FALSE(m("f*o.example.com", "foo.example.com"));
  EXPECT_FALSE(m("www.*.example.com", "www.a.example.com"));
  EXPECT_FALSE(m("**.example.com", "a.example.com"));
  EXPECT_FALSE(m("*.*.example.com", "a.b.example.com"));
  // a literal '*' reference never matches either
  EXPECT_FALSE(m("*.example.com", "*.example.com"));
  EXPECT_FALSE(m("f*.example.com", "f*.example.com"));
}

TEST(NameMatch, NulAndNonAsciiNeverMatch)
{
  const std::string with_nul("mx.example.net\0.evil.com", 24);
  EXPECT_FALSE(m(with_nul, "mx.example.net"));
  EXPECT_FALSE(m(with_nul, "mx.example.net.evil.com"));
  const std::string nul_mid("mx\0example.net", 14);
  EXPECT_FALSE(m(nul_mid, "mx"));
  EXPECT_FALSE(m("m\xc3\xa9.example.net", "m\xc3\xa9.example.net"));
  // A-labels compare like any LDH label
  EXPECT_TRUE(m("xn--mnchen-3ya.example", "XN--MNCHEN-3YA.example"));
  EXPECT_TRUE(m("*.xn--mnchen-3ya.example", "mx.xn--mnchen-3ya.example"));
}

TEST(NameMatch, EmptyAndBadInput)
{
  EXPECT_FALSE(m("", ""));
  EXPECT_FALSE(m("", "a.b"));
  EXPECT_FALSE(m("a.b", ""));
  EXPECT_FALSE(m("a..b", "a..b"));
  EXPECT_FALSE(m(".a.b", ".a.b"));
  EXPECT_FALSE(m("a b.c", "a b.c"));
  EXPECT_EQ(0, dane_name_match(nullptr, 0, "a.b"));
  EXPECT_EQ(0, dane_name_match("a.b", 3, nullptr));
  const std::string label64(64, 'a');
  EXPECT_FALSE(m(label64 + ".com", (label64 + ".com").c_str()));
  const std::string label63(63, 'a');
  EXPECT_TRUE(m(label63 + ".com", (label63 + ".com").c_str()));
}

TEST(CertNames, SanFirstCnOnlyWithoutDnsSan)
{
  exim_dane::CertInfo c;
  c.cns = {"cn.example.net"};
  EXPECT_TRUE(exim_dane::cert_names_match(c, "cn.example.net"));
  c.dns_sans = {"san.example.net"};
  EXPECT_TRUE(exim_dane::cert_names_match(c, "san.example.net"));
  EXPECT_FALSE(exim_dane::cert_names_match(c, "cn.example.net"));
  c.dns_sans = {std::string(1, '\0')};  // an unreadable DNS SAN
  EXPECT_FALSE(exim_dane::cert_names_match(c, "cn.example.net"));
}

TEST(NameConstraints, Subtrees)
{
  using exim_dane::name_in_subtree;
  EXPECT_TRUE(name_in_subtree("example.com", "example.com"));
  EXPECT_TRUE(name_in_subtree("mx.EXAMPLE.com", "example.com"));
  EXPECT_FALSE(name_in_subtree("badexample.com", "example.com"));
  EXPECT_FALSE(name_in_subtree("example.com", ".example.com"));
  EXPECT_TRUE(name_in_subtree("a.example.com", ".example.com"));
  EXPECT_FALSE(name_in_subtree("com", "example.com"));
  EXPECT_TRUE(name_in_subtree("anything.org", ""));
}

}  // namespace
