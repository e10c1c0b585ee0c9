// Counter increment on one child (as in counter_bench.cc) while an exporter
// runs: a background thread collects the whole registry and writes the text
// exposition every 10 ms. The registry also holds 1,000 other children, so
// each collection does some work. Stands in for the OTLP exporter, which is
// being added; the benchmark will use it then.

#include <benchmark/benchmark.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <chrono>
#include <optional>
#include <string>

#include "bench/sdk/labelled_children.h"
#include "bench/sdk/periodic_collection.h"
#include "vigil/exposition/text_writer.h"
#include "vigil/metrics/registry.h"

namespace {

constexpr int kOtherChildren = 1'000;
constexpr std::chrono::milliseconds kExportInterval{10};

struct VigilApplication {
  vigil::metrics::Registry registry;
  vigil::metrics::Counter& counter = registry.counter("bench_requests_total", "Requests.").with({});
  VigilApplication() {
    vigil::bench::add_children(registry.counter("bench_other_total", "Other.", {"handler", "code"}), kOtherChildren);
  }
  void export_once() const {
    std::string text;
    vigil::exposition::write_exposition(text, registry.collect(), vigil::exposition::Format::prometheus_text);
    benchmark::DoNotOptimize(text.data());
  }
};

struct PrometheusApplication {
  prometheus::Registry registry;
  prometheus::Counter& counter =
      prometheus::BuildCounter().Name("bench_requests_total").Help("Requests.").Register(registry).Add({});
  PrometheusApplication() {
    vigil::bench::add_children(prometheus::BuildCounter().Name("bench_other_total").Help("Other.").Register(registry),
                               kOtherChildren);
  }
  void export_once() const {
    std::string text = prometheus::TextSerializer().Serialize(registry.Collect());
    benchmark::DoNotOptimize(text.data());
  }
};

// Thread 0 starts the exporter before the timed loop, which every thread
// enters together, and stops it after the loop, which they leave together.
template <class Application, class Increment>
void increment_while_exporting(benchmark::State& state, Increment increment) {
  static Application application;
  std::optional<vigil::bench::PeriodicCollection> exporter;
  if (state.thread_index() == 0) exporter.emplace(kExportInterval, [] { application.export_once(); });
  for (auto _ : state) increment(application.counter);
  state.SetItemsProcessed(state.iterations());
  if (exporter) state.counters["exports"] = exporter->collections();
}

void exporter_running_vigil(benchmark::State& state) {
  increment_while_exporting<VigilApplication>(state, [](vigil::metrics::Counter& c) { c.inc(); });
}

void exporter_running_prometheus_cpp(benchmark::State& state) {
  increment_while_exporting<PrometheusApplication>(state, [](prometheus::Counter& c) { c.Increment(); });
}

BENCHMARK(exporter_running_vigil)->Name("exporter_running/vigil")->UseRealTime()->Threads(1)->Threads(2);
BENCHMARK(exporter_running_prometheus_cpp)
    ->Name("exporter_running/prometheus-cpp")
    ->UseRealTime()
    ->Threads(1)
    ->Threads(2);

}  // namespace
