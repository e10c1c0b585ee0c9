#pragma once
// Finds or creates head series by label set, and finds them by ref. Striped
// by hash (labels) and by ref, a lock per stripe: appends to different series
// rarely contend, and there is no global lock on the append path. Series
// labels are interned in the index's symbol table; the postings index is
// kept in step on creation, under the stripe lock, so that a removal (which
// holds the same lock) never races with the creation of the same series.

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/head/memory_series.h"
#include "storage/head/series_table.h"
#include "storage/index/postings_index.h"
#include "storage/labels/symbol_table.h"

namespace vigil::storage::head {

class SeriesIndex {
 public:
  static constexpr size_t kStripes = 256;

  // `count_metrics`: keep a count of series per metric name, for a per-metric limit.
  SeriesIndex(uint16_t samples_per_chunk, index::PostingsIndex& postings, bool count_metrics = false)
      : samples_per_chunk_(samples_per_chunk), postings_(postings), count_metrics_(count_metrics) {}
  SeriesIndex(const SeriesIndex&) = delete;
  SeriesIndex& operator=(const SeriesIndex&) = delete;
  ~SeriesIndex();

  struct Found {
    MemorySeries* series = nullptr;  // null when a limit refused a new series
    bool created = false;
    bool metric_limit = false;  // the per-metric limit refused it (else the total)
  };
  // `max_series` and `max_per_metric` 0 mean no limit. `ref` 0 assigns the
  // next free ref (replay passes the logged one).
  Found get_or_create(const LabelSet& labels, uint64_t hash, uint64_t max_series, uint64_t ref = 0,
                      uint64_t max_per_metric = 0);
  MemorySeries* by_ref(uint64_t ref) const;
  // A LabelSet or a series' views; `hash` is hash_labels(labels).
  template <class Labels>
  MemorySeries* find(const Labels& labels, uint64_t hash) const {
    const HashStripe& stripe = hash_stripes_[hash % kStripes];
    std::lock_guard lock(stripe.mu);
    return stripe.by_hash.find(hash, [&](const MemorySeries& s) { return s.has_labels(labels); });
  }
  // Starts fetching the memory find(…, hash) reads first; takes no lock.
  void prefetch(uint64_t hash) const noexcept { hash_stripes_[hash % kStripes].by_hash.prefetch(hash); }

  // Takes `series` out of the index (not out of the postings: the caller
  // batches that) if it holds no sample, judged under its lock while its hash
  // stripe is locked, so no appender can find it meanwhile; an appender that
  // found it before sees it marked removed. The object stays allocated until
  // retire_removed() has been called twice, so pointers that readers took
  // before the removal stay valid until then.
  bool remove_if_empty(MemorySeries& series);
  // Frees the series retired by the previous call and retires those removed since.
  void retire_removed();

  uint64_t size() const noexcept { return count_.load(std::memory_order_relaxed); }
  // Calls fn for every series (under its stripe's lock; fn must not call back in).
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const auto& stripe : ref_stripes_) {
      std::lock_guard lock(stripe.mu);
      stripe.series.for_each(fn);
    }
  }

  const SymbolTable& symbols() const noexcept { return symbols_; }
  // Bytes of the lookup tables (both stripings) and of the symbol table.
  size_t table_bytes() const;
  size_t symbol_bytes() const noexcept { return symbols_.memory_bytes(); }

 private:
  struct HashStripe {
    mutable std::mutex mu;
    SeriesTable by_hash;
  };
  struct RefStripe {
    mutable std::mutex mu;
    SeriesTable series;  // owns its series: deleted on removal (after retirement) or with the index
  };

  const uint16_t samples_per_chunk_;
  index::PostingsIndex& postings_;
  SymbolTable symbols_;
  std::array<HashStripe, kStripes> hash_stripes_;
  std::array<RefStripe, kStripes> ref_stripes_;
  const bool count_metrics_;
  std::mutex metric_mu_;                                     // after a hash stripe's lock, never before
  std::unordered_map<std::string, uint64_t> metric_series_;  // by metric name, with count_metrics_
  std::atomic<uint64_t> next_ref_{1};
  std::atomic<uint64_t> count_{0};
  std::mutex removed_mu_;
  std::vector<MemorySeries*> removed_;  // out of the index, maybe still in a reader's hands
  std::vector<MemorySeries*> retired_;  // removed before the last retire_removed()
};

}  // namespace vigil::storage::head
