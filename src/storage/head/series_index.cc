#include "storage/head/series_index.h"

namespace vigil::storage::head {

SeriesIndex::~SeriesIndex() {
  for (auto& stripe : ref_stripes_) stripe.series.for_each([](MemorySeries& s) { delete &s; });
  for (MemorySeries* s : removed_) delete s;
  for (MemorySeries* s : retired_) delete s;
}

SeriesIndex::Found SeriesIndex::get_or_create(const LabelSet& labels, uint64_t hash, uint64_t max_series, uint64_t ref,
                                              uint64_t max_per_metric) {
  // Lock order: a hash stripe, then the postings, then a ref stripe; never the reverse.
  HashStripe& stripe = hash_stripes_[hash % kStripes];
  std::lock_guard lock(stripe.mu);
  auto same = [&](const MemorySeries& s) { return s.has_labels(labels); };
  if (MemorySeries* existing = stripe.by_hash.find(hash, same)) return {existing, false};
  if (max_series != 0 && count_.load(std::memory_order_relaxed) >= max_series) return {nullptr, false};
  if (count_metrics_) {
    std::lock_guard metric_lock(metric_mu_);
    uint64_t& of_metric = metric_series_[std::string(labels.metric_name())];
    if (max_per_metric != 0 && of_metric >= max_per_metric) return {nullptr, false, true};
    ++of_metric;
  }
  if (ref == 0) {
    ref = next_ref_.fetch_add(1, std::memory_order_relaxed);
  } else {
    // Replayed refs keep their numbers; new ones continue after the largest.
    uint64_t next = next_ref_.load(std::memory_order_relaxed);
    while (next <= ref && !next_ref_.compare_exchange_weak(next, ref + 1, std::memory_order_relaxed)) {
    }
  }
  auto* series = new MemorySeries(ref, InternedLabels::intern(labels, symbols_), symbols_, samples_per_chunk_);
  postings_.add(ref, labels);
  {
    RefStripe& rs = ref_stripes_[ref % kStripes];
    std::lock_guard ref_lock(rs.mu);
    rs.series.insert(ref, series);
  }
  stripe.by_hash.insert(hash, series);
  count_.fetch_add(1, std::memory_order_relaxed);
  return {series, true};
}

MemorySeries* SeriesIndex::by_ref(uint64_t ref) const {
  const RefStripe& rs = ref_stripes_[ref % kStripes];
  std::lock_guard lock(rs.mu);
  return rs.series.find(ref, [](const MemorySeries&) { return true; });
}

bool SeriesIndex::remove_if_empty(MemorySeries& series) {
  const uint64_t hash = series.labels().hash();
  HashStripe& stripe = hash_stripes_[hash % kStripes];
  {
    std::lock_guard lock(stripe.mu);
    {
      // The series lock is released before the ref stripe is taken:
      // for_each holds a ref stripe while its callers lock series.
      std::lock_guard series_lock(series.lock());
      if (series.removed() || !series.empty()) return false;
      series.mark_removed();
    }
    stripe.by_hash.erase(hash, &series);
  }
  {
    RefStripe& rs = ref_stripes_[series.ref() % kStripes];
    std::lock_guard lock(rs.mu);
    rs.series.erase(series.ref(), &series);
  }
  count_.fetch_sub(1, std::memory_order_relaxed);
  if (count_metrics_) {
    std::lock_guard metric_lock(metric_mu_);
    auto it = metric_series_.find(std::string(series.labels().metric_name()));
    if (it != metric_series_.end() && --it->second == 0) metric_series_.erase(it);
  }
  std::lock_guard lock(removed_mu_);
  removed_.push_back(&series);
  return true;
}

void SeriesIndex::retire_removed() {
  std::vector<MemorySeries*> to_free;
  {
    std::lock_guard lock(removed_mu_);
    to_free = std::move(retired_);
    retired_ = std::move(removed_);
    removed_.clear();
  }
  for (MemorySeries* s : to_free) delete s;
}

size_t SeriesIndex::table_bytes() const {
  size_t total = 0;
  for (const auto& stripe : hash_stripes_) {
    std::lock_guard lock(stripe.mu);
    total += stripe.by_hash.memory_bytes();
  }
  for (const auto& stripe : ref_stripes_) {
    std::lock_guard lock(stripe.mu);
    total += stripe.series.memory_bytes();
  }
  return total;
}

}  // namespace vigil::storage::head
