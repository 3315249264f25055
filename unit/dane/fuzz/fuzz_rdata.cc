// libFuzzer: TLSA RDATA and presentation-form parsing, usability, agility.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "dane_core.h"
#include "dane_verify.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size)
{
  // 1. The bytes as one RDATA: the state is consistent with the fields.
  exim_dane::Record r;
  r.rdata.assign(data, data + size);
  exim_dane::classify_record(r);
  if (r.state == exim_dane::RecordState::usable &&
      (size < 4 || (r.usage != 2 && r.usage != 3) || r.selector > 1 ||
       r.mtype > 2)) {
    std::abort();
  }
  // 2. The bytes as presentation text: a success round-trips the header.
  const std::string text(reinterpret_cast<const char *>(data), size);
  exim_dane::Bytes out;
  if (exim_dane::parse_presentation(text.c_str(), out) && out.size() < 4) {
    std::abort();
  }
  // 3. Split into records at 0xff bytes, run the whole set through the C
  // ABI with an empty chain: never crashes, agility keeps >= 1 per group.
  dane_ctx *ctx = nullptr;
  if (dane_ctx_new(DANE_BACKEND_DEFAULT, &ctx) != DANE_STATUS_OK) {
    std::abort();
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= size; i++) {
    if (i == size || data[i] == 0xff) {
      dane_add_tlsa_rdata(ctx, data + start, i - start);
      start = i + 1;
    }
  }
  dane_add_reference_name(ctx, "mx.example.net");
  dane_set_time(ctx, 1800000000);
  dane_result res;
  if (dane_verify(ctx, &res) != DANE_STATUS_OK || res.verified) {
    std::abort();
  }
  dane_ctx_free(ctx);
  return 0;
}
