// Batched appends into the head on one core, without a log: the in-process
// throughput the storage issue targets (10 million samples/s).

#include <benchmark/benchmark.h>

#include <vector>

#include "bench/storage/workload.h"
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

// The storage comparison's shape (bench/storage/compare.sh): 100,000 series
// of the synthetic workload, 10 scrapes per call, about 1,000 series per
// call, so that each series lookup misses the caches. The first 10 scrapes
// create the series untimed; the next 110 are timed.
void BM_HeadAppendWorkload(benchmark::State& state) {
  constexpr uint32_t kScrapesPerCall = 10;
  constexpr size_t kSamplesPerCall = 10'000;
  vigil::bench::WorkloadOptions options;
  options.series = static_cast<uint32_t>(state.range(0));
  options.duration_ms = 120 * options.interval_ms;
  for (auto _ : state) {
    state.PauseTiming();
    vigil::bench::Workload workload(options);
    head::Head head(head::HeadOptions{});
    std::vector<LabelSet> labels;
    std::vector<vigil::bench::WorkloadPoint> points;
    std::vector<SeriesSamples> batch;
    std::vector<uint32_t> ids;  // of the batch's series
    uint64_t appended = 0;
    for (bool first = true, more = true; more; first = false) {
      points.clear();
      for (uint32_t i = 0; i < kScrapesPerCall && (more = workload.next_scrape(points)); ++i) {
      }
      std::stable_sort(points.begin(), points.end(), [](auto& a, auto& b) { return a.series < b.series; });
      while (labels.size() < workload.series_created()) labels.push_back(workload.labels(labels.size()));
      for (size_t i = 0; i < points.size();) {
        batch.clear();
        ids.clear();
        size_t in_call = 0;
        while (i < points.size() && in_call < kSamplesPerCall) {
          ids.push_back(points[i].series);
          SeriesSamples& item = batch.emplace_back(SeriesSamples{labels[points[i].series], {}});
          for (uint32_t id = points[i].series; i < points.size() && points[i].series == id; ++i, ++in_call) {
            item.samples.push_back({points[i].t, points[i].v});
          }
        }
        if (!first) state.ResumeTiming();
        auto out = head.append(batch);
        if (!first) state.PauseTiming();
        benchmark::DoNotOptimize(out);
        if (!first) appended += out->appended;
        for (size_t k = 0; k < batch.size(); ++k) labels[ids[k]] = std::move(batch[k].labels);
      }
    }
    state.SetItemsProcessed(state.items_processed() + static_cast<int64_t>(appended));
    state.ResumeTiming();
  }
}
BENCHMARK(BM_HeadAppendWorkload)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
