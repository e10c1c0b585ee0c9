// `vigil tsdb analyze DIR [--limit N]`: what the storage holds and where its
// cardinality comes from, in the spirit of `promtool tsdb analyze`: the
// blocks and the head, the label names with the most values, the label pairs
// and metric names with the most series, and the series that churn (start or
// end within the stored range).

#include <fmt/core.h>

#include <algorithm>
#include <ctime>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/tsdb_storage.h"
#include "core/duration.h"
#include "storage/head/memory_series.h"

namespace vigil::cli {
namespace {

// 2023-11-14T22:13:20.000Z
std::string format_time(int64_t ms) {
  int64_t seconds = ms / 1000;
  int64_t millis = ms % 1000;
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::to_string(ms);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
}

std::string per_sample(uint64_t bytes, uint64_t samples) {
  return samples == 0 ? std::string("-") : fmt::format("{:.2f}", static_cast<double>(bytes) / samples);
}

// Where a series appears, as indexes into the time-ordered list of blocks
// followed by the head.
struct Presence {
  size_t first;
  size_t last;
};

struct HeadSummary {
  uint64_t series = 0;
  uint64_t samples = 0;
  int64_t min_time = std::numeric_limits<int64_t>::max();
  int64_t max_time = std::numeric_limits<int64_t>::min();
};

class Census {
 public:
  void add(const storage::LabelSet& labels, size_t range) {
    auto [it, inserted] = series_.try_emplace(labels, Presence{range, range});
    if (!inserted) {
      it->second.first = std::min(it->second.first, range);
      it->second.last = std::max(it->second.last, range);
    }
  }

  void print(size_t ranges, size_t limit) const {
    std::map<std::string, std::set<std::string>> values_by_name;
    std::map<std::string, uint64_t> series_by_pair;
    std::map<std::string, uint64_t> series_by_metric;
    std::map<std::string, uint64_t> churn_by_pair;
    uint64_t started = 0;
    uint64_t ended = 0;
    for (const auto& [labels, presence] : series_) {
      const bool starts_late = presence.first > 0;
      const bool ends_early = presence.last + 1 < ranges;
      started += starts_late;
      ended += ends_early;
      for (const storage::Label& label : labels) {
        values_by_name[label.name].insert(label.value);
        std::string pair = label.name + "=\"" + label.value + "\"";
        if (starts_late || ends_early) ++churn_by_pair[pair];
        ++series_by_pair[std::move(pair)];
      }
      if (auto name = labels.metric_name(); !name.empty()) ++series_by_metric[std::string(name)];
    }
    std::map<std::string, uint64_t> cardinality;
    for (const auto& [name, values] : values_by_name) cardinality[name] = values.size();

    fmt::print("\nSeries churn across {} time ranges (blocks, then the head):\n", ranges);
    fmt::print("  {} series start after the first range, {} end before the last\n", started, ended);
    print_top("Label pairs most involved in churning:", churn_by_pair, limit);
    print_top("Highest cardinality labels (distinct values):", cardinality, limit);
    print_top("Label pairs with most series:", series_by_pair, limit);
    print_top("Metric names with most series:", series_by_metric, limit);
  }

  size_t size() const noexcept { return series_.size(); }

 private:
  static void print_top(std::string_view title, const std::map<std::string, uint64_t>& counts, size_t limit) {
    std::vector<std::pair<std::string, uint64_t>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (sorted.size() > limit) sorted.resize(limit);
    fmt::print("\n{}\n", title);
    if (sorted.empty()) fmt::print("  (none)\n");
    for (const auto& [name, count] : sorted) fmt::print("{:>10} {}\n", count, name);
  }

  std::map<storage::LabelSet, Presence> series_;
};

}  // namespace

int run_tsdb_analyze(const TsdbAnalyzeOptions& options) {
  auto store = TsdbStorage::open(options.dir);
  if (!store) {
    fmt::print(stderr, "vigil: {}\n", store.error().message);
    return kExitRuntimeFailure;
  }
  storage::Database& database = store->database();
  Census census;

  const auto blocks = database.blocks();
  uint64_t block_bytes = 0;
  uint64_t block_samples = 0;
  fmt::print("Storage: {}\n\nBlocks: {}\n", options.dir, blocks.size());
  if (!blocks.empty()) {
    fmt::print("{:<26}  {:<24}  {:<24}  {:>8}  {:>10}  {:>12}  {:>12}  {:>12}\n", "ULID", "MIN TIME", "MAX TIME",
               "DURATION", "SERIES", "SAMPLES", "BYTES", "BYTES/SAMPLE");
  }
  for (size_t i = 0; i < blocks.size(); ++i) {
    const storage::block::Block& block = *blocks[i];
    const auto& meta = block.meta();
    const uint64_t bytes = block.size_bytes();
    block_bytes += bytes;
    block_samples += meta.num_samples;
    fmt::print("{:<26}  {:<24}  {:<24}  {:>8}  {:>10}  {:>12}  {:>12}  {:>12}\n", meta.ulid, format_time(meta.min_time),
               format_time(meta.max_time), format_duration(Duration(meta.max_time - meta.min_time)), meta.num_series,
               meta.num_samples, bytes, per_sample(bytes, meta.num_samples));
    for (uint32_t id = 0; id < block.num_series(); ++id) census.add(block.labels(id), i);
  }

  HeadSummary head;
  const size_t head_range = blocks.size();
  database.head().index().for_each([&](storage::head::MemorySeries& series) {
    std::lock_guard lock(series.lock());
    if (series.num_samples() == 0) return;
    ++head.series;
    head.samples += series.num_samples();
    head.min_time = std::min(head.min_time, series.min_time());
    head.max_time = std::max(head.max_time, series.max_time());
    census.add(series.labels(), head_range);
  });
  fmt::print("\nHead: {} series, {} samples", head.series, head.samples);
  if (head.samples > 0) fmt::print(", {} to {}", format_time(head.min_time), format_time(head.max_time));
  fmt::print("\n");

  const uint64_t wal_bytes = database.wal_bytes();
  const uint64_t samples = block_samples + head.samples;
  fmt::print("\nTotal: {} series, {} samples\n", census.size(), samples);
  fmt::print("On disk: {} bytes (blocks {}, WAL {}); {} bytes per sample overall, {} in blocks\n",
             block_bytes + wal_bytes, block_bytes, wal_bytes, per_sample(block_bytes + wal_bytes, samples),
             per_sample(block_bytes, block_samples));

  census.print(blocks.size() + (head.series > 0 ? 1 : 0), options.limit);
  return kExitOk;
}

}  // namespace vigil::cli
