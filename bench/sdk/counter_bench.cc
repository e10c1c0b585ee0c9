// Counter increment on one child whose handle the caller keeps, with 1, 2 and
// 8 threads incrementing the same child: Vigil, prometheus-cpp, and a plain
// thread_local integer as the floor no shared counter can beat.

#include <benchmark/benchmark.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include <cstdint>

#include "vigil/metrics/registry.h"

namespace {

// Function-local statics: created once, by whichever benchmark thread comes
// first, and shared by all threads and runs.
vigil::metrics::Counter& vigil_counter() {
  static vigil::metrics::Registry registry;
  static vigil::metrics::Counter& child = registry.counter("bench_requests_total", "Requests.").with({});
  return child;
}

prometheus::Counter& prometheus_counter() {
  static prometheus::Registry registry;
  static prometheus::Counter& child =
      prometheus::BuildCounter().Name("bench_requests_total").Help("Requests.").Register(registry).Add({});
  return child;
}

void counter_inc_vigil(benchmark::State& state) {
  vigil::metrics::Counter& counter = vigil_counter();
  for (auto _ : state) counter.inc();
  state.SetItemsProcessed(state.iterations());
}

void counter_inc_prometheus_cpp(benchmark::State& state) {
  prometheus::Counter& counter = prometheus_counter();
  for (auto _ : state) counter.Increment();
  state.SetItemsProcessed(state.iterations());
}

thread_local uint64_t thread_count = 0;

void counter_inc_thread_local(benchmark::State& state) {
  for (auto _ : state) {
    ++thread_count;
    // Keeps the increment a load and a store per iteration, as in code that
    // does other work between increments, instead of one add after the loop.
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(counter_inc_vigil)->Name("counter_inc/vigil")->UseRealTime()->Threads(1)->Threads(2)->Threads(8);
BENCHMARK(counter_inc_prometheus_cpp)
    ->Name("counter_inc/prometheus-cpp")
    ->UseRealTime()
    ->Threads(1)
    ->Threads(2)
    ->Threads(8);
BENCHMARK(counter_inc_thread_local)
    ->Name("counter_inc/thread_local")
    ->UseRealTime()
    ->Threads(1)
    ->Threads(2)
    ->Threads(8);

}  // namespace
