#pragma once
// One series in the head: closed Gorilla chunks, the open chunk being
// appended to, and the few samples that arrived out of order within the
// window (kept sorted apart, merged on read and at compaction).

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "storage/chunk/xor_chunk.h"
#include "storage/labels/label_set.h"
#include "storage/sample.h"

namespace vigil::storage::head {

class MemorySeries {
 public:
  MemorySeries(uint64_t ref, LabelSet labels, uint32_t samples_per_chunk);
  MemorySeries(const MemorySeries&) = delete;
  MemorySeries& operator=(const MemorySeries&) = delete;

  uint64_t ref() const noexcept { return ref_; }
  const LabelSet& labels() const noexcept { return labels_; }
  // Guards everything below; held by the caller around append and read.
  std::mutex& mutex() const noexcept { return mu_; }

  enum class Outcome { appended, unchanged, duplicate_timestamp, out_of_order };
  // `window` is how far behind the newest sample an older one is still taken.
  Outcome append(int64_t t, double v, int64_t window);

  // Samples with mint <= t <= maxt, in time order.
  void collect(int64_t mint, int64_t maxt, std::vector<Sample>& out) const;

  bool empty() const noexcept { return count_ == 0; }
  int64_t min_time() const noexcept { return min_t_; }
  int64_t max_time() const noexcept { return max_t_; }
  uint64_t num_samples() const noexcept { return count_; }
  size_t num_chunks() const noexcept { return closed_.size() + 1; }

 private:
  struct ClosedChunk {
    chunk::XorChunk chunk;
    int64_t min_t;
    int64_t max_t;
  };
  // The value stored at `t` in the in-order chunks, if any.
  std::optional<uint64_t> in_order_value_bits(int64_t t) const;
  void cut_chunk();

  const uint64_t ref_;
  const LabelSet labels_;
  const uint32_t samples_per_chunk_;
  mutable std::mutex mu_;
  std::vector<ClosedChunk> closed_;
  chunk::XorChunk open_;
  chunk::XorAppender appender_{open_};
  int64_t open_min_t_ = 0;
  std::map<int64_t, double> out_of_order_;
  uint64_t count_ = 0;
  int64_t min_t_ = 0;
  int64_t max_t_ = 0;
  uint64_t last_bits_ = 0;
};

}  // namespace vigil::storage::head
