// Unit tests of the TLSA record parser, usability rules and digest agility.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dane_backend.h"
#include "dane_core.h"
#include "dane_verify.h"

namespace {

using exim_dane::Bytes;
using exim_dane::Record;
using exim_dane::RecordState;

Record rec(std::vector<unsigned char> rdata)
{
  Record r;
  r.rdata = std::move(rdata);
  exim_dane::classify_record(r);
  return r;
}

std::vector<unsigned char> rd(int u, int s, int m, std::size_t len)
{
  std::vector<unsigned char> v = {static_cast<unsigned char>(u),
                                  static_cast<unsigned char>(s),
                                  static_cast<unsigned char>(m)};
  v.resize(3 + len, 0xab);
  return v;
}

TEST(Records, Usability)
{
  EXPECT_EQ(RecordState::usable, rec(rd(3, 1, 1, 32)).state);
  EXPECT_EQ(RecordState::usable, rec(rd(2, 0, 2, 64)).state);
  EXPECT_EQ(RecordState::usable, rec(rd(3, 1, 0, 5)).state);
  EXPECT_EQ(RecordState::pkix_usage, rec(rd(0, 0, 1, 32)).state);
  EXPECT_EQ(RecordState::pkix_usage, rec(rd(1, 1, 1, 32)).state);
  EXPECT_EQ(RecordState::unknown_usage, rec(rd(4, 1, 1, 32)).state);
  EXPECT_EQ(RecordState::unknown_usage, rec(rd(255, 1, 1, 32)).state);
  EXPECT_EQ(RecordState::unknown_selector, rec(rd(3, 2, 1, 32)).state);
  EXPECT_EQ(RecordState::unknown_mtype, rec(rd(3, 1, 3, 32)).state);
  EXPECT_EQ(RecordState::bad_digest_length, rec(rd(3, 1, 1, 31)).state);
  EXPECT_EQ(RecordState::bad_digest_length, rec(rd(3, 1, 1, 64)).state);
  EXPECT_EQ(RecordState::bad_digest_length, rec(rd(3, 1, 2, 32)).state);
  EXPECT_EQ(RecordState::rdata_short, rec({3, 1, 1}).state);
  EXPECT_EQ(RecordState::rdata_short, rec({}).state);
  const Record r = rec({3, 1});
  EXPECT_EQ(3, r.usage);
  EXPECT_EQ(1, r.selector);
  EXPECT_EQ(-1, r.mtype);
}

TEST(Records, Presentation)
{
  Bytes out;
  ASSERT_TRUE(exim_dane::parse_presentation("3 1 1 00ff", out));
  EXPECT_EQ((Bytes{3, 1, 1, 0x00, 0xff}), out);
  ASSERT_TRUE(exim_dane::parse_presentation("  2\t0 2 AB cd\nEF ", out));
  EXPECT_EQ((Bytes{2, 0, 2, 0xab, 0xcd, 0xef}), out);
  ASSERT_TRUE(exim_dane::parse_presentation("255 255 255 00", out));
  EXPECT_FALSE(exim_dane::parse_presentation("3 1 1", out));
  EXPECT_FALSE(exim_dane::parse_presentation("3 1 1 ", out));
  EXPECT_FALSE(exim_dane::parse_presentation("3 1 1 0", out));   // odd
  EXPECT_FALSE(exim_dane::parse_presentation("3 1 1 0g", out));  // non-hex
  EXPECT_FALSE(exim_dane::parse_presentation("256 1 1 00", out));
  EXPECT_FALSE(exim_dane::parse_presentation("3 x 1 00", out));
  EXPECT_FALSE(exim_dane::parse_presentation("3 1 100", out));
  EXPECT_FALSE(exim_dane::parse_presentation("-3 1 1 00", out));
  EXPECT_FALSE(exim_dane::parse_presentation("0003 1 1 00", out));
  EXPECT_FALSE(exim_dane::parse_presentation("", out));
  EXPECT_FALSE(exim_dane::parse_presentation(nullptr, out));
}

TEST(Records, AgilityKeepsStrongestPerUsageSelector)
{
  std::vector<Record> v;
  v.push_back(rec(rd(3, 1, 1, 32)));  // dropped: 3 1 2 present
  v.push_back(rec(rd(3, 1, 2, 64)));
  v.push_back(rec(rd(3, 1, 0, 40)));  // full value: kept
  v.push_back(rec(rd(3, 0, 1, 32)));  // other selector: kept
  v.push_back(rec(rd(2, 1, 1, 32)));  // other usage: kept
  v.push_back(rec(rd(3, 1, 2, 10)));  // unusable: not counted
  v.push_back(rec(rd(2, 0, 1, 32)));  // kept: 2 0 2 below is unusable
  v.push_back(rec(rd(2, 0, 2, 63)));
  exim_dane::apply_agility(v);
  EXPECT_EQ(RecordState::weaker_digest, v[0].state);
  EXPECT_EQ(RecordState::usable, v[1].state);
  EXPECT_EQ(RecordState::usable, v[2].state);
  EXPECT_EQ(RecordState::usable, v[3].state);
  EXPECT_EQ(RecordState::usable, v[4].state);
  EXPECT_EQ(RecordState::bad_digest_length, v[5].state);
  EXPECT_EQ(RecordState::usable, v[6].state);
  EXPECT_EQ(RecordState::bad_digest_length, v[7].state);
}

TEST(CApi, TextsAndTlsrpt)
{
  EXPECT_STREQ("ok", dane_reason_text(DANE_REASON_OK));
  EXPECT_STREQ("no-usable-records",
               dane_reason_text(DANE_REASON_NO_USABLE_RECORDS));
  EXPECT_STREQ("internal-error", dane_reason_text(DANE_REASON_INTERNAL_ERROR));
  EXPECT_STREQ("weak-algorithm", dane_reason_text(DANE_REASON_WEAK_ALGORITHM));
  EXPECT_STREQ("tlsa-invalid",
               dane_reason_tlsrpt(DANE_REASON_NO_USABLE_RECORDS));
  EXPECT_STREQ("certificate-host-mismatch",
               dane_reason_tlsrpt(DANE_REASON_NAME_MISMATCH));
  EXPECT_STREQ("certificate-host-mismatch",
               dane_reason_tlsrpt(DANE_REASON_NAME_CONSTRAINTS));
  EXPECT_STREQ("certificate-expired",
               dane_reason_tlsrpt(DANE_REASON_NOT_YET_VALID));
  EXPECT_STREQ("certificate-not-trusted",
               dane_reason_tlsrpt(DANE_REASON_CHAIN_TOO_LONG));
  EXPECT_STREQ("validation-failure",
               dane_reason_tlsrpt(DANE_REASON_CHAIN_EMPTY));
  EXPECT_STREQ("validation-failure",
               dane_reason_tlsrpt(DANE_REASON_NO_RECORDS));
  EXPECT_STREQ("critical-extension",
               dane_reason_text(DANE_REASON_CRITICAL_EXTENSION));
  EXPECT_STREQ("certificate-not-trusted",
               dane_reason_tlsrpt(DANE_REASON_CRITICAL_EXTENSION));
  EXPECT_STREQ("pkix-usage", dane_record_state_text(DANE_RECORD_PKIX_USAGE));
  EXPECT_STREQ("weaker-digest",
               dane_record_state_text(DANE_RECORD_WEAKER_DIGEST));
  volatile int bogus = 99;
  EXPECT_STREQ("unknown", dane_reason_text(static_cast<dane_reason>(bogus)));
}

TEST(CApi, HandlesAndLimits)
{
  dane_ctx_free(nullptr);
  EXPECT_EQ(DANE_STATUS_INVALID_ARGUMENT,
            dane_ctx_new(DANE_BACKEND_OPENSSL, nullptr));
  dane_ctx *ctx = nullptr;
  volatile int bogus = 7;
  EXPECT_EQ(DANE_STATUS_INVALID_ARGUMENT,
            dane_ctx_new(static_cast<dane_backend_id>(bogus), &ctx));
  ASSERT_EQ(DANE_STATUS_OK, dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx));
  dane_result res;
  EXPECT_EQ(DANE_STATUS_NOT_VERIFIED_YET, dane_get_result(ctx, &res));
  EXPECT_EQ(DANE_STATUS_INVALID_ARGUMENT, dane_verify(ctx, &res));  // no time
  EXPECT_EQ(DANE_STATUS_SYNTAX, dane_add_tlsa_text(ctx, "3 1 1 zz"));
  EXPECT_EQ(0u, dane_num_records(ctx));
  for (int i = 0; i < DANE_MAX_RECORDS; i++) {
    ASSERT_EQ(DANE_STATUS_OK, dane_add_tlsa_text(ctx, "1 1 1 00"));
  }
  EXPECT_EQ(DANE_STATUS_LIMIT, dane_add_tlsa_text(ctx, "3 1 1 00"));
  EXPECT_EQ(DANE_STATUS_INVALID_ARGUMENT, dane_add_reference_name(ctx, ""));
  EXPECT_EQ(DANE_STATUS_LIMIT,
            dane_add_reference_name(ctx, std::string(300, 'a').c_str()));
  EXPECT_EQ(DANE_STATUS_OK, dane_set_time(ctx, 1));
  ASSERT_EQ(DANE_STATUS_OK, dane_verify(ctx, &res));
  EXPECT_EQ(0, res.verified);
  EXPECT_EQ(DANE_REASON_NO_USABLE_RECORDS, res.reason);
  EXPECT_EQ(0u, res.usage_bits);
  EXPECT_EQ(static_cast<size_t>(DANE_MAX_RECORDS), res.num_records);
  dane_record_info info;
  ASSERT_EQ(DANE_STATUS_OK, dane_get_record(ctx, 0, &info));
  EXPECT_EQ(DANE_RECORD_PKIX_USAGE, info.state);
  EXPECT_EQ(DANE_STATUS_INVALID_ARGUMENT, dane_get_record(ctx, 64, &info));
  dane_ctx_free(ctx);
}

// Record states must be final without a chain (F3): a caller counting usable
// records before dane_verify() must see unparsable full values (RFC 6698
// s2.1.2) and agility drops (RFC 7671 s9) exactly as the verifier will.
TEST(CApi, ClassifyRecordsWithoutChain)
{
  size_t n = 99;
  EXPECT_EQ(DANE_STATUS_INVALID_ARGUMENT, dane_classify_records(nullptr, &n));
  EXPECT_EQ(0u, n);
  for (const dane_backend_id b : {DANE_BACKEND_OPENSSL, DANE_BACKEND_GNUTLS}) {
    SCOPED_TRACE(dane_backend_name(b));
    dane_ctx *ctx = nullptr;
    ASSERT_EQ(DANE_STATUS_OK, dane_ctx_new(b, &ctx));
    ASSERT_EQ(DANE_STATUS_OK, dane_add_tlsa_text(ctx, "3 0 0 308201"));
    ASSERT_EQ(DANE_STATUS_OK, dane_add_tlsa_text(ctx, "3 1 0 3000"));
    ASSERT_EQ(DANE_STATUS_OK, dane_classify_records(ctx, &n));
    EXPECT_EQ(0u, n);
    dane_record_info info;
    ASSERT_EQ(DANE_STATUS_OK, dane_get_record(ctx, 0, &info));
    EXPECT_EQ(DANE_RECORD_BAD_CERTIFICATE, info.state);
    ASSERT_EQ(DANE_STATUS_OK, dane_get_record(ctx, 1, &info));
    EXPECT_EQ(DANE_RECORD_BAD_SPKI, info.state);

    // Agility: a SHA2-512 record hides the SHA2-256 one of the same
    // (usage, selector) before any chain is seen.
    ASSERT_EQ(
        DANE_STATUS_OK,
        dane_add_tlsa_text(ctx, ("3 1 1 " + std::string(64, 'a')).c_str()));
    ASSERT_EQ(
        DANE_STATUS_OK,
        dane_add_tlsa_text(ctx, ("3 1 2 " + std::string(128, 'b')).c_str()));
    ASSERT_EQ(DANE_STATUS_OK, dane_classify_records(ctx, &n));
    EXPECT_EQ(1u, n);
    ASSERT_EQ(DANE_STATUS_OK, dane_get_record(ctx, 2, &info));
    EXPECT_EQ(DANE_RECORD_WEAKER_DIGEST, info.state);
    ASSERT_EQ(DANE_STATUS_OK, dane_get_record(ctx, 3, &info));
    EXPECT_EQ(DANE_RECORD_USABLE, info.state);

    // Idempotent, NULL count allowed, and the verifier agrees.
    ASSERT_EQ(DANE_STATUS_OK, dane_classify_records(ctx, nullptr));
    ASSERT_EQ(DANE_STATUS_OK, dane_get_record(ctx, 0, &info));
    EXPECT_EQ(DANE_RECORD_BAD_CERTIFICATE, info.state);
    ASSERT_EQ(DANE_STATUS_OK, dane_set_time(ctx, 1));
    dane_result res;
    ASSERT_EQ(DANE_STATUS_OK, dane_verify(ctx, &res));
    EXPECT_EQ(1u, res.num_usable);
    EXPECT_EQ(DANE_REASON_CHAIN_EMPTY, res.reason);
    dane_ctx_free(ctx);
  }
}

TEST(CApi, Backends)
{
  EXPECT_EQ(1, dane_backend_available(DANE_BACKEND_OPENSSL));
  EXPECT_EQ(1, dane_backend_available(DANE_BACKEND_GNUTLS));
  EXPECT_STREQ("openssl", dane_backend_name(DANE_BACKEND_OPENSSL));
  EXPECT_STREQ("gnutls", dane_backend_name(DANE_BACKEND_GNUTLS));
  EXPECT_STREQ("openssl", dane_backend_name(DANE_BACKEND_DEFAULT));
  EXPECT_EQ(0, dane_backend_available(static_cast<dane_backend_id>(3)));
}

// The registry: each row's name is its backend's, and ids are the ABI's.
TEST(Registry, RowsMatchTheirBackends)
{
  std::size_t num = 0;
  const exim_dane::BackendEntry *t = exim_dane::backend_table(num);
  ASSERT_EQ(2u, num);
  for (std::size_t i = 0; i < num; i++) {
    std::unique_ptr<exim_dane::Backend> b = t[i].make();
    ASSERT_TRUE(b != nullptr) << t[i].name;
    EXPECT_STREQ(t[i].name, b->name());
    EXPECT_STREQ(t[i].name,
                 dane_backend_name(static_cast<dane_backend_id>(t[i].id)));
    EXPECT_TRUE(exim_dane::backend_known(static_cast<int>(t[i].id)));
  }
  EXPECT_FALSE(exim_dane::backend_known(0));
  EXPECT_STREQ("openssl", exim_dane::make_default_backend()->name());
}

// The reasons the TLS glue reports come from the same table.
TEST(CApi, GlueReasons)
{
  EXPECT_STREQ("too-many-records",
               dane_reason_text(DANE_REASON_TOO_MANY_RECORDS));
  EXPECT_STREQ("tlsa-invalid",
               dane_reason_tlsrpt(DANE_REASON_TOO_MANY_RECORDS));
  EXPECT_STREQ("no-verdict", dane_reason_text(DANE_REASON_NO_VERDICT));
  EXPECT_STREQ("validation-failure",
               dane_reason_tlsrpt(DANE_REASON_NO_VERDICT));
  EXPECT_STREQ("event-veto", dane_reason_text(DANE_REASON_EVENT_VETO));
  EXPECT_STREQ("validation-failure",
               dane_reason_tlsrpt(DANE_REASON_EVENT_VETO));
}

}  // namespace

TEST(Records, ProcessedExtensionsAreOpenssl30s)
{
  // basicConstraints, keyUsage, extendedKeyUsage, subjectAltName,
  // nameConstraints, certificatePolicies, policyMappings,
  // policyConstraints, inhibitAnyPolicy, cRLDistributionPoints.
  const std::uint8_t processed[] = {0x13, 0x0f, 0x25, 0x11, 0x1e,
                                    0x20, 0x21, 0x24, 0x36, 0x1f};
  for (const std::uint8_t last : processed) {
    const std::uint8_t oid[3] = {0x55, 0x1d, last};
    EXPECT_TRUE(exim_dane::extension_processed(oid, 3)) << int(last);
  }
  const std::uint8_t ns[] = {0x60, 0x86, 0x48, 0x01, 0x86,
                             0xf8, 0x42, 0x01, 0x01};
  EXPECT_TRUE(exim_dane::extension_processed(ns, sizeof ns));
  // subjectKeyIdentifier, authorityKeyIdentifier, issuerAltName: refused.
  const std::uint8_t refused[] = {0x0e, 0x23, 0x12};
  for (const std::uint8_t last : refused) {
    const std::uint8_t oid[3] = {0x55, 0x1d, last};
    EXPECT_FALSE(exim_dane::extension_processed(oid, 3)) << int(last);
  }
  // authorityInfoAccess (1.3.6.1.5.5.7.1.1), TLS feature (...1.24).
  const std::uint8_t aia[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01};
  const std::uint8_t tlsf[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x18};
  EXPECT_FALSE(exim_dane::extension_processed(aia, sizeof aia));
  EXPECT_FALSE(exim_dane::extension_processed(tlsf, sizeof tlsf));
}
