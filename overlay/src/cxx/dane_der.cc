/*************************************************
 *     Exim - DANE verifier: minimal DER reader   *
 *************************************************/

/* NAME
     dane_der.cc - a bounded reader for the few DER structures the backends
     need byte-exact (tbsCertificate, signature, Names, SPKI), so that both
     backends hand the core identical bytes.

   ENTRY POINTS
     der::read_tlv, der::is_single_tlv, der::split_cert,
     der::read_extensions, der::parse_validity (dane_der.h).
     Pure functions over caller-owned buffers; no allocation.
*/

#include "dane_der.h"

#include <algorithm>

namespace exim_dane {
namespace der {

bool read_tlv(const std::uint8_t *p, std::size_t len, Tlv &out)
{
  if (p == nullptr || len < 2) {
    return false;
  }
  const std::uint8_t tag = p[0];
  if ((tag & 0x1f) == 0x1f) {
    return false;  // multi-byte tags do not occur in what we read
  }
  std::size_t pos = 1;
  std::size_t vlen = 0;
  const std::uint8_t l0 = p[pos++];
  if (l0 < 0x80) {
    vlen = l0;
  } else {
    const std::size_t nbytes = l0 & 0x7fu;
    if (nbytes == 0 || nbytes > 4 || len - pos < nbytes) {
      return false;  // indefinite or absurd length
    }
    for (std::size_t i = 0; i < nbytes; i++) {
      vlen = (vlen << 8) | p[pos++];
    }
    if (vlen < 0x80) {
      return false;  // not minimal (DER)
    }
  }
  if (len - pos < vlen) {
    return false;
  }
  out.tag = tag;
  out.value = p + pos;
  out.value_len = vlen;
  out.whole = p;
  out.whole_len = pos + vlen;
  return true;
}

bool is_single_tlv(const std::uint8_t *p, std::size_t len)
{
  Tlv t;
  return read_tlv(p, len, t) && t.whole_len == len;
}

namespace {
// Valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool valid_utf8(const std::uint8_t *p, std::size_t len)
{
  std::size_t i = 0;
  while (i < len) {
    const std::uint8_t c = p[i];
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      n = 1;
      cp = c & 0x1fu;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2;
      cp = c & 0x0fu;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (len - i <= n) {
      return false;
    }
    for (std::size_t k = 1; k <= n; k++) {
      if ((p[i + k] & 0xc0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (p[i + k] & 0x3fu);
    }
    static const std::uint32_t kMin[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

bool well_formed_seq(const std::uint8_t *p, std::size_t len, unsigned depth)
{
  while (len > 0) {
    Tlv t;
    if (!read_tlv(p, len, t)) {
      return false;
    }
    if ((t.tag & 0x20) != 0) {
      if (depth >= 32 || !well_formed_seq(t.value, t.value_len, depth + 1)) {
        return false;
      }
    } else if ((t.tag == 0x0c && !valid_utf8(t.value, t.value_len)) ||
               (t.tag == 0x1e && t.value_len % 2 != 0) ||
               (t.tag == 0x1c && t.value_len % 4 != 0)) {
      return false;  // UTF8String / BMPString / UniversalString
    }
    p += t.whole_len;
    len -= t.whole_len;
  }
  return true;
}
}  // namespace

bool is_well_formed(const std::uint8_t *p, std::size_t len)
{
  return is_single_tlv(p, len) && well_formed_seq(p, len, 0);
}

namespace {

// Read n successive TLVs into fields at q, advancing q and left; false if
// one is malformed.
bool read_fields(const std::uint8_t *&q, std::size_t &left, Tlv *const *fields,
                 std::size_t n)
{
  for (std::size_t i = 0; i < n; i++) {
    if (!read_tlv(q, left, *fields[i])) {
      return false;
    }
    q += fields[i]->whole_len;
    left -= fields[i]->whole_len;
  }
  return true;
}

// The optional end of tbsCertificate: issuerUniqueID [1], subjectUniqueID
// [2], extensions [3] (RFC 5280 s4.1); only the last is kept, in ext (tag
// 0 when absent).  false if malformed.
bool read_tbs_tail(const std::uint8_t *q, std::size_t left, Tlv &ext)
{
  // RFC 5280 s4.1: after subjectPublicKeyInfo only issuerUniqueID [1],
  // subjectUniqueID [2] (IMPLICIT BIT STRING) and extensions [3], each at
  // most once and in that order; anything else is malformed, as the
  // libraries' own parsers say (the verifier's verdict must not depend on
  // whether a library parsed the certificate).
  ext = Tlv();
  unsigned last = 0;
  while (left > 0) {
    Tlv t;
    if (!read_tlv(q, left, t)) {
      return false;
    }
    const unsigned num = t.tag == 0x81   ? 1
                         : t.tag == 0x82 ? 2
                         : t.tag == 0xa3 ? 3
                                         : 0;
    if (num <= last) {
      return false;
    }
    last = num;
    if (t.tag == 0xa3 && (!read_tlv(t.value, t.value_len, ext) ||
                          ext.tag != 0x30 || ext.whole_len != t.value_len)) {
      return false;
    }
    q += t.whole_len;
    left -= t.whole_len;
  }
  return true;
}

}  // namespace

bool split_cert(const std::uint8_t *p, std::size_t len, CertParts &out)
{
  Tlv cert;
  if (!read_tlv(p, len, cert) || cert.tag != 0x30 || cert.whole_len != len) {
    return false;
  }
  const std::uint8_t *q = cert.value;
  std::size_t left = cert.value_len;
  Tlv *const top[3] = {&out.tbs, &out.sig_alg, &out.sig_value};
  if (!read_fields(q, left, top, 3) || left != 0 || out.tbs.tag != 0x30 ||
      out.sig_value.tag != 0x03) {
    return false;
  }
  // tbsCertificate: [0] version OPTIONAL, serial, signature, issuer,
  // validity, subject, subjectPublicKeyInfo, ...
  q = out.tbs.value;
  left = out.tbs.value_len;
  Tlv f;
  if (!read_tlv(q, left, f)) {
    return false;
  }
  if (f.tag == 0xa0) {
    q += f.whole_len;
    left -= f.whole_len;
  }
  Tlv serial, sig;
  Tlv *const fields[6] = {&serial,       &sig,         &out.issuer,
                          &out.validity, &out.subject, &out.spki};
  if (!read_fields(q, left, fields, 6) ||
      !read_tbs_tail(q, left, out.extensions)) {
    return false;
  }
  // RFC 5280 s4.1.1.2: the signature field in tbsCertificate MUST equal
  // signatureAlgorithm (GnuTLS enforces this, OpenSSL does not: we do).
  return out.issuer.tag == 0x30 && out.subject.tag == 0x30 &&
         out.spki.tag == 0x30 && out.validity.tag == 0x30 &&
         sig.whole_len == out.sig_alg.whole_len &&
         std::equal(sig.whole, sig.whole + sig.whole_len, out.sig_alg.whole);
}

/* RFC 5280 s4.1: Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER,
critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
bool read_extensions(const CertParts &parts, std::vector<Extension> &out)
{
  out.clear();
  if (parts.extensions.tag == 0) {
    return true;
  }
  const std::uint8_t *q = parts.extensions.value;
  std::size_t left = parts.extensions.value_len;
  while (left > 0) {
    Tlv ext, oid, f;
    if (out.size() >= kMaxExtensions || !read_tlv(q, left, ext) ||
        ext.tag != 0x30 || !read_tlv(ext.value, ext.value_len, oid) ||
        oid.tag != 0x06 || oid.value_len == 0) {
      return false;
    }
    Extension e;
    e.oid = ByteView(oid.value, oid.value_len);
    const std::uint8_t *r = oid.whole + oid.whole_len;
    std::size_t rl = ext.value_len - oid.whole_len;
    if (!read_tlv(r, rl, f)) {
      return false;
    }
    if (f.tag == 0x01) {
      // A BOOLEAN is one byte (DER: 0xff for TRUE, FALSE left out; an
      // explicit FALSE, which both libraries read, is tolerated).
      if (f.value_len != 1) {
        return false;
      }
      e.critical = f.value[0] != 0;
      r += f.whole_len;
      rl -= f.whole_len;
      if (!read_tlv(r, rl, f)) {
        return false;
      }
    }
    if (f.tag != 0x04 || f.whole_len != rl) {
      return false;
    }
    e.value = ByteView(f.value, f.value_len);
    out.push_back(e);
    q += ext.whole_len;
    left -= ext.whole_len;
  }
  return true;
}

namespace {

// Days from 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d)
{
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (m + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool digits(const std::uint8_t *p, std::size_t n, std::int64_t &out)
{
  out = 0;
  for (std::size_t i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') {
      return false;
    }
    out = out * 10 + (p[i] - '0');
  }
  return true;
}

bool parse_time(const Tlv &t, std::int64_t &out)
{
  std::size_t ylen = 0;
  if (t.tag == 0x17 && t.value_len == 13) {
    ylen = 2;  // UTCTime YYMMDDHHMMSSZ
  } else if (t.tag == 0x18 && t.value_len == 15) {
    ylen = 4;  // GeneralizedTime YYYYMMDDHHMMSSZ
  } else {
    return false;
  }
  const std::uint8_t *p = t.value;
  std::int64_t y, mo, d, h, mi, s;
  if (p[t.value_len - 1] != 'Z' || !digits(p, ylen, y) ||
      !digits(p + ylen, 2, mo) || !digits(p + ylen + 2, 2, d) ||
      !digits(p + ylen + 4, 2, h) || !digits(p + ylen + 6, 2, mi) ||
      !digits(p + ylen + 8, 2, s)) {
    return false;
  }
  if (ylen == 2) {
    y += y >= 50 ? 1900 : 2000;  // RFC 5280 s4.1.2.5.1
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return false;
  }
  out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  return true;
}

}  // namespace

bool parse_validity(const CertParts &parts, std::int64_t &not_before,
                    std::int64_t &not_after)
{
  Tlv a, b;
  const Tlv &v = parts.validity;
  if (!read_tlv(v.value, v.value_len, a) ||
      !read_tlv(a.whole + a.whole_len, v.value_len - a.whole_len, b) ||
      a.whole_len + b.whole_len != v.value_len) {
    return false;
  }
  return parse_time(a, not_before) && parse_time(b, not_after);
}

}  // namespace der
}  // namespace exim_dane
