/*************************************************
 *     Exim - DANE verifier: byte buffers         *
 *************************************************/

/* NAME
     dane_bytes.h - Bytes (an owned buffer) and ByteView (a read-only view
     on bytes owned elsewhere), shared by the DER reader, the backend
     interface and the core (internal C++).
*/

#ifndef EXIM_DANE_BYTES_H
#define EXIM_DANE_BYTES_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace exim_dane {

// The value of a hex digit, -1 if c is not one (TLSA presentation form,
// RFC 6698 s2.2; the core and the checker read it alike).
inline int hex_value(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

using Bytes = std::vector<std::uint8_t>;

// A read-only view on bytes owned elsewhere; the owner keeps them
// unchanged while the view is used.
class ByteView {
 public:
  ByteView() = default;
  ByteView(const std::uint8_t *p, std::size_t n) : p_(p), n_(n) {}
  const std::uint8_t *data() const
  {
    return p_;
  }
  std::size_t size() const
  {
    return n_;
  }
  bool empty() const
  {
    return n_ == 0;
  }
  const std::uint8_t *begin() const
  {
    return p_;
  }
  const std::uint8_t *end() const
  {
    return p_ + n_;
  }
  // Same bytes as [p, p + n)?
  bool equals(const std::uint8_t *p, std::size_t n) const
  {
    return n == n_ && (n == 0 || std::memcmp(p, p_, n) == 0);
  }
  friend bool operator==(const ByteView &a, const ByteView &b)
  {
    return a.equals(b.p_, b.n_);
  }
  friend bool operator!=(const ByteView &a, const ByteView &b)
  {
    return !(a == b);
  }

 private:
  const std::uint8_t *p_ = nullptr;
  std::size_t n_ = 0;
};

}  // namespace exim_dane

#endif  // EXIM_DANE_BYTES_H
