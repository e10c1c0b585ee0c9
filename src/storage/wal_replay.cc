#include "storage/wal_replay.h"

#include <algorithm>
#include <chrono>
#include <span>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vigil::storage {
namespace {

// The series replayed so far, by ref, so that samples skip the head's
// striped lookup. Refs are dense from 1, so a vector; a ref far past the
// others (only a damaged or foreign log) goes to a map instead of growing the
// vector without bound.
class SeriesByRef {
 public:
  void set(uint64_t ref, head::MemorySeries* series) {
    if (ref >= dense_.size() && ref <= 2 * dense_.size() + kSlack) dense_.resize(ref + 1 + ref / 2, nullptr);
    if (ref < dense_.size()) {
      dense_[ref] = series;
    } else {
      sparse_[ref] = series;
    }
  }
  head::MemorySeries* get(uint64_t ref) const {
    if (ref < dense_.size()) return dense_[ref];
    auto it = sparse_.find(ref);
    return it == sparse_.end() ? nullptr : it->second;
  }

 private:
  static constexpr uint64_t kSlack = 1 << 20;
  std::vector<head::MemorySeries*> dense_;
  std::unordered_map<uint64_t, head::MemorySeries*> sparse_;
};

struct DeferredSample {
  int64_t t;
  double v;
};

// Samples reach the head in groups: a WAL record holds one sample of each of
// many series, so applying records one by one touches every series' memory
// once per record and replay becomes a chain of cache misses. Buffering a few
// million samples and applying them sorted by ref (stable, so each series
// keeps its log order) touches each series once per group, and lets two
// threads take disjoint halves of the refs. (Decoding the next group while
// one is applied was measured slower: three threads thrash two cores' caches.)
class GroupedSamples {
 public:
  GroupedSamples(head::Head& head, const SeriesByRef& series) : head_(head), series_(series) {}

  void add(const wal::RefSample& s) {
    pending_.push_back(s);
    if (pending_.size() >= kGroupSamples) flush();
  }

  // Applies everything buffered.
  void flush() {
    if (pending_.empty()) return;
    sort_by_ref();
    // Split at a ref boundary so that no series is appended to by both threads.
    auto mid = pending_.begin() + static_cast<std::ptrdiff_t>(pending_.size() / 2);
    mid = std::lower_bound(pending_.begin(), mid, mid->ref,
                           [](const wal::RefSample& s, uint64_t ref) { return s.ref < ref; });
    if (pending_.size() >= kParallelSamples) {
      uint64_t other = 0;
      std::thread worker([&] { other = apply(std::span(mid, pending_.end())); });
      applied_ += apply(std::span(pending_.begin(), mid));
      worker.join();
      applied_ += other;
    } else {
      applied_ += apply(std::span(pending_.begin(), pending_.end()));
    }
    pending_.clear();
  }

  uint64_t applied() const { return applied_; }

 private:
  static constexpr size_t kGroupSamples = 4 << 20;
  static constexpr size_t kParallelSamples = 1 << 16;

  // Stable: a counting sort over the range of refs, which is dense unless
  // the log is damaged or foreign; a comparison sort otherwise.
  void sort_by_ref() {
    auto [lo, hi] = std::minmax_element(pending_.begin(), pending_.end(),
                                        [](const wal::RefSample& a, const wal::RefSample& b) { return a.ref < b.ref; });
    const uint64_t base = lo->ref;
    const uint64_t span = hi->ref - base + 1;
    if (span > 4 * pending_.size()) {
      std::stable_sort(pending_.begin(), pending_.end(),
                       [](const wal::RefSample& a, const wal::RefSample& b) { return a.ref < b.ref; });
      return;
    }
    starts_.assign(span + 1, 0);
    for (const wal::RefSample& s : pending_) ++starts_[s.ref - base + 1];
    for (size_t i = 1; i < starts_.size(); ++i) starts_[i] += starts_[i - 1];
    sorted_.resize(pending_.size());
    for (const wal::RefSample& s : pending_) sorted_[starts_[s.ref - base]++] = s;
    std::swap(pending_, sorted_);
  }

  // Runs of one ref go to the head under one lock each.
  uint64_t apply(std::span<const wal::RefSample> samples) {
    uint64_t n = 0;
    std::vector<Sample> run;
    for (size_t i = 0; i < samples.size();) {
      const uint64_t ref = samples[i].ref;
      run.clear();
      for (; i < samples.size() && samples[i].ref == ref; ++i) run.push_back({samples[i].t, samples[i].v});
      // Only refs with a series were buffered.
      n += head_.restore_samples(*series_.get(ref), run);
    }
    return n;
  }

  head::Head& head_;
  const SeriesByRef& series_;
  std::vector<wal::RefSample> pending_;
  std::vector<wal::RefSample> sorted_;  // scratch of sort_by_ref
  std::vector<uint32_t> starts_;
  uint64_t applied_ = 0;
};

class Replayer {
 public:
  Replayer(head::Head& head, const TombstoneSink& on_tombstone)
      : samples_(head, series_), head_(head), on_tombstone_(on_tombstone) {}

  Result<void> apply(wal::RecordType type, std::span<const uint8_t> payload) {
    switch (type) {
      case wal::RecordType::series:
        return apply_series(payload);
      case wal::RecordType::samples:
        return apply_samples(payload);
      case wal::RecordType::tombstones:
        return apply_tombstones(payload);
    }
    return {};
  }

  ReplayStats finish() {
    samples_.flush();
    stats_.samples = samples_.applied();
    for (const auto& [ref, samples] : deferred_) stats_.unknown_refs += samples.size();
    deferred_.clear();
    return stats_;
  }

 private:
  Result<void> apply_series(std::span<const uint8_t> payload) {
    auto series = wal::decode_series(payload);
    if (!series) return std::unexpected(series.error());
    for (const auto& s : *series) {
      head_.restore_series(s.ref, s.labels);
      // Null when these labels already have another ref: its samples count as unknown.
      head::MemorySeries* restored = head_.series(s.ref);
      if (restored == nullptr) continue;
      series_.set(s.ref, restored);
      if (deferred_.empty()) continue;
      auto waiting = deferred_.find(s.ref);
      if (waiting == deferred_.end()) continue;
      // Read before every later sample of this ref, so they go first.
      for (const DeferredSample& d : waiting->second) samples_.add({s.ref, d.t, d.v});
      stats_.deferred_samples += waiting->second.size();
      deferred_.erase(waiting);
    }
    stats_.series += series->size();
    return {};
  }

  Result<void> apply_samples(std::span<const uint8_t> payload) {
    auto samples = wal::decode_samples(payload);
    if (!samples) return std::unexpected(samples.error());
    for (const auto& s : *samples) {
      if (series_.get(s.ref) != nullptr) {
        samples_.add(s);
      } else {
        deferred_[s.ref].push_back({s.t, s.v});
      }
    }
    return {};
  }

  Result<void> apply_tombstones(std::span<const uint8_t> payload) {
    auto tombstones = wal::decode_tombstones(payload);
    if (!tombstones) return std::unexpected(tombstones.error());
    stats_.tombstones += tombstones->size();
    if (on_tombstone_) {
      // A tombstone covers what was logged before it, so that reaches the head first.
      samples_.flush();
      for (const auto& t : *tombstones) on_tombstone_(t);
    }
    return {};
  }

  SeriesByRef series_;  // before samples_, which refers to it
  GroupedSamples samples_;
  head::Head& head_;
  const TombstoneSink& on_tombstone_;
  // Typically empty: only samples logged just before their series record.
  std::unordered_map<uint64_t, std::vector<DeferredSample>> deferred_;
  ReplayStats stats_;
};

}  // namespace

Result<ReplayStats> replay_wal(const wal::Wal& wal, head::Head& head, const TombstoneSink& on_tombstone) {
  auto start = std::chrono::steady_clock::now();
  Replayer replayer(head, on_tombstone);
  auto ok =
      wal.replay([&](wal::RecordType type, std::span<const uint8_t> payload) { return replayer.apply(type, payload); });
  if (!ok) return std::unexpected(ok.error());
  ReplayStats stats = replayer.finish();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace vigil::storage
