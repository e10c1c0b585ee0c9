#include "storage/wal_replay.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <span>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vigil::storage {
namespace {

// The series replayed so far, by ref, so that samples skip the head's
// striped lookup. Refs are dense from 1, so pages of a table indexed by ref;
// pages never move, so the thread applying samples can read entries while
// replay adds series to other ones. A ref past the table (only a damaged or
// foreign log) goes to a map, which only the replaying thread reads.
class SeriesByRef {
 public:
  static constexpr uint64_t kPageBits = 16;
  static constexpr uint64_t kDenseRefs = uint64_t{1} << (2 * kPageBits);

  SeriesByRef() : pages_(size_t{1} << kPageBits) {}

  void set(uint64_t ref, head::MemorySeries* series) {
    if (ref >= kDenseRefs) {
      sparse_[ref] = series;
      return;
    }
    auto& page = pages_[ref >> kPageBits];
    if (!page) page = std::make_unique<Page>();
    (*page)[ref & kPageMask] = series;
    max_dense_ref_ = std::max(max_dense_ref_, ref);
  }
  head::MemorySeries* get(uint64_t ref) const {
    if (ref >= kDenseRefs) {
      auto it = sparse_.find(ref);
      return it == sparse_.end() ? nullptr : it->second;
    }
    const auto& page = pages_[ref >> kPageBits];
    return page ? (*page)[ref & kPageMask] : nullptr;
  }
  uint64_t max_dense_ref() const { return max_dense_ref_; }

 private:
  static constexpr uint64_t kPageMask = (uint64_t{1} << kPageBits) - 1;
  using Page = std::array<head::MemorySeries*, size_t{1} << kPageBits>;

  std::vector<std::unique_ptr<Page>> pages_;  // sized once: never reallocated
  std::unordered_map<uint64_t, head::MemorySeries*> sparse_;
  uint64_t max_dense_ref_ = 0;
};

struct DeferredSample {
  int64_t t;
  double v;
};

// Samples buffered for one thread, with the range of their refs.
struct SamplePart {
  std::vector<wal::RefSample> samples;
  uint64_t lo = UINT64_MAX;
  uint64_t hi = 0;

  void add(const wal::RefSample& s) {
    samples.push_back(s);
    lo = std::min(lo, s.ref);
    hi = std::max(hi, s.ref);
  }
  void clear() {
    samples.clear();
    lo = UINT64_MAX;
    hi = 0;
  }
};

// Groups one part's samples by ref and hands each series its run under one
// lock. Grouping is a counting sort over the range of refs, which is dense
// unless the log is damaged or foreign (then a stable comparison sort); both
// keep each series' samples in log order.
class RunApplier {
 public:
  RunApplier(head::Head& head, const SeriesByRef& series) : head_(head), series_(series) {}

  uint64_t apply(SamplePart& part) {
    if (part.samples.empty()) return 0;
    const uint64_t base = part.lo;
    // Compared before adding one, which would wrap for refs 0 and 2^64-1.
    if (part.hi - base >= 4 * part.samples.size()) return apply_sparse(part.samples);
    const uint64_t span = part.hi - base + 1;
    ends_.assign(span, 0);
    for (const wal::RefSample& s : part.samples) ++ends_[s.ref - base];
    uint32_t sum = 0;
    for (uint32_t& e : ends_) {
      sum += e;
      e = sum - e;  // the start, for now: the scatter below moves it to the end
    }
    runs_.resize(part.samples.size());
    for (const wal::RefSample& s : part.samples) runs_[ends_[s.ref - base]++] = Sample{s.t, s.v};
    uint64_t n = 0;
    uint32_t begin = 0;
    for (uint64_t i = 0; i < span; ++i) {
      // The series are scattered over the heap: fetch a few ahead (only refs
      // with samples, whose series were all known before this part was handed over).
      if (const uint64_t ahead = i + kPrefetch; ahead < span && ends_[ahead] != ends_[ahead - 1]) {
        prefetch(series_.get(base + ahead));
      }
      const uint32_t end = ends_[i];
      if (end == begin) continue;
      // Only refs with a series were buffered.
      n += head_.restore_samples(*series_.get(base + i), std::span(runs_.data() + begin, end - begin));
      begin = end;
    }
    return n;
  }

 private:
  static constexpr uint64_t kPrefetch = 8;

  static void prefetch(const head::MemorySeries* series) {
    if (series == nullptr) return;
    const char* p = reinterpret_cast<const char*>(series);
    __builtin_prefetch(p);
    __builtin_prefetch(p + 64);
  }

  uint64_t apply_sparse(std::vector<wal::RefSample>& samples) {
    std::stable_sort(samples.begin(), samples.end(),
                     [](const wal::RefSample& a, const wal::RefSample& b) { return a.ref < b.ref; });
    uint64_t n = 0;
    for (size_t i = 0; i < samples.size();) {
      const uint64_t ref = samples[i].ref;
      runs_.clear();
      for (; i < samples.size() && samples[i].ref == ref; ++i) runs_.push_back({samples[i].t, samples[i].v});
      n += head_.restore_samples(*series_.get(ref), runs_);
    }
    return n;
  }

  head::Head& head_;
  const SeriesByRef& series_;
  std::vector<uint32_t> ends_;
  std::vector<Sample> runs_;
};

// Samples reach the head in groups: a WAL record holds one sample of each of
// many series, so applying records one by one touches every series' memory
// once per record and replay becomes a chain of cache misses. Buffering a few
// million samples and applying them grouped by series touches each series
// once per group.
//
// Both cores work: the refs are split in two parts; a worker thread applies
// the upper part of one group while this thread applies the lower part and
// then decodes the next group. Each part's series stay with one thread for
// the group, and a group is handed over only once the previous one is fully
// applied, so every series gets its samples in log order. The split moves
// after each group so that both threads are busy for the same time (this
// thread also decodes).
class GroupedSamples {
 public:
  GroupedSamples(head::Head& head, const SeriesByRef& series)
      : series_(series), main_applier_(head, series), worker_applier_(head, series) {}
  ~GroupedSamples() { join(); }
  GroupedSamples(const GroupedSamples&) = delete;
  GroupedSamples& operator=(const GroupedSamples&) = delete;

  void add(const wal::RefSample& s) {
    // The worker does not read refs past the dense table (see SeriesByRef).
    parts_[s.ref >= split_ref_ && s.ref < SeriesByRef::kDenseRefs ? 1 : 0].add(s);
    // The first group is small: the split needs the refs of the log's first
    // series records, and until then this thread applies alone.
    if (++pending_ >= (split_ref_ == UINT64_MAX ? kFirstGroupSamples : kGroupSamples)) hand_over();
  }

  // Applies everything buffered and waits for it.
  void flush() {
    if (pending_ >= kParallelSamples) hand_over();
    join();
    for (SamplePart& part : parts_) {
      applied_ += main_applier_.apply(part);
      part.clear();
    }
    pending_ = 0;
  }

  uint64_t applied() const { return applied_; }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr size_t kGroupSamples = 8 << 20;
  static constexpr size_t kFirstGroupSamples = 1 << 20;
  static constexpr size_t kParallelSamples = 1 << 16;

  void hand_over() {
    const double main_seconds = std::chrono::duration<double>(Clock::now() - handed_at_).count();
    join();
    rebalance(main_seconds);
    std::swap(worker_part_, parts_[1]);
    parts_[1].clear();
    worker_samples_ = worker_part_.samples.size();
    main_samples_ = parts_[0].samples.size();
    handed_at_ = Clock::now();
    worker_ = std::thread([this] {
      const auto start = Clock::now();
      worker_applied_ = worker_applier_.apply(worker_part_);
      worker_seconds_ = std::chrono::duration<double>(Clock::now() - start).count();
    });
    applied_ += main_applier_.apply(parts_[0]);
    parts_[0].clear();
    pending_ = 0;
  }

  void join() {
    if (!worker_.joinable()) return;
    worker_.join();
    applied_ += worker_applied_;
    worker_applied_ = 0;
  }

  // Sets the split for the next group from the last interval: this thread
  // applied main_samples_ and decoded in main_seconds, the worker applied
  // worker_samples_ in worker_seconds_. Assuming both apply at the worker's
  // rate, the worker's share is chosen to even out the two.
  void rebalance(double main_seconds) {
    const uint64_t max_ref = series_.max_dense_ref();
    if (worker_samples_ > 0 && worker_seconds_ > 0) {
      const double total = static_cast<double>(main_samples_ + worker_samples_);
      const double rate = worker_seconds_ / static_cast<double>(worker_samples_);
      const double work = main_seconds + worker_seconds_;
      const double wanted = std::clamp(work / 2 / rate / total, 0.4, 0.95);
      const double got = static_cast<double>(worker_samples_) / total;
      worker_share_ = std::clamp(worker_share_ * wanted / got, 0.3, 0.97);
    }
    split_ref_ = 1 + static_cast<uint64_t>((1 - worker_share_) * static_cast<double>(max_ref));
  }

  const SeriesByRef& series_;
  RunApplier main_applier_;
  RunApplier worker_applier_;
  std::array<SamplePart, 2> parts_;  // being filled: this thread's, the worker's next
  SamplePart worker_part_;           // the worker's, while it runs
  size_t pending_ = 0;
  // Until the first hand-over knows the refs, everything is this thread's.
  uint64_t split_ref_ = UINT64_MAX;
  double worker_share_ = 0.5;
  Clock::time_point handed_at_ = Clock::now();
  size_t main_samples_ = 0;
  size_t worker_samples_ = 0;
  std::thread worker_;
  uint64_t worker_applied_ = 0;   // written by the worker, read after joining it
  double worker_seconds_ = 0;     // likewise
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
      // A series logged again under a new ref (it left the head and came
      // back) gets the samples of both.
      series_.set(s.ref, head_.restore_series(s.ref, s.labels));
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
    if (auto ok = wal::decode_samples_into(payload, decoded_); !ok) return ok;
    for (const auto& s : decoded_) {
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
      for (wal::RefTombstone t : *tombstones) {
        // Addressed to the series the ref was replayed into (see apply_series).
        if (const head::MemorySeries* series = series_.get(t.ref)) t.ref = series->ref();
        on_tombstone_(t);
      }
    }
    return {};
  }

  SeriesByRef series_;  // before samples_, which refers to it
  GroupedSamples samples_;
  head::Head& head_;
  const TombstoneSink& on_tombstone_;
  // Typically empty: only samples logged just before their series record.
  std::unordered_map<uint64_t, std::vector<DeferredSample>> deferred_;
  std::vector<wal::RefSample> decoded_;  // one record's samples, reused
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
