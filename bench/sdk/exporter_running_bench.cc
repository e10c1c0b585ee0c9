// Counter increment on one child (as in counter_bench.cc) while an exporter
// runs every 10 ms over a registry that also holds 1,000 other children, so
// that each collection does some work. Vigil runs its real OTLP exporter,
// pushing to a local receiver (otlp_sink.h); prometheus-cpp has no OTLP
// exporter, so its side collects and serializes the text exposition, what its
// pull endpoint does per scrape.

#include <benchmark/benchmark.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "bench/sdk/labelled_children.h"
#include "bench/sdk/otlp_sink.h"
#include "bench/sdk/periodic_collection.h"
#include "vigil/export/otlp_exporter.h"
#include "vigil/metrics/registry.h"

namespace {

constexpr int kOtherChildren = 1'000;
constexpr std::chrono::milliseconds kExportInterval{10};

struct VigilApplication {
  vigil::metrics::Registry registry;
  vigil::metrics::Counter& counter = registry.counter("bench_requests_total", "Requests.").with({});
  vigil::bench::OtlpSink sink;
  VigilApplication() {
    vigil::bench::add_children(registry.counter("bench_other_total", "Other.", {"handler", "code"}), kOtherChildren);
  }
  // The exporter of one timed run: it starts collecting at once.
  std::unique_ptr<vigil::exporter::OtlpExporter> start_exporter() {
    vigil::exporter::OtlpExporterOptions options;
    options.endpoint = sink.endpoint();
    options.export_interval = kExportInterval;
    options.logger = vigil::log::Logger("otlp", nullptr, vigil::log::Level::info, nullptr);
    return std::make_unique<vigil::exporter::OtlpExporter>(registry, options);
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
void exporter_running_vigil(benchmark::State& state) {
  static VigilApplication application;
  std::unique_ptr<vigil::exporter::OtlpExporter> exporter;
  if (state.thread_index() == 0) exporter = application.start_exporter();
  for (auto _ : state) application.counter.inc();
  state.SetItemsProcessed(state.iterations());
  if (exporter) {
    exporter->shutdown(std::chrono::seconds(1));
    state.counters["exports"] = static_cast<double>(exporter->stats().exported_batches);
  }
}

void exporter_running_prometheus_cpp(benchmark::State& state) {
  static PrometheusApplication application;
  std::optional<vigil::bench::PeriodicCollection> exporter;
  if (state.thread_index() == 0) exporter.emplace(kExportInterval, [] { application.export_once(); });
  for (auto _ : state) application.counter.Increment();
  state.SetItemsProcessed(state.iterations());
  if (exporter) state.counters["exports"] = exporter->collections();
}

BENCHMARK(exporter_running_vigil)->Name("exporter_running/vigil")->UseRealTime()->Threads(1)->Threads(2);
BENCHMARK(exporter_running_prometheus_cpp)
    ->Name("exporter_running/prometheus-cpp")
    ->UseRealTime()
    ->Threads(1)
    ->Threads(2);

}  // namespace
