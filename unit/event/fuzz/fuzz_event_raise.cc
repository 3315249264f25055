/*
 * fuzz_event_raise.cc -- libFuzzer target for exim_event_raise().
 *
 * Input: byte 0 picks the event (a table row, or an arbitrary name taken
 * from the input when out of range), byte 1 the host's expansion outcome,
 * byte 2 the nesting (0-15 raises from inside the expansion); the rest is
 * split at the first NUL into the expansion result (or error) and the
 * event data.  Invariants checked: the variables are restored, every log
 * line is bounded and has no control characters, and the verdict matches
 * the table's effect for the event.
 */
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "event_dispatch.h"

namespace {

struct Fuzz {
  exim_event_vars vars{"caller", "caller-data", 3};
  std::string result;
  int status = 0;
  int nest = 0;
  exim_event_host host{};
};

void check(bool ok)
{
  if (!ok) {
    std::abort();
  }
}

exim_event_expand_status f_expand(void *ctx, const char *, const char **res,
                                  const char **err)
{
  Fuzz *const f = static_cast<Fuzz *>(ctx);
  if (f->nest > 0) {
    --f->nest;
    const exim_event_vars before = f->vars;
    const exim_event_request req{"x", "tcp:connect", "inner",
                                 1,   "t",           "H=h [ip]"};
    exim_event_outcome out{};
    (void)exim_event_raise(&f->host, &req, &out);
    check(f->vars.name == before.name && f->vars.data == before.data &&
          f->vars.defer_errno == before.defer_errno);
  }
  switch (f->status % 3) {
    case 0:
      *res = f->result.c_str();
      return EXIM_EVENT_EXPAND_OK;
    case 1:
      return EXIM_EVENT_EXPAND_FORCED_FAIL;
    default:
      *err = f->result.c_str();
      return EXIM_EVENT_EXPAND_ERROR;
  }
}

void f_bind(void *ctx, const exim_event_vars *v, exim_event_vars *saved)
{
  Fuzz *const f = static_cast<Fuzz *>(ctx);
  *saved = f->vars;
  f->vars = *v;
}

void f_restore(void *ctx, const exim_event_vars *saved)
{
  static_cast<Fuzz *>(ctx)->vars = *saved;
}

void f_log(void *, exim_event_log_level, const char *line)
{
  const size_t n = std::strlen(line);
  check(n < 1024);
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    check(c >= 0x20 && c != 0x7f);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 3) {
    return 0;
  }
  Fuzz f;
  f.host = {&f, f_expand, f_bind, f_restore, f_log, nullptr};
  f.status = data[1];
  f.nest = data[2] % 16;
  const std::string rest(reinterpret_cast<const char *>(data + 3), size - 3);
  const size_t nul = rest.find('\0');
  f.result = rest.substr(0, nul);
  const std::string ev_data =
      nul == std::string::npos ? "" : rest.substr(nul + 1);

  const exim_event_info *row = exim_event_at(data[0]);
  const std::string name = row != nullptr ? row->name : f.result;
  const exim_event_request req{"action", name.c_str(), ev_data.c_str(),
                               7,        "t",          ev_data.c_str()};
  exim_event_outcome out{};
  const exim_event_status st = exim_event_raise(&f.host, &req, &out);

  check(std::strcmp(f.vars.name, "caller") == 0);
  check(f.vars.defer_errno == 3);
  if (st == EXIM_EVENT_OK && out.event != nullptr) {
    const bool nonempty = f.status % 3 == 0 && !f.result.empty();
    if (!nonempty) {
      check(out.verdict == EXIM_EVENT_PROCEED);
    } else if (out.event->effect == EXIM_EVENT_IGNORED) {
      check(out.verdict == EXIM_EVENT_RESULT_IGNORED);
    } else {
      check(out.verdict == EXIM_EVENT_VETO);
    }
  }
  return 0;
}
