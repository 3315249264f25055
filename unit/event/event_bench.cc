/*
 * event_bench.cc -- what raising an event costs in the dispatcher.
 *
 * BM_UnsetAction is the path every one of Exim's event sites takes when no
 * event_action is configured: it must stay a few nanoseconds (no host call,
 * no allocation).  BM_EmptyAction adds binding, a trivial expansion and
 * restoring, for comparison.  Run: unit/build/event/event_bench
 */
#include <benchmark/benchmark.h>

#include "event_dispatch.h"

namespace {

exim_event_expand_status bench_expand(void *, const char *,
                                      const char **out_result, const char **)
{
  *out_result = "";
  return EXIM_EVENT_EXPAND_OK;
}
void bench_bind(void *, const exim_event_vars *, exim_event_vars *saved)
{
  *saved = exim_event_vars{nullptr, nullptr, 0};
}
void bench_restore(void *, const exim_event_vars *) {}
void bench_log(void *, exim_event_log_level, const char *) {}

const exim_event_host kHost = {nullptr,       bench_expand, bench_bind,
                               bench_restore, bench_log,    nullptr};

void BM_UnsetAction(benchmark::State &state)
{
  const exim_event_request req{nullptr, "msg:delivery", "250 OK",
                               0,       "t1",           nullptr};
  exim_event_outcome out{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(exim_event_raise(&kHost, &req, &out));
  }
}
BENCHMARK(BM_UnsetAction);

void BM_EmptyAction(benchmark::State &state)
{
  const exim_event_request req{"x", "msg:delivery", "250 OK", 0, "t1", nullptr};
  exim_event_outcome out{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(exim_event_raise(&kHost, &req, &out));
  }
}
BENCHMARK(BM_EmptyAction);

}  // namespace

BENCHMARK_MAIN();
