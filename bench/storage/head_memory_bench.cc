// Resident memory of the head per active series: 100,000 series with the
// labels of a Kubernetes scrape, 480 samples each (2 hours at 15 s), appended
// as scrapes arrive (one sample per series per call). The storage issue's
// target is at most half of Prometheus (~3 KB per series) and below
// VictoriaMetrics.
//
// Reported counters (all per series unless named otherwise):
//   rss_series   RSS growth from creating the series with their first sample
//                (series objects, labels, symbols, index, postings)
//   rss_samples  RSS growth from the other 479 samples (chunks)
//   rss_total    the sum: what an active series costs
//   heap_*       the same from malloc's in-use bytes, without page rounding
//   chunk_B_per_sample  rss_samples / 479
//   scrape_samples_per_s  appends of one sample per series per call, per CPU second
//   est_*        the head's own estimate by owner (Head::memory()): series
//                objects, chunks, index tables, postings, symbols
// The argument is the head's samples per chunk. A run is one iteration: RSS is
// a process-wide figure, so compare arguments in separate processes
// (--benchmark_filter=BM_HeadMemory/240); the heap_* figures do not mind.

#include <benchmark/benchmark.h>
#include <malloc.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "storage/head/head.h"

namespace {

using namespace vigil::storage;

constexpr int kSeries = 100'000;
constexpr int kSamples = 480;
constexpr int64_t kIntervalMs = 15'000;
constexpr int kBatch = 1'000;

size_t rss_bytes() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<size_t>(resident) * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

size_t heap_bytes() { return mallinfo2().uordblks + mallinfo2().hblkhd; }

// 50 metric names x 2,000 pods; every 5th metric is a histogram bucket (le), every 5th+1 has a status code.
LabelSet series_labels(int s) {
  const int metric = s % 50, pod = s / 50;
  const int node = pod / 40, ns = pod % 20;
  std::vector<Label> l{
      {"__name__", "app_metric_" + std::to_string(metric) + (metric % 5 == 0 ? "_bucket" : "_total")},
      {"job", "kubernetes-pods"},
      {"instance", "10.1." + std::to_string(node) + "." + std::to_string(pod % 250) + ":8080"},
      {"namespace", "team-" + std::to_string(ns)},
      {"pod", "api-server-7d9f8b6c5-" + std::to_string(100000 + pod * 7919 % 90000)},
      {"node", "ip-10-1-" + std::to_string(node) + "-17.ec2.internal"},
  };
  if (metric % 5 == 0) l.push_back({"le", std::to_string(0.005 * (1 << (metric / 5)))});
  if (metric % 5 == 1) l.push_back({"code", std::to_string(200 + 100 * (metric / 5 % 4))});
  return LabelSet::from(std::move(l)).value();
}

// 70% counters with integer increments, 15% gauges of full-precision noise,
// 15% integer gauges that change now and then (bytes, counts).
struct ValueSource {
  explicit ValueSource(int s) : kind(s % 20 < 14 ? 0 : s % 20 < 17 ? 1 : 2), rng(static_cast<uint32_t>(s)) {}
  double next() {
    switch (kind) {
      case 0:
        return value += static_cast<double>(rng() % 20);
      case 1:
        return 50 + std::normal_distribution<double>(0, 3)(rng);
      default:
        return value = rng() % 10 == 0 ? std::floor(value + 4096.0 * static_cast<double>(rng() % 64)) : value;
    }
  }
  int kind;
  std::mt19937 rng;
  double value = 1000;
};

void BM_HeadMemory(benchmark::State& state) {
  std::vector<SeriesSamples> all;
  std::vector<ValueSource> values;
  all.reserve(kSeries);
  values.reserve(kSeries);
  for (int s = 0; s < kSeries; ++s) {
    all.push_back({series_labels(s), std::vector<Sample>(1)});
    values.emplace_back(s);
  }
  const int64_t start = 1'700'000'000'000;
  auto append_round = [&](head::Head& head, int round) {
    for (int s = 0; s < kSeries; ++s) all[s].samples[0] = {start + round * kIntervalMs, values[s].next()};
    for (int b = 0; b < kSeries; b += kBatch) {
      auto out = head.append(std::span(all).subspan(b, kBatch));
      if (!out || !out->rejects.empty()) state.SkipWithError("append failed");
    }
  };

  for (auto _ : state) {
    malloc_trim(0);
    const size_t rss0 = rss_bytes(), heap0 = heap_bytes();
    auto head =
        std::make_unique<head::Head>(head::HeadOptions{.samples_per_chunk = static_cast<uint16_t>(state.range(0))});
    append_round(*head, 0);
    const size_t rss1 = rss_bytes(), heap1 = heap_bytes();
    // CPU time of this thread: the figure should not depend on what else the machine runs.
    const double t0 = thread_cpu_seconds();
    for (int round = 1; round < kSamples; ++round) append_round(*head, round);
    const double seconds = thread_cpu_seconds() - t0;
    const size_t rss2 = rss_bytes(), heap2 = heap_bytes();

    const double n = kSeries;
    state.counters["rss_series"] = static_cast<double>(rss1 - rss0) / n;
    state.counters["rss_samples"] = static_cast<double>(rss2 - rss1) / n;
    state.counters["rss_total"] = static_cast<double>(rss2 - rss0) / n;
    state.counters["heap_series"] = static_cast<double>(heap1 - heap0) / n;
    state.counters["heap_samples"] = static_cast<double>(heap2 - heap1) / n;
    state.counters["heap_total"] = static_cast<double>(heap2 - heap0) / n;
    state.counters["chunk_B_per_sample"] = static_cast<double>(rss2 - rss1) / n / (kSamples - 1);
    state.counters["scrape_samples_per_s"] = n * (kSamples - 1) / seconds;
    const head::HeadMemory m = head->memory();
    state.counters["est_series"] = static_cast<double>(m.series) / n;
    state.counters["est_chunks"] = static_cast<double>(m.chunks) / n;
    state.counters["est_index"] = static_cast<double>(m.index) / n;
    state.counters["est_postings"] = static_cast<double>(m.postings) / n;
    state.counters["est_symbols"] = static_cast<double>(m.symbols) / n;
    state.counters["est_total"] = static_cast<double>(m.total()) / n;
    state.PauseTiming();
    head.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_HeadMemory)->Arg(120)->Arg(240)->Arg(480)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
