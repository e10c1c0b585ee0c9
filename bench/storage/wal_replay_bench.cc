// Start-up time: a WAL of N series x M samples written through
// storage::Database (fsync never), then Database::open replaying it. The
// storage issue's target is 1,000,000 series x 120 samples in under 10 s.
// Only the open is timed; writing the WAL is set-up.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "storage/database.h"

namespace {

using namespace vigil::storage;
namespace fs = std::filesystem;

constexpr size_t kBatchSeries = 10'000;

// Appends `samples` rounds of one sample per series, kBatchSeries per append.
void write_wal(const std::string& dir, int series_count, int samples) {
  auto db = Database::open(dir, {.head = {}, .wal = {.fsync = vigil::storage::wal::WalOptions::Fsync::never}});
  if (!db) throw std::runtime_error(db.error().message);
  std::vector<SeriesSamples> all;
  all.reserve(static_cast<size_t>(series_count));
  for (int s = 0; s < series_count; ++s) {
    all.push_back({LabelSet::from({{"__name__", "node_cpu_seconds_total"},
                                   {"cpu", std::to_string(s % 64)},
                                   {"instance", "host-" + std::to_string(s / 64) + ":9100"},
                                   {"job", "node"},
                                   {"mode", "user"}})
                       .value(),
                   {Sample{}}});
  }
  for (int k = 0; k < samples; ++k) {
    for (int s = 0; s < series_count; ++s) {
      all[static_cast<size_t>(s)].samples[0] = {int64_t{k} * 15'000, static_cast<double>(k * (s % 100))};
    }
    for (size_t from = 0; from < all.size(); from += kBatchSeries) {
      size_t n = std::min(kBatchSeries, all.size() - from);
      auto out = (*db)->appender().append(std::span(all).subspan(from, n));
      if (!out || out->appended != n) throw std::runtime_error("append failed");
    }
  }
  if (auto closed = (*db)->close(); !closed) throw std::runtime_error(closed.error().message);
}

void BM_WalReplay(benchmark::State& state) {
  const int series_count = static_cast<int>(state.range(0));
  const int samples = static_cast<int>(state.range(1));
  // VIGIL_REPLAY_BENCH_DIR keeps the written WAL there and reuses it, for
  // profiling the replay alone.
  const char* keep = std::getenv("VIGIL_REPLAY_BENCH_DIR");
  fs::path dir = keep != nullptr
                     ? fs::path(keep) / (std::to_string(series_count) + "x" + std::to_string(samples))
                     : fs::temp_directory_path() / ("vigil-replay-bench-" + std::to_string(std::random_device()()));
  if (keep == nullptr || !fs::exists(dir)) write_wal(dir.string(), series_count, samples);
  uint64_t wal_bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir / "wal")) {
    if (entry.is_regular_file()) wal_bytes += entry.file_size();
  }
  ReplayStats stats;
  uint64_t head_series = 0;
  for (auto _ : state) {
    auto db = Database::open(dir.string());
    if (!db) {
      state.SkipWithError(db.error().message.c_str());
      break;
    }
    stats = (*db)->replay_stats();
    head_series = (*db)->head().num_series();
    state.PauseTiming();
    db->reset();  // closing and freeing the head is not part of start-up
    state.ResumeTiming();
  }
  if (keep == nullptr) fs::remove_all(dir);
  state.counters["replay_s"] = stats.seconds;
  state.counters["series"] = static_cast<double>(head_series);
  state.counters["series_records"] = static_cast<double>(stats.series);
  state.counters["deferred"] = static_cast<double>(stats.deferred_samples);
  state.counters["unknown_refs"] = static_cast<double>(stats.unknown_refs);
  state.counters["samples"] = static_cast<double>(stats.samples);
  state.counters["wal_MiB"] = static_cast<double>(wal_bytes) / (1 << 20);
  state.SetItemsProcessed(state.iterations() * series_count * samples);
}
// The target size, and a tenth of it for quick runs.
BENCHMARK(BM_WalReplay)
    ->Args({1'000'000, 120})
    ->Args({1'000'000, 1})
    ->Args({100'000, 120})
    ->Args({10'000, 120})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace
