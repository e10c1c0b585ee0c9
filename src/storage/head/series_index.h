#pragma once
// Finds or creates head series by label set, and finds them by ref. Striped
// by hash (labels) and by ref, a mutex per stripe: appends to different
// series rarely contend, and there is no global lock on the append path.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "storage/head/memory_series.h"

namespace vigil::storage::head {

class SeriesIndex {
 public:
  static constexpr size_t kStripes = 256;

  explicit SeriesIndex(uint32_t samples_per_chunk) : samples_per_chunk_(samples_per_chunk) {}

  struct Found {
    MemorySeries* series = nullptr;  // null when the limit refused a new series
    bool created = false;
  };
  // `max_series` 0 means no limit. `ref` 0 assigns the next free ref (replay passes the logged one).
  Found get_or_create(const LabelSet& labels, uint64_t hash, uint64_t max_series, uint64_t ref = 0);
  MemorySeries* by_ref(uint64_t ref) const;
  MemorySeries* find(const LabelSet& labels, uint64_t hash) const;

  uint64_t size() const noexcept { return count_.load(std::memory_order_relaxed); }
  // Calls fn for every series (under its stripe's lock; fn must not call back in).
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const auto& stripe : ref_stripes_) {
      std::lock_guard lock(stripe.mu);
      for (const auto& [_, s] : stripe.series) fn(*s);
    }
  }

 private:
  struct HashStripe {
    mutable std::mutex mu;
    std::unordered_map<uint64_t, std::vector<MemorySeries*>> by_hash;
  };
  struct RefStripe {
    mutable std::mutex mu;
    std::unordered_map<uint64_t, std::unique_ptr<MemorySeries>> series;
  };

  const uint32_t samples_per_chunk_;
  std::array<HashStripe, kStripes> hash_stripes_;
  std::array<RefStripe, kStripes> ref_stripes_;
  std::atomic<uint64_t> next_ref_{1};
  std::atomic<uint64_t> count_{0};
};

}  // namespace vigil::storage::head
