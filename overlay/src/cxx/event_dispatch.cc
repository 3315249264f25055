/*
 * event_dispatch.cc -- the event table and the dispatcher (EXPERIMENTAL_EVENT)
 *
 * What it is: the pure core behind event_dispatch.h.  It includes no Exim
 * header, does no I/O of its own and allocates nothing; Exim is reached
 * only through the exim_event_host function table.
 *
 * Entry points: those of event_dispatch.h (all noexcept).
 *
 * Ownership: the table is static; strings passed in belong to the caller;
 * the result string belongs to the host.  Log lines are formatted into
 * fixed-size stack buffers and handed to the host for the duration of the
 * call only.
 */

#include "event_dispatch.h"

/* In Exim the unit exists only with EXPERIMENTAL_EVENT (config.h is
force-included); the standalone unit build defines it. */
#ifdef EXPERIMENTAL_EVENT

#include <array>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <string_view>
#include <utility>

namespace {

/* One row of the table, constexpr so the checks below run at compile
time.  The C view (exim_event_info) is built from it. */
struct EventRow {
  std::string_view name;
  exim_event_side side;
  exim_event_timing timing;
  exim_event_effect effect;
  bool sets_defer_errno;
  const char *how_often;
  const char *data;
  const char *summary;
};

constexpr exim_event_side kMain = EXIM_EVENT_SIDE_MAIN;
constexpr exim_event_side kTransport = EXIM_EVENT_SIDE_TRANSPORT;
constexpr exim_event_side kBoth = EXIM_EVENT_SIDE_BOTH;
constexpr exim_event_timing kBefore = EXIM_EVENT_BEFORE;
constexpr exim_event_timing kAfter = EXIM_EVENT_AFTER;
constexpr exim_event_effect kIgnored = EXIM_EVENT_IGNORED;

/* THE event table.  Code (this file and event_glue.c through
exim_event_find()), the documentation (doc-txt/events.txt, checked by
unit/event) and the tests all derive from these rows. */
constexpr std::array<EventRow, 15> kRows = {{
    {"msg:complete", kMain, kAfter, kIgnored, false, "per message", nullptr,
     "all deliveries of a message are finished"},
    {"msg:delivery", kTransport, kAfter, kIgnored, false, "per recipient",
     "SMTP confirmation", "a recipient was delivered"},
    {"msg:defer", kTransport, kAfter, kIgnored, true, "per message per try",
     "error string", "a message delivery attempt was deferred"},
    {"msg:rcpt:defer", kTransport, kAfter, kIgnored, true, "per recipient",
     "error string", "a recipient was deferred by the last host tried"},
    {"msg:rcpt:host:defer", kTransport, kAfter, kIgnored, true,
     "per recipient per host", "error string",
     "a host deferred a recipient (4xx to RCPT)"},
    {"msg:host:defer", kTransport, kAfter, kIgnored, true, "per host per try",
     "error string", "a host error deferred the delivery to that host"},
    {"msg:fail:delivery", kTransport, kAfter, kIgnored, false, "per recipient",
     "SMTP error", "a recipient failed permanently in its transport"},
    {"msg:fail:internal", kMain, kAfter, kIgnored, false, "per recipient",
     "failure reason",
     "a recipient failed without a transport, or was removed (-Mrm)"},
    {"tcp:connect", kTransport, kBefore, EXIM_EVENT_VETO_CONNECT, false,
     "per connection", nullptr,
     "an outbound TCP connection is about to be made"},
    {"tcp:close", kTransport, kAfter, kIgnored, false, "per connection",
     nullptr, "an outbound TCP connection was closed"},
    {"tls:cert", kBoth, kBefore, EXIM_EVENT_VETO_VERIFY, false,
     "per certificate the peer sent", "depth",
     "a peer certificate is about to be verified"},
    {"tls:fail:connect", kMain, kAfter, kIgnored, false, "per connection",
     "error string", "a TLS handshake failed"},
    {"smtp:connect", kTransport, kAfter, EXIM_EVENT_CLOSE_CONNECTION, false,
     "per connection", "SMTP banner", "the server's banner was received"},
    {"smtp:ehlo", kTransport, kAfter, kIgnored, false, "per connection",
     "EHLO response", "the server's EHLO response was received"},
    {"dane:fail", kTransport, kAfter, kIgnored, false, "per connection",
     "failure reason (TLSRPT result type)", "DANE verification failed"},
}};

/* Compile-time checks of the table's invariants. */
constexpr bool names_unique() {
  for (size_t i = 0; i < kRows.size(); ++i) {
    for (size_t j = i + 1; j < kRows.size(); ++j) {
      if (kRows[i].name == kRows[j].name) {
        return false;
      }
    }
  }
  return true;
}
static_assert(names_unique(), "event names must be unique");

/* The ids of event_dispatch.h name the rows they index. */
constexpr bool ids_match_rows() {
  constexpr std::pair<exim_event_id, std::string_view> ids[] = {
      {EXIM_EVENT_MSG_COMPLETE, "msg:complete"},
      {EXIM_EVENT_MSG_DELIVERY, "msg:delivery"},
      {EXIM_EVENT_MSG_DEFER, "msg:defer"},
      {EXIM_EVENT_MSG_RCPT_DEFER, "msg:rcpt:defer"},
      {EXIM_EVENT_MSG_RCPT_HOST_DEFER, "msg:rcpt:host:defer"},
      {EXIM_EVENT_MSG_HOST_DEFER, "msg:host:defer"},
      {EXIM_EVENT_MSG_FAIL_DELIVERY, "msg:fail:delivery"},
      {EXIM_EVENT_MSG_FAIL_INTERNAL, "msg:fail:internal"},
      {EXIM_EVENT_TCP_CONNECT, "tcp:connect"},
      {EXIM_EVENT_TCP_CLOSE, "tcp:close"},
      {EXIM_EVENT_TLS_CERT, "tls:cert"},
      {EXIM_EVENT_TLS_FAIL_CONNECT, "tls:fail:connect"},
      {EXIM_EVENT_SMTP_CONNECT, "smtp:connect"},
      {EXIM_EVENT_SMTP_EHLO, "smtp:ehlo"},
      {EXIM_EVENT_DANE_FAIL, "dane:fail"},
  };
  if (std::size(ids) != kRows.size() ||
      static_cast<size_t>(EXIM_EVENT_ID_COUNT) != kRows.size()) {
    return false;
  }
  for (const auto &id : ids) {
    if (kRows[static_cast<size_t>(id.first)].name != id.second) {
      return false;
    }
  }
  return true;
}
static_assert(ids_match_rows(), "exim_event_id must follow the table");

/* A veto only makes sense for an event raised before the thing it can
stop, or (smtp:connect) with the connection still open. */
constexpr bool vetoes_consistent() {
  for (const EventRow &r : kRows) {
    if (r.effect == EXIM_EVENT_VETO_CONNECT && r.timing != kBefore) {
      return false;
    }
    if (r.effect == EXIM_EVENT_VETO_VERIFY && r.timing != kBefore) {
      return false;
    }
  }
  return true;
}
static_assert(vetoes_consistent(), "a pre-emptive veto needs timing before");

/* The C view of the table, built once from kRows. */
struct CTable {
  std::array<exim_event_info, kRows.size()> rows{};
  constexpr CTable() {
    for (size_t i = 0; i < kRows.size(); ++i) {
      rows[i].id = static_cast<exim_event_id>(i);
      rows[i].name = kRows[i].name.data();
      rows[i].side = kRows[i].side;
      rows[i].timing = kRows[i].timing;
      rows[i].effect = kRows[i].effect;
      rows[i].sets_defer_errno = kRows[i].sets_defer_errno ? 1 : 0;
      rows[i].how_often = kRows[i].how_often;
      rows[i].data = kRows[i].data;
      rows[i].summary = kRows[i].summary;
    }
  }
};
constexpr CTable kCTable{};

/* Current depth of nested raises (Exim is single-threaded per process). */
unsigned g_nesting = 0;

/* Counts one level of nesting for the lifetime of a raise. */
class NestingGuard final {
 public:
  NestingGuard() noexcept {
    ++g_nesting;
  }
  ~NestingGuard() {
    --g_nesting;
  }
  NestingGuard(const NestingGuard &) = delete;
  NestingGuard &operator=(const NestingGuard &) = delete;
};

/* Copy at most EXIM_EVENT_LOG_TEXT_MAX bytes of text into out, replacing
control characters with '?' and marking truncation with "...". */
void bounded_text(const char *text, char *out, size_t out_len) noexcept {
  static_assert(EXIM_EVENT_LOG_TEXT_MAX > 3, "room for the ellipsis");
  if (out_len == 0) {
    return;
  }
  if (text == nullptr) {
    out[0] = '\0';
    return;
  }
  size_t limit = out_len - 1;
  if (limit > EXIM_EVENT_LOG_TEXT_MAX) {
    limit = EXIM_EVENT_LOG_TEXT_MAX;
  }
  size_t n = 0;
  for (; text[n] != '\0' && n < limit; ++n) {
    const unsigned char c = static_cast<unsigned char>(text[n]);
    out[n] = (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  }
  if (text[n] != '\0' && limit >= 3) {
    out[limit - 3] = '.';
    out[limit - 2] = '.';
    out[limit - 1] = '.';
    n = limit;
  }
  out[n] = '\0';
}

/* Format a line into a stack buffer and hand it to the host's log. */
__attribute__((format(printf, 3, 4))) void host_log(const exim_event_host *host,
                                                    exim_event_log_level level,
                                                    const char *fmt,
                                                    ...) noexcept {
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  (void)std::vsnprintf(line, sizeof(line), fmt, ap);
  va_end(ap);
  host->log(host->ctx, level, line);
}

/* Like host_log, for the optional debug channel. */
__attribute__((format(printf, 2, 3))) void host_debug(
    const exim_event_host *host, const char *fmt, ...) noexcept {
  if (host->debug == nullptr) {
    return;
  }
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  (void)std::vsnprintf(line, sizeof(line), fmt, ap);
  va_end(ap);
  host->debug(host->ctx, line);
}

/* The scope named in log lines: the transport for transport-side events
when one is known, else "main". */
const char *scope_name(const exim_event_info *ev, const char *scope) noexcept {
  if (ev->side == EXIM_EVENT_SIDE_MAIN || scope == nullptr || *scope == '\0') {
    return "main";
  }
  return scope;
}

bool host_usable(const exim_event_host *host) noexcept {
  return host != nullptr && host->expand != nullptr && host->bind != nullptr &&
         host->restore != nullptr && host->log != nullptr;
}

}  // namespace

extern "C" {

size_t exim_event_count(void) noexcept {
  return kCTable.rows.size();
}

const exim_event_info *exim_event_at(size_t index) noexcept {
  if (index >= kCTable.rows.size()) {
    return nullptr;
  }
  return &kCTable.rows[index];
}

const exim_event_info *exim_event_find(const char *name) noexcept {
  if (name == nullptr) {
    return nullptr;
  }
  const std::string_view wanted(name);
  for (size_t i = 0; i < kRows.size(); ++i) {
    if (kRows[i].name == wanted) {
      return &kCTable.rows[i];
    }
  }
  return nullptr;
}

const char *exim_event_effect_text(exim_event_effect effect) noexcept {
  switch (effect) {
    case EXIM_EVENT_IGNORED:
      return "ignored";
    case EXIM_EVENT_VETO_CONNECT:
      return "do not connect";
    case EXIM_EVENT_VETO_VERIFY:
      return "refuse verification";
    case EXIM_EVENT_CLOSE_CONNECTION:
      return "close the connection";
  }
  return "?";
}

const char *exim_event_side_text(exim_event_side side) noexcept {
  switch (side) {
    case EXIM_EVENT_SIDE_MAIN:
      return "main";
    case EXIM_EVENT_SIDE_TRANSPORT:
      return "transport";
    case EXIM_EVENT_SIDE_BOTH:
      return "both";
  }
  return "?";
}

const char *exim_event_timing_text(exim_event_timing timing) noexcept {
  switch (timing) {
    case EXIM_EVENT_BEFORE:
      return "before";
    case EXIM_EVENT_AFTER:
      return "after";
  }
  return "?";
}

/* Expand the action with the event's variables bound (and restored after);
the result, or null when it failed (logged) or is empty. */
static const char *expand_action(const exim_event_host *host,
                                 const exim_event_request *req,
                                 const exim_event_info *ev, const char *where,
                                 exim_event_outcome *out) noexcept {
  const exim_event_vars vars = {ev->name, req->data,
                                ev->sets_defer_errno ? req->defer_errno : 0};
  exim_event_vars saved = {nullptr, nullptr, 0};
  host->bind(host->ctx, &vars, &saved);

  const char *result = nullptr;
  const char *error = nullptr;
  const exim_event_expand_status es =
      host->expand(host->ctx, req->action, &result, &error);
  out->expanded = 1;

  host->restore(host->ctx, &saved);

  if (es == EXIM_EVENT_EXPAND_ERROR) {
    /* Same wording as 4.96's event_raise(), so log watchers keep working. */
    char msg[EXIM_EVENT_LOG_TEXT_MAX + 1];
    bounded_text(error != nullptr ? error : "unknown error", msg, sizeof(msg));
    host_log(host, EXIM_EVENT_LOG_MAIN_PANIC,
             "failed to expand event_action %s in %s: %s", ev->name, where,
             msg);
    return nullptr;
  }
  if (es != EXIM_EVENT_EXPAND_OK || result == nullptr || *result == '\0') {
    return nullptr;
  }
  return result;
}

/* A non-empty expansion result: a veto, or ignored for an event whose
result has no effect; logged bounded. */
static void apply_result(const exim_event_host *host,
                         const exim_event_request *req,
                         const exim_event_info *ev, const char *where,
                         const char *result, exim_event_outcome *out) noexcept {
  out->result = result;
  char shown[EXIM_EVENT_LOG_TEXT_MAX + 1];
  bounded_text(result, shown, sizeof(shown));
  if (ev->effect == EXIM_EVENT_IGNORED) {
    out->verdict = EXIM_EVENT_RESULT_IGNORED;
    host_debug(host, "Event(%s): event_action returned \"%s\" (ignored)",
               ev->name, shown);
    return;
  }
  out->verdict = EXIM_EVENT_VETO;
  host_debug(host, "Event(%s): event_action returned \"%s\"", ev->name, shown);
  char detail[EXIM_EVENT_LOG_TEXT_MAX + 1];
  bounded_text(req->detail, detail, sizeof(detail));
  host_log(host, EXIM_EVENT_LOG_MAIN,
           "event %s vetoed by event_action in %s (%s)%s%s: %s", ev->name,
           where, exim_event_effect_text(ev->effect),
           detail[0] != '\0' ? " for " : "", detail, shown);
}

exim_event_status exim_event_raise(const exim_event_host *host,
                                   const exim_event_request *req,
                                   exim_event_outcome *out) noexcept {
  if (out != nullptr) {
    out->verdict = EXIM_EVENT_PROCEED;
    out->result = nullptr;
    out->event = nullptr;
    out->expanded = 0;
  }
  if (req == nullptr || out == nullptr) {
    return EXIM_EVENT_BAD_ARGUMENT;
  }

  /* The cheap path: no action configured.  Nothing is looked at. */
  if (req->action == nullptr) {
    return EXIM_EVENT_OK;
  }
  if (!host_usable(host)) {
    return EXIM_EVENT_BAD_ARGUMENT;
  }

  const exim_event_info *const ev = exim_event_find(req->event);
  out->event = ev;
  if (ev == nullptr) {
    char name[EXIM_EVENT_LOG_TEXT_MAX + 1];
    bounded_text(req->event, name, sizeof(name));
    host_log(host, EXIM_EVENT_LOG_MAIN_PANIC,
             "event_action: unknown event \"%s\" not raised", name);
    return EXIM_EVENT_UNKNOWN_EVENT;
  }
  const char *const where = scope_name(ev, req->scope);

  if (g_nesting >= EXIM_EVENT_MAX_NESTING) {
    host_log(host, EXIM_EVENT_LOG_MAIN_PANIC,
             "event_action %s in %s not expanded: events nested deeper "
             "than %d",
             ev->name, where, EXIM_EVENT_MAX_NESTING);
    return EXIM_EVENT_TOO_DEEP;
  }
  const NestingGuard nesting;

  const char *const result = expand_action(host, req, ev, where, out);
  if (result != nullptr) {
    apply_result(host, req, ev, where, result, out);
  }
  return EXIM_EVENT_OK;
}

}  // extern "C"

#endif /* EXPERIMENTAL_EVENT */
