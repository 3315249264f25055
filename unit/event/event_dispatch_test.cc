/*
 * event_dispatch_test.cc -- unit tests of the event dispatcher with a fake
 * host interface (no Exim needed).
 *
 * The fake host keeps the three event variables, records every expansion
 * with the variables it saw, and maps action strings to behaviours:
 *   "empty"        expands to ""
 *   "fail"         forced failure
 *   "error"        expansion error (message "bad expansion")
 *   "nest:EVENT"   raises EVENT (action "record") from inside the
 *                  expansion, then expands to ""
 *   "recurse"      raises itself again without end
 *   anything else  expands to itself
 */
#include "event_dispatch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

/* Count operator new calls, to prove the unset-action path allocates
nothing (the dispatcher is also written to allocate nothing at all). */
static std::atomic<size_t> g_allocations{0};

void *operator new(size_t size)
{
  ++g_allocations;
  void *p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) {
    throw std::bad_alloc();
  }
  return p;
}
void operator delete(void *p) noexcept
{
  std::free(p);
}
void operator delete(void *p, size_t) noexcept
{
  std::free(p);
}

namespace {

struct Seen {
  std::string action;
  std::string name;
  std::string data;  // "(null)" for NULL
  int defer_errno;
};

struct LogLine {
  exim_event_log_level level;
  std::string text;
};

struct FakeHost {
  exim_event_vars vars{"outer-name", "outer-data", 42};
  std::vector<Seen> seen;
  std::vector<LogLine> logs;
  std::vector<std::string> debugs;
  std::vector<std::string> results;  // after a nested raise: outer vars
  size_t calls = 0;
  exim_event_host host{};
  std::string keep;  // storage for the result of plain actions

  FakeHost();
};

std::string show(const char *s)
{
  return s != nullptr ? s : "(null)";
}

exim_event_expand_status fake_expand(void *ctx, const char *action,
                                     const char **out_result,
                                     const char **out_error)
{
  FakeHost *const h = static_cast<FakeHost *>(ctx);
  ++h->calls;
  const std::string a(action);
  h->seen.push_back(
      {a, show(h->vars.name), show(h->vars.data), h->vars.defer_errno});
  if (a == "empty") {
    *out_result = "";
    return EXIM_EVENT_EXPAND_OK;
  }
  if (a == "fail") {
    return EXIM_EVENT_EXPAND_FORCED_FAIL;
  }
  if (a == "error") {
    *out_error = "bad expansion";
    return EXIM_EVENT_EXPAND_ERROR;
  }
  if (a.rfind("nest:", 0) == 0) {
    const std::string inner = a.substr(5);
    const exim_event_request req{"record", inner.c_str(), "inner-data",
                                 7,        "t2",          nullptr};
    exim_event_outcome out{};
    EXPECT_EQ(exim_event_raise(&h->host, &req, &out), EXIM_EVENT_OK);
    h->results.push_back(show(h->vars.name) + "|" + show(h->vars.data) + "|" +
                         std::to_string(h->vars.defer_errno));
    *out_result = "";
    return EXIM_EVENT_EXPAND_OK;
  }
  if (a == "recurse") {
    const exim_event_request req{"recurse", "msg:delivery", "again",
                                 0,         "t1",           nullptr};
    exim_event_outcome out{};
    (void)exim_event_raise(&h->host, &req, &out);
    *out_result = "";
    return EXIM_EVENT_EXPAND_OK;
  }
  *out_result = action;
  return EXIM_EVENT_EXPAND_OK;
}

void fake_bind(void *ctx, const exim_event_vars *vars,
               exim_event_vars *out_saved)
{
  FakeHost *const h = static_cast<FakeHost *>(ctx);
  ++h->calls;
  *out_saved = h->vars;
  h->vars = *vars;
}

void fake_restore(void *ctx, const exim_event_vars *saved)
{
  FakeHost *const h = static_cast<FakeHost *>(ctx);
  ++h->calls;
  h->vars = *saved;
}

void fake_log(void *ctx, exim_event_log_level level, const char *line)
{
  FakeHost *const h = static_cast<FakeHost *>(ctx);
  ++h->calls;
  h->logs.push_back({level, line});
}

void fake_debug(void *ctx, const char *line)
{
  FakeHost *const h = static_cast<FakeHost *>(ctx);
  h->debugs.emplace_back(line);
}

FakeHost::FakeHost()
{
  host.ctx = this;
  host.expand = fake_expand;
  host.bind = fake_bind;
  host.restore = fake_restore;
  host.log = fake_log;
  host.debug = fake_debug;
}

exim_event_status raise(FakeHost &h, const char *action, const char *event,
                        const char *data, exim_event_outcome *out,
                        int defer_errno = 0, const char *scope = "t1")
{
  const exim_event_request req{action,      event, data,
                               defer_errno, scope, nullptr};
  return exim_event_raise(&h.host, &req, out);
}

/* ---- the table ---- */

TEST(EventTable, IdsIndexTheirRows)
{
  ASSERT_EQ(exim_event_count(), static_cast<size_t>(EXIM_EVENT_ID_COUNT));
  for (size_t i = 0; i < exim_event_count(); ++i) {
    const exim_event_info *ev = exim_event_at(i);
    ASSERT_NE(ev, nullptr);
    EXPECT_EQ(static_cast<size_t>(ev->id), i);
    EXPECT_EQ(exim_event_find(ev->name), ev);
  }
  EXPECT_STREQ(exim_event_at(EXIM_EVENT_MSG_FAIL_INTERNAL)->name,
               "msg:fail:internal");
  EXPECT_EQ(exim_event_find("tls:cert")->id, EXIM_EVENT_TLS_CERT);
}

TEST(EventTable, HasTheFifteenEventsOf496)
{
  const char *const names[] = {"msg:complete",
                               "msg:delivery",
                               "msg:defer",
                               "msg:rcpt:defer",
                               "msg:rcpt:host:defer",
                               "msg:host:defer",
                               "msg:fail:delivery",
                               "msg:fail:internal",
                               "tcp:connect",
                               "tcp:close",
                               "tls:cert",
                               "tls:fail:connect",
                               "smtp:connect",
                               "smtp:ehlo",
                               "dane:fail"};
  EXPECT_EQ(exim_event_count(), sizeof(names) / sizeof(names[0]));
  for (const char *n : names) {
    const exim_event_info *ev = exim_event_find(n);
    ASSERT_NE(ev, nullptr) << n;
    EXPECT_STREQ(ev->name, n);
  }
}

TEST(EventTable, AtAndFindAgree)
{
  for (size_t i = 0; i < exim_event_count(); ++i) {
    const exim_event_info *ev = exim_event_at(i);
    ASSERT_NE(ev, nullptr);
    EXPECT_EQ(exim_event_find(ev->name), ev);
    EXPECT_NE(ev->how_often, nullptr);
    EXPECT_NE(ev->summary, nullptr);
  }
  EXPECT_EQ(exim_event_at(exim_event_count()), nullptr);
  EXPECT_EQ(exim_event_find("msg:nosuch"), nullptr);
  EXPECT_EQ(exim_event_find("msg"), nullptr);
  EXPECT_EQ(exim_event_find("tcp:connect "), nullptr);
  EXPECT_EQ(exim_event_find(""), nullptr);
  EXPECT_EQ(exim_event_find(nullptr), nullptr);
}

TEST(EventTable, VetoesAndSides)
{
  EXPECT_EQ(exim_event_find("tcp:connect")->effect, EXIM_EVENT_VETO_CONNECT);
  EXPECT_EQ(exim_event_find("tls:cert")->effect, EXIM_EVENT_VETO_VERIFY);
  EXPECT_EQ(exim_event_find("smtp:connect")->effect,
            EXIM_EVENT_CLOSE_CONNECTION);
  size_t vetoes = 0;
  for (size_t i = 0; i < exim_event_count(); ++i) {
    if (exim_event_at(i)->effect != EXIM_EVENT_IGNORED) {
      ++vetoes;
    }
  }
  EXPECT_EQ(vetoes, 3u);
  EXPECT_EQ(exim_event_find("msg:complete")->side, EXIM_EVENT_SIDE_MAIN);
  EXPECT_EQ(exim_event_find("msg:fail:internal")->side, EXIM_EVENT_SIDE_MAIN);
  EXPECT_EQ(exim_event_find("tls:fail:connect")->side, EXIM_EVENT_SIDE_MAIN);
  EXPECT_EQ(exim_event_find("tls:cert")->side, EXIM_EVENT_SIDE_BOTH);
  EXPECT_EQ(exim_event_find("tcp:connect")->timing, EXIM_EVENT_BEFORE);
  EXPECT_EQ(exim_event_find("tls:cert")->timing, EXIM_EVENT_BEFORE);
  EXPECT_EQ(exim_event_find("smtp:connect")->timing, EXIM_EVENT_AFTER);
}

TEST(EventTable, ExactlyTheDeferEventsSetDeferErrno)
{
  for (size_t i = 0; i < exim_event_count(); ++i) {
    const exim_event_info *ev = exim_event_at(i);
    const std::string n(ev->name);
    const bool is_defer =
        n.size() > 6 && n.compare(n.size() - 6, 6, ":defer") == 0;
    EXPECT_EQ(ev->sets_defer_errno != 0, is_defer) << n;
  }
}

TEST(EventTable, FixedTexts)
{
  EXPECT_STREQ(exim_event_effect_text(EXIM_EVENT_IGNORED), "ignored");
  EXPECT_STREQ(exim_event_side_text(EXIM_EVENT_SIDE_BOTH), "both");
  EXPECT_STREQ(exim_event_timing_text(EXIM_EVENT_BEFORE), "before");
  EXPECT_STREQ(exim_event_effect_text(static_cast<exim_event_effect>(0)), "?");
}

/* ---- the cheap path ---- */

TEST(EventRaise, UnsetActionCostsNothing)
{
  FakeHost h;
  exim_event_outcome out{};
  const exim_event_request req{nullptr, "msg:delivery", "data",
                               0,       "t1",           nullptr};
  const size_t before = g_allocations.load();
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(exim_event_raise(&h.host, &req, &out), EXIM_EVENT_OK);
  }
  EXPECT_EQ(g_allocations.load(), before);
  EXPECT_EQ(h.calls, 0u);
  EXPECT_EQ(out.verdict, EXIM_EVENT_PROCEED);
  EXPECT_EQ(out.expanded, 0);
  EXPECT_EQ(out.result, nullptr);
  /* Not even a host is needed. */
  EXPECT_EQ(exim_event_raise(nullptr, &req, &out), EXIM_EVENT_OK);
}

TEST(EventRaise, SetActionAllocatesNothingEither)
{
  FakeHost h;
  h.seen.reserve(16);
  h.logs.reserve(16);
  h.debugs.reserve(16);
  exim_event_outcome out{};
  const size_t before = g_allocations.load();
  EXPECT_EQ(raise(h, "empty", "msg:delivery", "d", &out), EXIM_EVENT_OK);
  /* the fake itself copies strings into h.seen; count only those */
  const size_t fake_allocs = g_allocations.load() - before;
  EXPECT_LE(fake_allocs, 3u);
}

TEST(EventRaise, BadArguments)
{
  FakeHost h;
  exim_event_outcome out{};
  const exim_event_request req{"x", "msg:delivery", nullptr,
                               0,   nullptr,        nullptr};
  EXPECT_EQ(exim_event_raise(&h.host, nullptr, &out), EXIM_EVENT_BAD_ARGUMENT);
  EXPECT_EQ(exim_event_raise(&h.host, &req, nullptr), EXIM_EVENT_BAD_ARGUMENT);
  EXPECT_EQ(exim_event_raise(nullptr, &req, &out), EXIM_EVENT_BAD_ARGUMENT);
  exim_event_host partial = h.host;
  partial.expand = nullptr;
  EXPECT_EQ(exim_event_raise(&partial, &req, &out), EXIM_EVENT_BAD_ARGUMENT);
  EXPECT_EQ(h.calls, 0u);
}

/* ---- variables ---- */

TEST(EventRaise, BindsVariablesAndRestoresThem)
{
  FakeHost h;
  exim_event_outcome out{};
  EXPECT_EQ(raise(h, "empty", "msg:delivery", "250 OK", &out, 99),
            EXIM_EVENT_OK);
  ASSERT_EQ(h.seen.size(), 1u);
  EXPECT_EQ(h.seen[0].name, "msg:delivery");
  EXPECT_EQ(h.seen[0].data, "250 OK");
  /* msg:delivery does not set $event_defer_errno: bound to 0 */
  EXPECT_EQ(h.seen[0].defer_errno, 0);
  EXPECT_STREQ(h.vars.name, "outer-name");
  EXPECT_STREQ(h.vars.data, "outer-data");
  EXPECT_EQ(h.vars.defer_errno, 42);
  EXPECT_EQ(out.expanded, 1);
  EXPECT_EQ(out.event, exim_event_find("msg:delivery"));
}

TEST(EventRaise, DeferEventsBindDeferErrno)
{
  FakeHost h;
  exim_event_outcome out{};
  EXPECT_EQ(
      raise(h, "empty", "msg:host:defer", "Connection refused", &out, 111),
      EXIM_EVENT_OK);
  EXPECT_EQ(raise(h, "empty", "msg:rcpt:host:defer", "451", &out, -44),
            EXIM_EVENT_OK);
  ASSERT_EQ(h.seen.size(), 2u);
  EXPECT_EQ(h.seen[0].defer_errno, 111);
  EXPECT_EQ(h.seen[1].defer_errno, -44);
  EXPECT_EQ(h.vars.defer_errno, 42);
}

TEST(EventRaise, NullDataIsPassedAsNull)
{
  FakeHost h;
  exim_event_outcome out{};
  EXPECT_EQ(raise(h, "empty", "tcp:close", nullptr, &out), EXIM_EVENT_OK);
  ASSERT_EQ(h.seen.size(), 1u);
  EXPECT_EQ(h.seen[0].data, "(null)");
}

TEST(EventRaise, NestedRaiseSeesItsOwnValuesAndLeavesOuterIntact)
{
  FakeHost h;
  exim_event_outcome out{};
  EXPECT_EQ(raise(h, "nest:tcp:connect", "msg:delivery", "250 outer", &out),
            EXIM_EVENT_OK);
  ASSERT_EQ(h.seen.size(), 2u);
  /* the outer expansion started with the outer event's values */
  EXPECT_EQ(h.seen[0].name, "msg:delivery");
  EXPECT_EQ(h.seen[0].data, "250 outer");
  /* the nested raise saw its own */
  EXPECT_EQ(h.seen[1].action, "record");
  EXPECT_EQ(h.seen[1].name, "tcp:connect");
  EXPECT_EQ(h.seen[1].data, "inner-data");
  EXPECT_EQ(h.seen[1].defer_errno, 0);
  /* after the nested raise, the outer values were back */
  ASSERT_EQ(h.results.size(), 1u);
  EXPECT_EQ(h.results[0], "msg:delivery|250 outer|0");
  /* and after the outer raise, the caller's values */
  EXPECT_STREQ(h.vars.name, "outer-name");
  EXPECT_EQ(h.vars.defer_errno, 42);
}

TEST(EventRaise, NestedDeferEventErrnoDoesNotLeak)
{
  FakeHost h;
  exim_event_outcome out{};
  EXPECT_EQ(raise(h, "nest:msg:host:defer", "msg:defer", "outer", &out, 5),
            EXIM_EVENT_OK);
  ASSERT_EQ(h.seen.size(), 2u);
  EXPECT_EQ(h.seen[0].defer_errno, 5);
  EXPECT_EQ(h.seen[1].defer_errno, 7);
  ASSERT_EQ(h.results.size(), 1u);
  EXPECT_EQ(h.results[0], "msg:defer|outer|5");
}

TEST(EventRaise, RunawayNestingIsStoppedAndLogged)
{
  FakeHost h;
  exim_event_outcome out{};
  EXPECT_EQ(raise(h, "recurse", "msg:delivery", "x", &out), EXIM_EVENT_OK);
  EXPECT_EQ(h.seen.size(), static_cast<size_t>(EXIM_EVENT_MAX_NESTING));
  ASSERT_EQ(h.logs.size(), 1u);
  EXPECT_EQ(h.logs[0].level, EXIM_EVENT_LOG_MAIN_PANIC);
  EXPECT_NE(h.logs[0].text.find("nested deeper"), std::string::npos);
  EXPECT_STREQ(h.vars.name, "outer-name");
  /* the counter unwound: a fresh raise works again */
  EXPECT_EQ(raise(h, "empty", "msg:delivery", "x", &out), EXIM_EVENT_OK);
  EXPECT_EQ(h.logs.size(), 1u);
}

/* ---- results ---- */

TEST(EventRaise, EmptyResultProceeds)
{
  FakeHost h;
  exim_event_outcome out{};
  EXPECT_EQ(raise(h, "empty", "tcp:connect", nullptr, &out), EXIM_EVENT_OK);
  EXPECT_EQ(out.verdict, EXIM_EVENT_PROCEED);
  EXPECT_EQ(out.result, nullptr);
  EXPECT_TRUE(h.logs.empty());
}

TEST(EventRaise, EachVetoEventVetoesAndLogsWhy)
{
  struct Case {
    const char *event;
    const char *meaning;
  };
  const Case cases[] = {{"tcp:connect", "do not connect"},
                        {"tls:cert", "refuse verification"},
                        {"smtp:connect", "close the connection"}};
  for (const Case &c : cases) {
    FakeHost h;
    exim_event_outcome out{};
    EXPECT_EQ(raise(h, "no thanks", c.event, "0", &out), EXIM_EVENT_OK);
    EXPECT_EQ(out.verdict, EXIM_EVENT_VETO) << c.event;
    EXPECT_STREQ(out.result, "no thanks");
    ASSERT_EQ(h.logs.size(), 1u) << c.event;
    EXPECT_EQ(h.logs[0].level, EXIM_EVENT_LOG_MAIN);
    EXPECT_EQ(h.logs[0].text, std::string("event ") + c.event +
                                  " vetoed by event_action in t1 (" +
                                  c.meaning + "): no thanks");
  }
}

TEST(EventRaise, TlsCertOnServerSideNamesMain)
{
  FakeHost h;
  exim_event_outcome out{};
  EXPECT_EQ(raise(h, "no", "tls:cert", "1", &out, 0, nullptr), EXIM_EVENT_OK);
  ASSERT_EQ(h.logs.size(), 1u);
  EXPECT_EQ(h.logs[0].text,
            "event tls:cert vetoed by event_action in main (refuse "
            "verification): no");
}

TEST(EventRaise, VetoLineCarriesBoundedDetail)
{
  FakeHost h;
  exim_event_outcome out{};
  const exim_event_request req{
      "no", "tls:cert", "0", 0, "t1", "[192.0.2.1] depth=0 cert=<CN=a\nb>"};
  EXPECT_EQ(exim_event_raise(&h.host, &req, &out), EXIM_EVENT_OK);
  ASSERT_EQ(h.logs.size(), 1u);
  EXPECT_EQ(h.logs[0].text,
            "event tls:cert vetoed by event_action in t1 (refuse "
            "verification) for [192.0.2.1] depth=0 cert=<CN=a?b>: no");

  const std::string long_detail(5000, 'x');
  FakeHost h2;
  const exim_event_request req2{"no", "tcp:connect", nullptr,
                                0,    "t1",          long_detail.c_str()};
  EXPECT_EQ(exim_event_raise(&h2.host, &req2, &out), EXIM_EVENT_OK);
  ASSERT_EQ(h2.logs.size(), 1u);
  EXPECT_LT(h2.logs[0].text.size(), 2u * EXIM_EVENT_LOG_TEXT_MAX);
  EXPECT_NE(h2.logs[0].text.find("x...: no"), std::string::npos);
}

TEST(EventRaise, NonEmptyResultOfOtherEventsIsIgnored)
{
  for (size_t i = 0; i < exim_event_count(); ++i) {
    const exim_event_info *ev = exim_event_at(i);
    if (ev->effect != EXIM_EVENT_IGNORED) {
      continue;
    }
    FakeHost h;
    exim_event_outcome out{};
    EXPECT_EQ(raise(h, "something", ev->name, "d", &out), EXIM_EVENT_OK);
    EXPECT_EQ(out.verdict, EXIM_EVENT_RESULT_IGNORED) << ev->name;
    EXPECT_STREQ(out.result, "something");
    EXPECT_TRUE(h.logs.empty()) << ev->name;
    ASSERT_EQ(h.debugs.size(), 1u);
    EXPECT_NE(h.debugs[0].find("ignored"), std::string::npos);
  }
}

TEST(EventRaise, ForcedFailureIsSilentAndEmpty)
{
  FakeHost h;
  exim_event_outcome out{};
  EXPECT_EQ(raise(h, "fail", "tcp:connect", nullptr, &out), EXIM_EVENT_OK);
  EXPECT_EQ(out.verdict, EXIM_EVENT_PROCEED);
  EXPECT_EQ(out.result, nullptr);
  EXPECT_TRUE(h.logs.empty());
  EXPECT_STREQ(h.vars.name, "outer-name");
}

TEST(EventRaise, ExpansionErrorIsLoggedToMainAndPanicAndTreatedAsEmpty)
{
  FakeHost h;
  exim_event_outcome out{};
  EXPECT_EQ(raise(h, "error", "tcp:connect", nullptr, &out), EXIM_EVENT_OK);
  EXPECT_EQ(out.verdict, EXIM_EVENT_PROCEED);
  ASSERT_EQ(h.logs.size(), 1u);
  EXPECT_EQ(h.logs[0].level, EXIM_EVENT_LOG_MAIN_PANIC);
  EXPECT_EQ(h.logs[0].text,
            "failed to expand event_action tcp:connect in t1: bad expansion");
  EXPECT_STREQ(h.vars.name, "outer-name");
}

TEST(EventRaise, ExpansionErrorOfMainEventNamesMain)
{
  FakeHost h;
  exim_event_outcome out{};
  /* even if a transport happens to be current, msg:complete is main's */
  EXPECT_EQ(raise(h, "error", "msg:complete", nullptr, &out, 0, "t1"),
            EXIM_EVENT_OK);
  ASSERT_EQ(h.logs.size(), 1u);
  EXPECT_EQ(h.logs[0].text,
            "failed to expand event_action msg:complete in main: bad "
            "expansion");
  h.logs.clear();
  EXPECT_EQ(raise(h, "error", "tcp:close", nullptr, &out, 0, nullptr),
            EXIM_EVENT_OK);
  ASSERT_EQ(h.logs.size(), 1u);
  EXPECT_EQ(h.logs[0].text,
            "failed to expand event_action tcp:close in main: bad expansion");
}

TEST(EventRaise, UnknownEventIsLoggedAndNotExpanded)
{
  FakeHost h;
  exim_event_outcome out{};
  EXPECT_EQ(raise(h, "x", "msg:nosuch", nullptr, &out),
            EXIM_EVENT_UNKNOWN_EVENT);
  EXPECT_TRUE(h.seen.empty());
  EXPECT_EQ(out.expanded, 0);
  ASSERT_EQ(h.logs.size(), 1u);
  EXPECT_EQ(h.logs[0].level, EXIM_EVENT_LOG_MAIN_PANIC);
  EXPECT_EQ(h.logs[0].text,
            "event_action: unknown event \"msg:nosuch\" not raised");
}

TEST(EventRaise, LoggedResultIsBoundedAndPrintable)
{
  FakeHost h;
  exim_event_outcome out{};
  std::string big(5000, 'A');
  big[3] = '\n';
  big[4] = '\x1b';
  EXPECT_EQ(raise(h, big.c_str(), "tcp:connect", nullptr, &out), EXIM_EVENT_OK);
  EXPECT_EQ(out.verdict, EXIM_EVENT_VETO);
  /* the caller still gets the whole result */
  EXPECT_EQ(std::string(out.result), big);
  ASSERT_EQ(h.logs.size(), 1u);
  const std::string &line = h.logs[0].text;
  const std::string prefix =
      "event tcp:connect vetoed by event_action in t1 (do not connect): ";
  ASSERT_EQ(line.compare(0, prefix.size(), prefix), 0) << line;
  const std::string shown = line.substr(prefix.size());
  EXPECT_EQ(shown.size(), static_cast<size_t>(EXIM_EVENT_LOG_TEXT_MAX));
  EXPECT_EQ(shown.substr(0, 5), "AAA??");
  EXPECT_EQ(shown.substr(shown.size() - 3), "...");
}

TEST(EventRaise, LongUnknownNameIsBounded)
{
  FakeHost h;
  exim_event_outcome out{};
  const std::string big(4000, 'z');
  EXPECT_EQ(raise(h, "x", big.c_str(), nullptr, &out),
            EXIM_EVENT_UNKNOWN_EVENT);
  ASSERT_EQ(h.logs.size(), 1u);
  EXPECT_LT(h.logs[0].text.size(), 300u);
}

TEST(EventRaise, DebugIsOptional)
{
  FakeHost h;
  h.host.debug = nullptr;
  exim_event_outcome out{};
  EXPECT_EQ(raise(h, "veto", "tcp:connect", nullptr, &out), EXIM_EVENT_OK);
  EXPECT_EQ(out.verdict, EXIM_EVENT_VETO);
  EXPECT_TRUE(h.debugs.empty());
}

}  // namespace
