// Batched appends into the head on one core, without a log: the in-process
// throughput the storage issue targets (10 million samples/s).

#include <benchmark/benchmark.h>

#include <vector>

#include "storage/head/head.h"

namespace {

using namespace vigil::storage;

void BM_HeadAppend(benchmark::State& state) {
  const int series_count = static_cast<int>(state.range(0));
  const int samples_per_series = static_cast<int>(state.range(1));
  head::Head head(head::HeadOptions{});
  std::vector<SeriesSamples> batch;
  for (int s = 0; s < series_count; ++s) {
    batch.push_back({LabelSet::from({{"__name__", "http_requests_total"},
                                     {"instance", "host-" + std::to_string(s % 100)},
                                     {"job", "api"},
                                     {"path", "/v1/" + std::to_string(s)}})
                         .value(),
                     std::vector<Sample>(static_cast<size_t>(samples_per_series))});
  }
  int64_t t = 0;
  double v = 0;
  for (auto _ : state) {
    for (auto& item : batch) {
      for (auto& sample : item.samples) sample = {t++, v += 1};
    }
    auto out = head.append(batch);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * series_count * samples_per_series);
}
// 1,000 series per batch, 10 or 100 samples each.
BENCHMARK(BM_HeadAppend)->Args({1000, 10})->Args({1000, 100})->Unit(benchmark::kMicrosecond);

}  // namespace
