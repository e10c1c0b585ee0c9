#include "storage/head/series_index.h"

namespace vigil::storage::head {

SeriesIndex::Found SeriesIndex::get_or_create(const LabelSet& labels, uint64_t hash, uint64_t max_series,
                                              uint64_t ref) {
  // Lock order: a hash stripe, then a ref stripe; never the reverse.
  HashStripe& stripe = hash_stripes_[hash % kStripes];
  std::lock_guard lock(stripe.mu);
  auto& candidates = stripe.by_hash[hash];
  for (MemorySeries* s : candidates) {
    if (s->labels() == labels) return {s, false};
  }
  if (max_series != 0 && count_.load(std::memory_order_relaxed) >= max_series) return {nullptr, false};
  if (ref == 0) {
    ref = next_ref_.fetch_add(1, std::memory_order_relaxed);
  } else {
    // Replayed refs keep their numbers; new ones continue after the largest.
    uint64_t next = next_ref_.load(std::memory_order_relaxed);
    while (next <= ref && !next_ref_.compare_exchange_weak(next, ref + 1, std::memory_order_relaxed)) {
    }
  }
  auto owned = std::make_unique<MemorySeries>(ref, labels, samples_per_chunk_);
  MemorySeries* series = owned.get();
  {
    RefStripe& rs = ref_stripes_[ref % kStripes];
    std::lock_guard ref_lock(rs.mu);
    rs.series.emplace(ref, std::move(owned));
  }
  candidates.push_back(series);
  count_.fetch_add(1, std::memory_order_relaxed);
  return {series, true};
}

MemorySeries* SeriesIndex::find(const LabelSet& labels, uint64_t hash) const {
  const HashStripe& stripe = hash_stripes_[hash % kStripes];
  std::lock_guard lock(stripe.mu);
  auto it = stripe.by_hash.find(hash);
  if (it == stripe.by_hash.end()) return nullptr;
  for (MemorySeries* s : it->second) {
    if (s->labels() == labels) return s;
  }
  return nullptr;
}

MemorySeries* SeriesIndex::by_ref(uint64_t ref) const {
  const RefStripe& rs = ref_stripes_[ref % kStripes];
  std::lock_guard lock(rs.mu);
  auto it = rs.series.find(ref);
  return it == rs.series.end() ? nullptr : it->second.get();
}

}  // namespace vigil::storage::head
