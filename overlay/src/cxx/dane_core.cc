/*************************************************
 *     Exim - DANE verifier: policy core          *
 *************************************************/

/* NAME
     dane_core.cc - record usability, digest agility, the allow-list, the
     extensions read from the DER, and Verifier::run, which strings the
     building blocks of dane_chain.h together (DANE-EE match, DANE-TA issuer
     search and path rules) and selects the verdict.  Pure: no TLS library
     header, no I/O, no clock.  The name matcher is in dane_name.cc.

   ALLOW-LIST (the only place it is defined; twin: doc-txt/dane-core.txt)
     signatures: RSA PKCS#1 v1.5 and RSA-PSS with SHA-256/384/512,
                 ECDSA with SHA-256/384/512, Ed25519, Ed448;
                 (refused: MD5, SHA-1, SHA-224, DSA, unknown)
     keys:       RSA 2048..16384 bits, EC P-256, P-384, P-521, Ed25519,
                 Ed448; (refused: smaller/larger RSA, other curves, DSA)
     RSA-PSS only with MGF1 over the signature's hash and a salt as long
     as that hash (RFC 8446 s4.2.3; GnuTLS accepts no other salt).
     Applied on DANE-TA paths only: to the signature of every certificate
     below the anchor, to the leaf's key, and to the key of every issuer
     including the anchor.

   EXTENSIONS (DANE-TA paths only; read from the DER by the core, one list
   kProcessedExtensions): unknown critical extensions refused on every
   certificate of the path and the anchor's certificate when known
   (RFC 5280 s4.2); extendedKeyUsage without serverAuth refused on all of
   them (s4.2.1.12); the leaf's keyUsage needs digitalSignature,
   keyEncipherment or keyAgreement (s4.2.1.3).  On every path, DANE-EE
   too: an extension twice makes a certificate malformed (s4.2).
     DANE-EE(3) applies no chain rule at all (RFC 7672 s3.1.1).

   DEPTH REPORTED on failure: the certificate the failed rule concerns
     (expired/not-yet-valid/bad-signature/signature weak-algorithm: the
     signed certificate; issuer-not-ca/key-usage/path-length/issuer-key
     weak-algorithm: the issuer; name-constraints: the certificate whose
     name violates them; critical-extension and the key-usage rules of
     check_role (dane_chain.cc): the certificate carrying the extension
     (the anchor's certificate at the anchor depth); name-mismatch: 0;
     chain-malformed: the presented position of the unparsable
     certificate); -1 for no-records, no-usable-records, chain-empty,
     chain-too-long, no-match, no-path.
*/

#include "dane_core.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <utility>

#include "dane_chain.h"
#include "dane_der.h"
#include "dane_name.h"

namespace exim_dane {

namespace {

constexpr std::size_t kSha256Len = 32;  // RFC 6698 s2.1.3
constexpr std::size_t kSha512Len = 64;
constexpr unsigned kMaxRsaBits = 16384;  // bound verification cost

bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Parse a decimal 0..255 field at *p, advancing; false on error.
bool parse_u8(const char *&p, std::uint8_t &out)
{
  unsigned v = 0;
  std::size_t n = 0;
  while (*p >= '0' && *p <= '9') {
    v = v * 10 + static_cast<unsigned>(*p - '0');
    if (++n > 3 || v > 255) {
      return false;
    }
    p++;
  }
  if (n == 0) {
    return false;
  }
  out = static_cast<std::uint8_t>(v);
  return true;
}

}  // namespace

/* RFC 6698 s2.1 fields; RFC 7672 s3.1.3 usable usages for SMTP; RFC 6698
s2.1.3 digest lengths.  First failing rule is the state reported. */
void classify_record(Record &r)
{
  const std::size_t n = r.rdata.size();
  r.usage = n >= 1 ? r.rdata[0] : -1;
  r.selector = n >= 2 ? r.rdata[1] : -1;
  r.mtype = n >= 3 ? r.rdata[2] : -1;
  if (n < 4) {
    r.state = RecordState::rdata_short;
  } else if (r.usage == 0 || r.usage == 1) {
    r.state = RecordState::pkix_usage;  // RFC 7672 s3.1.3
  } else if (r.usage > 3) {
    r.state = RecordState::unknown_usage;  // RFC 6698 s2.1.1
  } else if (r.selector > 1) {
    r.state = RecordState::unknown_selector;  // RFC 6698 s2.1.2
  } else if (r.mtype > 2) {
    r.state = RecordState::unknown_mtype;  // RFC 6698 s2.1.3
  } else if ((r.mtype == 1 && r.data_len() != kSha256Len) ||
             (r.mtype == 2 && r.data_len() != kSha512Len)) {
    r.state = RecordState::bad_digest_length;
  } else {
    r.state = RecordState::usable;
  }
}

/* RFC 6698 s2.2 presentation form: three decimal fields and hex data
(whitespace inside the hex allowed). */
bool parse_presentation(const char *text, Bytes &out)
{
  out.clear();
  if (text == nullptr) {
    return false;
  }
  const char *p = text;
  std::uint8_t hdr[3];
  for (std::uint8_t &h : hdr) {
    while (is_space(*p)) {
      p++;
    }
    if (!parse_u8(p, h) || !is_space(*p)) {
      return false;
    }
  }
  out.assign(hdr, hdr + 3);
  int hi = -1;
  std::size_t ndigits = 0;
  for (; *p != '\0'; p++) {
    if (is_space(*p)) {
      continue;
    }
    const int v = hex_value(*p);
    if (v < 0) {
      out.clear();
      return false;
    }
    if (++ndigits > 2 * static_cast<std::size_t>(kMaxRdata)) {
      out.clear();
      return false;
    }
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<std::uint8_t>((hi << 4) | v));
      hi = -1;
    }
  }
  if (ndigits == 0 || hi >= 0) {
    out.clear();
    return false;
  }
  return true;
}

/* RFC 7671 s9: among the usable records of each (usage, selector), keep
the full-value ones and those of the strongest digest present (SHA2-512
over SHA2-256); mark the rest WEAKER_DIGEST. */
void apply_agility(std::vector<Record> &records)
{
  int best[4][2] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
  for (const Record &r : records) {
    if (r.state == RecordState::usable && r.mtype > 0) {
      int &b = best[r.usage][r.selector];
      b = std::max(b, r.mtype);
    }
  }
  for (Record &r : records) {
    if (r.state == RecordState::usable && r.mtype > 0 &&
        r.mtype != best[r.usage][r.selector]) {
      r.state = RecordState::weaker_digest;
    }
  }
}

bool key_allowed(const KeyInfo &key)
{
  switch (key.alg) {
    case KeyAlg::rsa:
    case KeyAlg::rsa_pss:
      return key.bits >= 2048 && key.bits <= kMaxRsaBits;
    case KeyAlg::ec_p256:
    case KeyAlg::ec_p384:
    case KeyAlg::ec_p521:
    case KeyAlg::ed25519:
    case KeyAlg::ed448:
      return true;
    default:
      return false;
  }
}

bool sig_allowed(const SigInfo &sig)
{
  switch (sig.family) {
    case SigFamily::rsa_pkcs1:
    case SigFamily::rsa_pss:
    case SigFamily::ecdsa:
      return sig.hash == HashAlg::sha256 || sig.hash == HashAlg::sha384 ||
             sig.hash == HashAlg::sha512;
    case SigFamily::ed25519:
    case SigFamily::ed448:
      return true;
    default:
      return false;
  }
}

namespace {

// OID contents octets (X.690 s8.19) of what the core reads.
constexpr std::uint8_t kOidServerAuth[] = {0x2b, 0x06, 0x01, 0x05,
                                           0x05, 0x07, 0x03, 0x01};
constexpr std::uint8_t kOidKeyUsage[] = {0x55, 0x1d, 0x0f};
constexpr std::uint8_t kOidExtKeyUsage[] = {0x55, 0x1d, 0x25};
constexpr std::uint8_t kOidNsCertType[] = {0x60, 0x86, 0x48, 0x01, 0x86,
                                           0xf8, 0x42, 0x01, 0x01};
constexpr std::uint8_t kOidRsaPss[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                       0x0d, 0x01, 0x01, 0x0a};
constexpr std::uint8_t kOidMgf1[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                     0x0d, 0x01, 0x01, 0x08};
constexpr std::uint8_t kOidSha1[] = {0x2b, 0x0e, 0x03, 0x02, 0x1a};
constexpr std::uint8_t kOidSha2[] = {0x60, 0x86, 0x48, 0x01,
                                     0x65, 0x03, 0x04, 0x02};  // + 1, 2, 3

struct OidRow {
  std::uint8_t len;
  std::uint8_t oid[9];
};

/* THE list of extensions the verifier processes, and so accepts when
critical (RFC 5280 s4.2: "A certificate-using system MUST reject the
certificate if it encounters a critical extension it does not
recognize").  It is OpenSSL 3.0's list for an SSL server's chain
(v3_purp.c supported_nids) less proxyCertInfo and the RFC 3779 address
and AS extensions, which the verifier does not process.  The policy
extensions are accepted as OpenSSL does without policy options (no
explicit policy required, any policy acceptable: RFC 5280 s6.1.1
initial values).  Twin: doc-txt/dane-core.txt. */
constexpr OidRow kProcessedExtensions[] = {
    {3, {0x55, 0x1d, 0x13}},  // basicConstraints        s4.2.1.9
    {3, {0x55, 0x1d, 0x0f}},  // keyUsage                s4.2.1.3
    {3, {0x55, 0x1d, 0x25}},  // extendedKeyUsage        s4.2.1.12
    {3, {0x55, 0x1d, 0x11}},  // subjectAltName          s4.2.1.6
    {3, {0x55, 0x1d, 0x1e}},  // nameConstraints         s4.2.1.10
    {3, {0x55, 0x1d, 0x20}},  // certificatePolicies     s4.2.1.4
    {3, {0x55, 0x1d, 0x21}},  // policyMappings          s4.2.1.5
    {3, {0x55, 0x1d, 0x24}},  // policyConstraints       s4.2.1.11
    {3, {0x55, 0x1d, 0x36}},  // inhibitAnyPolicy        s4.2.1.14
    {3, {0x55, 0x1d, 0x1f}},  // cRLDistributionPoints   s4.2.1.13
    {9, {0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x01}},  // nsCertType
};

bool oid_is(const ByteView &v, const std::uint8_t *oid, std::size_t len)
{
  return v.equals(oid, len);
}

// The first byte of a BIT STRING's named bits (0 when none are set); false
// if t is not a BIT STRING.
bool first_bits(const ByteView &value, std::uint8_t &out)
{
  der::Tlv t;
  if (!der::read_tlv(value.data(), value.size(), t) || t.tag != 0x03 ||
      t.whole_len != value.size() || t.value_len < 1 || t.value[0] > 7) {
    return false;
  }
  out = t.value_len >= 2 ? t.value[1] : 0;
  return true;
}

// RFC 5280 s4.2.1.12: ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF
// KeyPurposeId; does it list id-kp-serverAuth?  false if malformed.
bool eku_server_auth(const ByteView &value, bool &out)
{
  der::Tlv seq;
  out = false;
  if (!der::read_tlv(value.data(), value.size(), seq) || seq.tag != 0x30 ||
      seq.whole_len != value.size() || seq.value_len == 0) {
    return false;
  }
  const std::uint8_t *q = seq.value;
  std::size_t left = seq.value_len;
  for (std::size_t n = 0; left > 0; n++) {
    der::Tlv oid;
    if (n >= kMaxNamesPerCert || !der::read_tlv(q, left, oid) ||
        oid.tag != 0x06) {
      return false;
    }
    // anyExtendedKeyUsage does not count (OpenSSL's DANE agrees).
    out = out || oid_is(ByteView(oid.value, oid.value_len), kOidServerAuth,
                        sizeof kOidServerAuth);
    q += oid.whole_len;
    left -= oid.whole_len;
  }
  return true;
}

// A hash AlgorithmIdentifier (parameters absent or NULL) -> HashAlg.
HashAlg hash_of_alg_id(const std::uint8_t *p, std::size_t len)
{
  der::Tlv alg, oid;
  if (!der::read_tlv(p, len, alg) || alg.tag != 0x30 || alg.whole_len != len ||
      !der::read_tlv(alg.value, alg.value_len, oid) || oid.tag != 0x06) {
    return HashAlg::unknown;
  }
  const std::size_t rest = alg.value_len - oid.whole_len;
  if (rest != 0 && !(rest == 2 && oid.whole[oid.whole_len] == 0x05 &&
                     oid.whole[oid.whole_len + 1] == 0x00)) {
    return HashAlg::unknown;
  }
  const ByteView o(oid.value, oid.value_len);
  if (oid_is(o, kOidSha1, sizeof kOidSha1)) {
    return HashAlg::sha1;
  }
  if (o.size() == sizeof kOidSha2 + 1 &&
      std::memcmp(o.data(), kOidSha2, sizeof kOidSha2) == 0) {
    switch (o.data()[sizeof kOidSha2]) {
      case 1:
        return HashAlg::sha256;
      case 2:
        return HashAlg::sha384;
      case 3:
        return HashAlg::sha512;
      default:
        return HashAlg::unknown;
    }
  }
  return HashAlg::unknown;
}

// A small non-negative INTEGER (at most 2 octets); -1 otherwise.
long small_integer(const std::uint8_t *p, std::size_t len)
{
  der::Tlv t;
  if (!der::read_tlv(p, len, t) || t.tag != 0x02 || t.whole_len != len ||
      t.value_len == 0 || t.value_len > 2 || (t.value[0] & 0x80) != 0) {
    return -1;
  }
  long v = 0;
  for (std::size_t i = 0; i < t.value_len; i++) {
    v = (v << 8) | t.value[i];
  }
  return v;
}

/* RFC 4055 s3.1 RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0]
DEFAULT sha1, maskGenAlgorithm [1] DEFAULT mgf1SHA1, saltLength [2]
DEFAULT 20, trailerField [3] DEFAULT 1 }.  Acceptable (the core's
policy): MGF1 over the same SHA-2 hash as the signature, a salt as long
as that hash (RFC 8446 s4.2.3; GnuTLS refuses any other salt), trailer
1. */
bool pss_params_ok(const der::Tlv &sig_alg, HashAlg sig_hash)
{
  der::Tlv oid, params;
  if (!der::read_tlv(sig_alg.value, sig_alg.value_len, oid) ||
      oid.tag != 0x06 ||
      !oid_is(ByteView(oid.value, oid.value_len), kOidRsaPss,
              sizeof kOidRsaPss) ||
      !der::read_tlv(oid.whole + oid.whole_len,
                     sig_alg.value_len - oid.whole_len, params) ||
      params.tag != 0x30 ||
      oid.whole_len + params.whole_len != sig_alg.value_len) {
    return false;
  }
  HashAlg hash = HashAlg::sha1;
  HashAlg mgf_hash = HashAlg::sha1;
  long salt = 20;
  long trailer = 1;
  const std::uint8_t *q = params.value;
  std::size_t left = params.value_len;
  while (left > 0) {
    der::Tlv f;
    if (!der::read_tlv(q, left, f)) {
      return false;
    }
    if (f.tag == 0xa0) {
      hash = hash_of_alg_id(f.value, f.value_len);
    } else if (f.tag == 0xa1) {
      der::Tlv mgf, mgf_oid;
      if (!der::read_tlv(f.value, f.value_len, mgf) || mgf.tag != 0x30 ||
          !der::read_tlv(mgf.value, mgf.value_len, mgf_oid) ||
          !oid_is(ByteView(mgf_oid.value, mgf_oid.value_len), kOidMgf1,
                  sizeof kOidMgf1)) {
        return false;
      }
      mgf_hash = hash_of_alg_id(mgf_oid.whole + mgf_oid.whole_len,
                                mgf.value_len - mgf_oid.whole_len);
    } else if (f.tag == 0xa2) {
      salt = small_integer(f.value, f.value_len);
    } else if (f.tag == 0xa3) {
      trailer = small_integer(f.value, f.value_len);
    } else {
      return false;
    }
    q += f.whole_len;
    left -= f.whole_len;
  }
  const long hash_len = hash == HashAlg::sha256   ? 32
                        : hash == HashAlg::sha384 ? 48
                        : hash == HashAlg::sha512 ? 64
                                                  : -1;
  return hash_len > 0 && hash == sig_hash && mgf_hash == hash &&
         salt == hash_len && trailer == 1;
}

}  // namespace

bool extension_processed(const std::uint8_t *oid, std::size_t oid_len)
{
  for (const OidRow &r : kProcessedExtensions) {
    if (r.len == oid_len && std::memcmp(r.oid, oid, oid_len) == 0) {
      return true;
    }
  }
  return false;
}

/* The extensions, read from the certificate's own DER so that both
backends see the same: RFC 5280 s4.2 (at most one of each, critical ones
must be processed), s4.2.1.3 keyUsage, s4.2.1.12 extendedKeyUsage, and
the RSA-PSS parameters (RFC 4055 s3.1). */
void read_extension_facts(CertInfo &cert)
{
  ExtFacts &f = cert.ext;
  f = ExtFacts();
  f.read = true;
  der::CertParts parts;
  std::vector<der::Extension> exts;
  if (!der::split_cert(cert.der.data(), cert.der.size(), parts) ||
      !der::read_extensions(parts, exts)) {
    f.malformed = true;
    return;
  }
  f.pss_params_ok = cert.sig.family == SigFamily::rsa_pss &&
                    pss_params_ok(parts.sig_alg, cert.sig.hash);
  for (std::size_t i = 0; i < exts.size(); i++) {
    const der::Extension &e = exts[i];
    for (std::size_t j = 0; j < i; j++) {
      if (exts[j].oid == e.oid) {
        f.malformed = true;  // RFC 5280 s4.2: one instance of each
        return;
      }
    }
    if (e.critical && !extension_processed(e.oid.data(), e.oid.size())) {
      f.unknown_critical = true;
    }
    std::uint8_t bits = 0;
    if (oid_is(e.oid, kOidKeyUsage, sizeof kOidKeyUsage)) {
      if (!first_bits(e.value, bits)) {
        f.malformed = true;
        return;
      }
      // digitalSignature, keyEncipherment, keyAgreement (RFC 5280
      // s4.2.1.3 bits 0, 2, 4): what a TLS server key needs.
      f.ku_tls = (bits & 0xa8) != 0;
    } else if (oid_is(e.oid, kOidExtKeyUsage, sizeof kOidExtKeyUsage)) {
      f.eku_present = true;
      if (!eku_server_auth(e.value, f.eku_server_auth)) {
        f.malformed = true;
        return;
      }
    } else if (oid_is(e.oid, kOidNsCertType, sizeof kOidNsCertType)) {
      f.ns_present = true;
      if (!first_bits(e.value, bits)) {
        f.malformed = true;
        return;
      }
      f.ns_ssl_server = (bits & 0x40) != 0;  // sslServer (bit 1)
    }
  }
}

bool sig_allowed(const CertInfo &cert)
{
  return sig_allowed(cert.sig) &&
         (cert.sig.family != SigFamily::rsa_pss || cert.ext.pss_params_ok);
}

/* ------------------------------------------------------------------ */

namespace {

void set_failure(Verdict &out, Reason reason, int depth)
{
  out.verified = false;
  out.reason = reason;
  out.depth = depth;
}

// The record a verdict rests on.
void set_record(Verdict &out, const Record &r, std::size_t index)
{
  out.usage = r.usage;
  out.selector = r.selector;
  out.mtype = r.mtype;
  out.record_index = static_cast<int>(index);
}

void reset_result(Verdict &out, std::size_t num_records)
{
  out.verified = false;
  out.reason = Reason::internal_error;
  out.depth = -1;
  out.usage = out.selector = out.mtype = -1;
  out.record_index = -1;
  out.usage_bits = 0;
  out.matched_name = nullptr;
  out.num_records = num_records;
  out.num_usable = 0;
}

// Count the usable records into out; true if one is DANE-TA(2).
bool tally_usable(const std::vector<Record> &records, Verdict &out)
{
  bool have_ta = false;
  for (const Record &r : records) {
    if (r.state == RecordState::usable) {
      out.num_usable++;
      out.usage_bits |= 1u << r.usage;
      have_ta = have_ta || r.usage == 2;
    }
  }
  return have_ta;
}

/* DANE-EE(3), RFC 7672 s3.1.1: the leaf or its key matches; no name, date
or chain check.  Preferred over any DANE-TA match.  true when it matched
(out filled). */
bool match_ee(const std::vector<Record> &records, Matcher &matcher,
              ChainCert &leaf, Verdict &out)
{
  for (std::size_t i = 0; i < records.size(); i++) {
    const Record &r = records[i];
    if (r.state == RecordState::usable && r.usage == 3 &&
        matcher.matches(r, leaf)) {
      out.verified = true;
      out.reason = Reason::ok;
      out.depth = 0;
      set_record(out, r, i);
      return true;
    }
  }
  return false;
}

// Did any usable DANE-TA record match any presented certificate, or is
// there a full-value one (an anchor that need not be sent)?
bool ta_relevant(const std::vector<Record> &records,
                 std::vector<ChainCert> &certs, Matcher &matcher)
{
  for (const Record &r : records) {
    if (r.state != RecordState::usable || r.usage != 2) {
      continue;
    }
    if (r.mtype == 0) {
      return true;
    }
    for (ChainCert &c : certs) {
      if (c.parsed && matcher.matches(r, c)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

/* Records: usability (RFC 6698 s2.1, RFC 7672 s3.1.3), full values must
parse (RFC 6698 s2.1.2), then agility (RFC 7671 s9). */
void Verifier::classify_records()
{
  for (Record &r : records) {
    classify_record(r);
    r.cert = CertInfo();
    r.cert_handle.reset();
    r.key = KeyInfo();
    if (r.state != RecordState::usable || r.mtype != 0) {
      continue;
    }
    if (r.selector == 0) {
      if (r.data_len() > kMaxCertDer ||
          !der::is_well_formed(r.data(), r.data_len()) ||
          !(r.cert_handle =
                backend_.parse_cert(r.data(), r.data_len(), r.cert)) ||
          !r.cert.dates_ok ||
          (read_extension_facts(r.cert), r.cert.ext.malformed)) {
        r.state = RecordState::bad_certificate;
      } else {
        r.key = r.cert.key;
      }
    } else if (!der::is_well_formed(r.data(), r.data_len()) ||
               !backend_.parse_spki(r.data(), r.data_len(), r.key)) {
      r.state = RecordState::bad_spki;
    }
  }
  apply_agility(records);
}

/* RFC 7672 s3.2.2: with DANE-TA the leaf must match a reference id. */
void Verifier::accept_ta(const PathOutcome &best, ChainCert &leaf, Verdict &out)
{
  set_record(out, records[best.rec], best.rec);
  const CertInfo &info = names_of(backend_, leaf);
  for (const std::string &nm : names) {
    if (cert_names_match(info, nm.c_str())) {
      matched_name_ = nm;
      if (!matched_name_.empty() && matched_name_.back() == '.') {
        matched_name_.pop_back();
      }
      out.verified = true;
      out.reason = Reason::ok;
      out.depth = best.anchor_depth;
      out.matched_name = matched_name_.c_str();
      return;
    }
  }
  set_failure(out, Reason::name_mismatch, 0);
}

/* DANE-TA(2), RFC 7671 s5.2 / RFC 7672 s3.1.2: the issuer search over the
whole chain, then the verdict: the best passing path, else the best failing
one, else why no path was checked (in that order of precedence). */
void Verifier::run_ta(std::vector<ChainCert> &certs, Matcher &matcher,
                      Verdict &out)
{
  // The leaf was only framed for DANE-EE; the path rules need all of it.
  auto hint = [this](std::size_t i) {
    return i < chain_hints.size() ? chain_hints[i] : nullptr;
  };
  if (!parse_presented(backend_, chain[0], hint(0), certs[0])) {
    return set_failure(out, Reason::chain_malformed, 0);
  }
  int first_unparsed = -1;
  for (std::size_t i = 1; i < chain.size(); i++) {
    if (!parse_presented(backend_, chain[i], hint(i), certs[i]) &&
        first_unparsed < 0) {
      first_unparsed = static_cast<int>(i);
    }
  }
  Budget budget;
  PathChecker checker(backend_, records, certs, now, budget);
  PathBuilder builder(records, certs, matcher, checker, budget);
  builder.run(chain);
  if (builder.best_ok().set) {
    return accept_ta(builder.best_ok(), certs[0], out);
  }
  const PathOutcome &fail = builder.best_fail();
  if (fail.set) {
    set_record(out, records[fail.rec], fail.rec);
    return set_failure(out, fail.reason, fail.depth);
  }
  if (matcher.error() || checker.error()) {
    return set_failure(out, Reason::internal_error, -1);
  }
  if (first_unparsed >= 0) {
    return set_failure(out, Reason::chain_malformed, first_unparsed);
  }
  if (budget.limit_hit()) {
    return set_failure(out, Reason::chain_too_long, -1);
  }
  const bool relevant =
      builder.any_anchor_candidate() || ta_relevant(records, certs, matcher);
  set_failure(out, relevant ? Reason::no_path : Reason::no_match, -1);
}

/* The whole verification: the records, the leaf, DANE-EE(3), then
DANE-TA(2).  The first failing check is the verdict. */
void Verifier::run(Verdict &out)
{
  reset_result(out, records.size());
  matched_name_.clear();
  classify_records();
  const bool have_ta = tally_usable(records, out);
  if (records.empty()) {
    return set_failure(out, Reason::no_records, -1);
  }
  if (out.num_usable == 0) {
    return set_failure(out, Reason::no_usable_records, -1);  // RFC 7672 s2.2
  }
  /* The chain, leaf first, as presented. */
  if (chain.empty()) {
    return set_failure(out, Reason::chain_empty, -1);
  }
  if (chain.size() > kMaxChain) {
    return set_failure(out, Reason::chain_too_long, -1);
  }
  std::vector<ChainCert> certs(chain.size());
  // DANE-EE needs the leaf's bytes and key bytes only; the rest, and the
  // full parse of the leaf, only if DANE-TA needs them.
  if (!frame_presented(chain[0], certs[0])) {
    return set_failure(out, Reason::chain_malformed, 0);
  }
  Matcher matcher(backend_);
  if (match_ee(records, matcher, certs[0], out)) {
    return;
  }
  if (!have_ta) {
    return set_failure(
        out, matcher.error() ? Reason::internal_error : Reason::no_match, -1);
  }
  run_ta(certs, matcher, out);
}

}  // namespace exim_dane
