#pragma once
// One series in the head: closed chunks in the block sample encoding, the
// open Gorilla chunk being appended to, and the few samples that arrived out of order within the
// window (kept sorted apart, merged on read and at compaction).
//
// Sized for millions of active series: labels are symbol ids, the lock is one
// byte, the out-of-order map exists only once a late sample arrives, a
// closed chunk is re-encoded compactly when it is cut and keeps exactly its
// bytes, and the open chunk is sized by the one before it.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "storage/chunk/closed_chunk.h"
#include "storage/chunk/xor_chunk.h"
#include "storage/head/series_lock.h"
#include "storage/labels/interned_labels.h"
#include "storage/sample.h"

namespace vigil::storage::head {

class MemorySeries {
 public:
  // `symbols` holds the strings of `labels` and must outlive the series.
  MemorySeries(uint64_t ref, InternedLabels labels, const SymbolTable& symbols, uint16_t samples_per_chunk);
  MemorySeries(const MemorySeries&) = delete;
  MemorySeries& operator=(const MemorySeries&) = delete;

  uint64_t ref() const noexcept { return ref_; }
  // Rebuilt from the symbol table on each call; needs no lock (labels never change).
  LabelSet labels() const { return labels_.materialize(*symbols_); }
  const InternedLabels& interned_labels() const noexcept { return labels_; }
  template <class Labels>
  bool has_labels(const Labels& labels) const noexcept {
    return labels_.equals(labels, *symbols_);
  }

  // Guards everything below; held by the caller around append, read and edits.
  SeriesLock& lock() const noexcept { return lock_; }

  enum class Outcome { appended, unchanged, duplicate_timestamp, out_of_order };
  // `window` is how far behind the newest sample an older one is still taken.
  // A chunk this cuts goes to `files` when given (the head's chunk files).
  Outcome append(int64_t t, double v, int64_t window, chunk::ChunkFileArena* files = nullptr);

  // Samples with mint <= t <= maxt, in time order.
  void collect(int64_t mint, int64_t maxt, std::vector<Sample>& out) const;

  // Drops the chunks that end before `mint` and the out-of-order samples
  // before it. A chunk that straddles `mint` stays whole (readers filter by
  // time), so samples older than `mint` may remain. Returns the samples dropped.
  uint64_t truncate_before(int64_t mint);
  // Removes the samples in [mint, maxt], re-encoding the chunks that held
  // some. Returns how many were removed.
  uint64_t delete_range(int64_t mint, int64_t maxt);

  // True once after a chunk was cut: the head then queues the series for
  // its chunk packer (chunk_packer.h), which packs the closed chunks still
  // in Gorilla form (chunk/closed_chunk.h) in two short locked steps around
  // the slow encoding, so that appends to the series are not held up.
  bool take_pack_wanted() noexcept { return std::exchange(pack_wanted_, false); }
  struct PackTicket {
    size_t index;      // in the closed chunks
    uint32_t version;  // of the closed chunks when the ticket was taken
  };
  // Decodes into `samples` the first closed chunk still in Gorilla form;
  // nullopt when there is none.
  std::optional<PackTicket> unpacked_chunk(std::vector<Sample>& samples) const;
  // Gives the ticket's chunk `encoded`, the packed encoding of its samples
  // (chunk::ClosedChunk::encode_packed), unless a truncation or delete
  // changed the closed chunks meanwhile: false then. In `files` if given.
  bool install_packed(PackTicket ticket, std::span<const uint8_t> encoded, chunk::ChunkFileArena* files);

  // Set (under the lock) once the index has let go of the series: an
  // appender that finds it set must look the series up again.
  bool removed() const noexcept { return removed_; }
  void mark_removed() noexcept { removed_ = true; }

  bool empty() const noexcept { return count_ == 0; }
  int64_t min_time() const noexcept { return min_t_; }
  int64_t max_time() const noexcept { return max_t_; }
  uint64_t num_samples() const noexcept { return count_; }
  size_t num_chunks() const noexcept { return closed_.size() + (open_.num_samples() > 0 ? 1 : 0); }
  // Whether any sample lies in [mint, maxt] (by chunk bounds: cheap, may say
  // yes for a chunk that only spans the range).
  bool overlaps(int64_t mint, int64_t maxt) const noexcept;

  struct Memory {
    size_t series = 0;        // this object and its label ids
    size_t chunks = 0;        // chunk bytes and their bookkeeping
    size_t out_of_order = 0;  // the late-sample map
  };
  Memory memory() const noexcept;

 private:
  using OutOfOrder = std::map<int64_t, double>;

  // The value stored at `t` in the in-order chunks, if any.
  std::optional<uint64_t> in_order_value_bits(int64_t t) const;
  void cut_chunk(chunk::ChunkFileArena* files);
  void reset_open_chunk();
  // Re-establishes min/max time, the newest value and the count after samples were removed.
  void recompute_bounds();

  const uint64_t ref_;
  const SymbolTable* const symbols_;
  const InternedLabels labels_;
  std::vector<chunk::ClosedChunk> closed_;  // in time order
  chunk::XorChunk open_;
  chunk::XorAppender appender_{open_};
  std::unique_ptr<OutOfOrder> out_of_order_;  // null until a late sample arrives
  int64_t open_min_t_ = 0;
  int64_t min_t_ = 0;
  int64_t max_t_ = 0;       // the newest sample, in order or not
  uint64_t last_bits_ = 0;  // the value bits at max_t_
  uint32_t count_ = 0;
  uint32_t closed_version_ = 0;  // bumped by every change to closed_ but an append at its end
  const uint16_t samples_per_chunk_;
  mutable SeriesLock lock_;
  bool removed_ = false;
  bool pack_wanted_ = false;
};

}  // namespace vigil::storage::head
