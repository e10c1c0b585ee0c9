// Looking a child up by its label values on every call, then incrementing it:
// code that does not keep the handle. The child (2 labels) exists already, so
// this is the lookup of an existing child, not its creation.

#include <benchmark/benchmark.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include "vigil/metrics/registry.h"

namespace {

// Each registry holds the family with its one child, created up front.
struct VigilRegistry {
  vigil::metrics::Registry registry;
  vigil::metrics::Family<vigil::metrics::Counter>& family =
      registry.counter("bench_requests_total", "Requests.", {"k1", "k2"});
  VigilRegistry() { family.with({"a", "b"}); }
};

struct PrometheusRegistry {
  prometheus::Registry registry;
  prometheus::Family<prometheus::Counter>& family =
      prometheus::BuildCounter().Name("bench_requests_total").Help("Requests.").Register(registry);
  PrometheusRegistry() { family.Add({{"k1", "a"}, {"k2", "b"}}); }
};

void label_lookup_inc_vigil(benchmark::State& state) {
  static VigilRegistry registry;
  auto& family = registry.family;
  for (auto _ : state) family.with({"a", "b"}).inc();
  state.SetItemsProcessed(state.iterations());
}

void label_lookup_inc_prometheus_cpp(benchmark::State& state) {
  static PrometheusRegistry registry;
  auto& family = registry.family;
  for (auto _ : state) family.Add({{"k1", "a"}, {"k2", "b"}}).Increment();
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(label_lookup_inc_vigil)->Name("label_lookup_inc/vigil")->UseRealTime()->Threads(1)->Threads(2);
BENCHMARK(label_lookup_inc_prometheus_cpp)
    ->Name("label_lookup_inc/prometheus-cpp")
    ->UseRealTime()
    ->Threads(1)
    ->Threads(2);

}  // namespace
