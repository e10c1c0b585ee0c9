// Looking a child up by its label values on every call, then incrementing it:
// code that does not keep the handle. The child (2 labels) exists already, so
// this is the lookup of an existing child, not its creation.

#include <benchmark/benchmark.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include "vigil/metrics/registry.h"

namespace {

vigil::metrics::Family<vigil::metrics::Counter>& vigil_family() {
  static vigil::metrics::Registry registry;
  static vigil::metrics::Family<vigil::metrics::Counter>& family = [] -> auto& {
    auto& f = registry.counter("bench_requests_total", "Requests.", {"k1", "k2"});
    f.with({"a", "b"});
    return f;
  }
  ();
  return family;
}

prometheus::Family<prometheus::Counter>& prometheus_family() {
  static prometheus::Registry registry;
  static prometheus::Family<prometheus::Counter>& family = [] -> auto& {
    auto& f = prometheus::BuildCounter().Name("bench_requests_total").Help("Requests.").Register(registry);
    f.Add({{"k1", "a"}, {"k2", "b"}});
    return f;
  }
  ();
  return family;
}

void label_lookup_inc_vigil(benchmark::State& state) {
  auto& family = vigil_family();
  for (auto _ : state) family.with({"a", "b"}).inc();
  state.SetItemsProcessed(state.iterations());
}

void label_lookup_inc_prometheus_cpp(benchmark::State& state) {
  auto& family = prometheus_family();
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
