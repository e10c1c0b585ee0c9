// The block sample encoding against the head's Gorilla chunks: bytes per
// sample over a page of many series, before and after zstd, and encode and
// decode throughput, for the series shapes of chunk_bench.cc plus jittered
// timestamps and a page that mixes every shape.

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "storage/block/compression.h"
#include "storage/block/sample_codec.h"
#include "storage/chunk/xor_chunk.h"

namespace {

using vigil::storage::Sample;
namespace block = vigil::storage::block;
namespace chunk = vigil::storage::chunk;

constexpr int kSeries = 1000;
constexpr size_t kPageBytes = 64 << 10;

// Shapes 0-3 as in chunk_bench.cc (counter, noisy gauge, constant, 2-decimal
// gauge) at an exact 15 s interval; 4 is the counter with ±5 ms of scrape
// jitter; 5 mixes shapes 0-4 across the series of a page. Chunks of 120
// samples compare with the head's chunks; blocks hold 480 (2 hours at 15 s).
constexpr int kMixed = 5;

std::vector<Sample> series_chunk(int shape, int length, uint64_t seed) {
  std::mt19937_64 rng(seed);
  if (shape == kMixed) shape = static_cast<int>(seed % kMixed);
  std::vector<Sample> samples(static_cast<size_t>(length));
  double x = 1000;
  int64_t t = 1700000000000;
  for (auto& s : samples) {
    switch (shape) {
      case 0:
      case 4: x += static_cast<double>(rng() % 20); break;
      case 1: x = 50 + std::normal_distribution<double>(0, 3)(rng); break;
      case 2: x = 1; break;
      default: x = std::round(std::normal_distribution<double>(500, 40)(rng)) / 100; break;
    }
    int64_t jitter = shape == 4 ? static_cast<int64_t>(rng() % 11) - 5 : 0;
    s = {t + jitter, x};
    t += 15000;
  }
  return samples;
}

std::vector<std::vector<Sample>> page_of_series(int shape, int length) {
  std::vector<std::vector<Sample>> all;
  for (int i = 0; i < kSeries; ++i) all.push_back(series_chunk(shape, length, static_cast<uint64_t>(i) + 1));
  return all;
}

size_t xor_bytes(const std::vector<Sample>& samples) {
  chunk::XorChunk c;
  chunk::XorAppender app(c);
  for (const Sample& s : samples) app.append(s.t, s.v);
  return c.size_bytes();
}

// Block encodings back to back, cut into pages of about kPageBytes, each
// compressed on its own as the block writer does.
size_t compressed_bytes(const std::vector<std::vector<Sample>>& all) {
  size_t total = 0;
  std::vector<uint8_t> page;
  for (const auto& samples : all) {
    block::encode_samples(samples, page);
    if (page.size() >= kPageBytes) {
      total += block::compress(page).size();
      page.clear();
    }
  }
  if (!page.empty()) total += block::compress(page).size();
  return total;
}

void BM_BlockEncode(benchmark::State& state) {
  const int length = static_cast<int>(state.range(1));
  auto all = page_of_series(static_cast<int>(state.range(0)), length);
  size_t xor_total = 0, block_total = 0;
  for (const auto& samples : all) {
    xor_total += xor_bytes(samples);
    std::vector<uint8_t> bytes;
    block::encode_samples(samples, bytes);
    block_total += bytes.size();
  }
  size_t zstd_total = compressed_bytes(all);
  std::vector<uint8_t> out;
  for (auto _ : state) {
    for (const auto& samples : all) {
      out.clear();
      block::encode_samples(samples, out);
    }
    benchmark::DoNotOptimize(out.data());
  }
  double samples = static_cast<double>(kSeries) * length;
  state.SetItemsProcessed(state.iterations() * kSeries * length);
  state.counters["xor_B_per_sample"] = static_cast<double>(xor_total) / samples;
  state.counters["block_B_per_sample"] = static_cast<double>(block_total) / samples;
  state.counters["block_zstd_B_per_sample"] = static_cast<double>(zstd_total) / samples;
}
BENCHMARK(BM_BlockEncode)
    ->ArgsProduct({benchmark::CreateDenseRange(0, kMixed, 1), {120, 480}})
    ->ArgNames({"shape", "samples"})
    ->Unit(benchmark::kMillisecond);

void BM_BlockDecode(benchmark::State& state) {
  auto all = page_of_series(static_cast<int>(state.range(0)), 480);
  std::vector<uint8_t> page;
  for (const auto& samples : all) block::encode_samples(samples, page);
  std::vector<Sample> out;
  for (auto _ : state) {
    size_t offset = 0;
    out.clear();
    while (offset < page.size()) offset += *block::decode_samples(std::span(page).subspan(offset), out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * kSeries * 480);
}
BENCHMARK(BM_BlockDecode)->DenseRange(0, kMixed)->ArgName("shape")->Unit(benchmark::kMillisecond);

}  // namespace
