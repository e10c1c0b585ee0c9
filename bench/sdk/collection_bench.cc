// One collection of 10,000 counter children into the Prometheus text format,
// as a scrape or an exporter does it: Vigil's Registry::collect() and
// write_exposition, prometheus-cpp's Registry::Collect() and TextSerializer.
// Reports the time per collection and the size of the text.

#include <benchmark/benchmark.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <string>

#include "bench/sdk/labelled_children.h"
#include "vigil/exposition/text_writer.h"
#include "vigil/metrics/registry.h"

namespace {

constexpr int kChildren = 10'000;

void collection_vigil(benchmark::State& state) {
  vigil::metrics::Registry registry;
  vigil::bench::add_children(registry.counter("bench_requests_total", "Requests.", {"handler", "code"}), kChildren);
  size_t bytes = 0;
  for (auto _ : state) {
    std::string text;
    vigil::exposition::write_exposition(text, registry.collect(), vigil::exposition::Format::prometheus_text);
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

void collection_prometheus_cpp(benchmark::State& state) {
  prometheus::Registry registry;
  vigil::bench::add_children(
      prometheus::BuildCounter().Name("bench_requests_total").Help("Requests.").Register(registry), kChildren);
  const prometheus::TextSerializer serializer;
  size_t bytes = 0;
  for (auto _ : state) {
    std::string text = serializer.Serialize(registry.Collect());
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

BENCHMARK(collection_vigil)->Name("collection_10k/vigil")->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(collection_prometheus_cpp)
    ->Name("collection_10k/prometheus-cpp")
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
