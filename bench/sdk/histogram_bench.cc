// Histogram observe on one child with the default buckets, with 1, 2 and 8
// threads observing into the same child. Each thread walks the same fixed
// sequence of values (observed_values.h), from its own offset.

#include <benchmark/benchmark.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <cstddef>

#include "bench/sdk/observed_values.h"
#include "vigil/metrics/registry.h"

namespace {

using vigil::bench::kObservedValueCount;
using vigil::bench::observed_values;

vigil::metrics::Histogram& vigil_histogram() {
  static vigil::metrics::Registry registry;
  static vigil::metrics::Histogram& child =
      registry.histogram("bench_latency_seconds", "Latency.", {}, vigil::metrics::default_buckets()).with({});
  return child;
}

prometheus::Histogram& prometheus_histogram() {
  static prometheus::Registry registry;
  // prometheus-cpp has no default buckets: Prometheus's, the same as Vigil's.
  static prometheus::Histogram& child = prometheus::BuildHistogram()
                                            .Name("bench_latency_seconds")
                                            .Help("Latency.")
                                            .Register(registry)
                                            .Add({}, vigil::metrics::default_buckets());
  return child;
}

// Threads start at different places in the sequence, so that they do not
// hit the same bucket at the same moment more often than real traffic would.
size_t start_index(const benchmark::State& state) { return static_cast<size_t>(state.thread_index()) * 131; }

void histogram_observe_vigil(benchmark::State& state) {
  vigil::metrics::Histogram& histogram = vigil_histogram();
  const double* values = observed_values().data();
  size_t i = start_index(state);
  for (auto _ : state) histogram.observe(values[i++ & (kObservedValueCount - 1)]);
  state.SetItemsProcessed(state.iterations());
}

void histogram_observe_prometheus_cpp(benchmark::State& state) {
  prometheus::Histogram& histogram = prometheus_histogram();
  const double* values = observed_values().data();
  size_t i = start_index(state);
  for (auto _ : state) histogram.Observe(values[i++ & (kObservedValueCount - 1)]);
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(histogram_observe_vigil)->Name("histogram_observe/vigil")->UseRealTime()->Threads(1)->Threads(2)->Threads(8);
BENCHMARK(histogram_observe_prometheus_cpp)
    ->Name("histogram_observe/prometheus-cpp")
    ->UseRealTime()
    ->Threads(1)
    ->Threads(2)
    ->Threads(8);

}  // namespace
