// Gorilla chunk: append and decode throughput on one core, and bytes per
// sample, for the series shapes monitoring data is made of.

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "storage/chunk/xor_chunk.h"

namespace {

using vigil::storage::chunk::XorAppender;
using vigil::storage::chunk::XorChunk;
using vigil::storage::chunk::XorIterator;

constexpr int kSamplesPerChunk = 120;

std::vector<double> series(int shape) {
  std::mt19937_64 rng(42);
  std::vector<double> v(kSamplesPerChunk);
  double x = 1000;
  for (int i = 0; i < kSamplesPerChunk; ++i) {
    switch (shape) {
      case 0: x += static_cast<double>(rng() % 20); break;                     // counter
      case 1: x = 50 + std::normal_distribution<double>(0, 3)(rng); break;     // noisy gauge
      case 2: x = 1; break;                                                     // constant
      default: x = std::round(std::normal_distribution<double>(500, 40)(rng)) / 100; break;  // 2-decimal gauge
    }
    v[static_cast<size_t>(i)] = x;
  }
  return v;
}

// One chunk of `values` at a 15 s scrape interval.
XorChunk encode(const std::vector<double>& values) {
  XorChunk chunk;
  XorAppender app(chunk);
  int64_t t = 1700000000000;
  for (double v : values) {
    app.append(t, v);
    t += 15000;
  }
  return chunk;
}

void BM_Append(benchmark::State& state) {
  auto values = series(static_cast<int>(state.range(0)));
  size_t bytes = 0;
  for (auto _ : state) {
    XorChunk chunk = encode(values);
    bytes = chunk.size_bytes();
    benchmark::DoNotOptimize(chunk);
  }
  state.SetItemsProcessed(state.iterations() * kSamplesPerChunk);
  state.counters["bytes_per_sample"] = static_cast<double>(bytes) / kSamplesPerChunk;
}
BENCHMARK(BM_Append)->Arg(0)->Arg(1)->Arg(2)->Arg(3)->ArgName("shape");

void BM_Decode(benchmark::State& state) {
  XorChunk chunk = encode(series(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    XorIterator it(chunk.bytes());
    double sum = 0;
    while (it.next()) sum += it.v();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kSamplesPerChunk);
}
BENCHMARK(BM_Decode)->Arg(0)->Arg(1)->Arg(2)->Arg(3)->ArgName("shape");

}  // namespace
