#pragma once
// An immutable block opened for reading: `<blocks_dir>/<ulid>/` with
// meta.json, index, chunks and perhaps tombstones (layout:
// docs/storage-format.md, "Blocks"; writing: block_writer.h).
//
// Opening verifies every checksum (each index section, each chunk page) and
// every reference between the files, so damage is found at open rather than
// by a query; errors are ErrorKind::corruption and name the file and the
// offset. The index is held in memory (labels as symbol ids, decoded on
// demand); pages are read with pread and decompressed when a read needs them,
// and each thread keeps the last page it decompressed.
//
// Thread safety: every method may be called concurrently; add_tombstones
// calls are serialized among themselves, and readers see the tombstones from
// before or after a call, never a mix.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "storage/block/block_files.h"
#include "storage/block/block_index.h"
#include "storage/block/block_meta.h"
#include "storage/block/checksummed_frame.h"
#include "storage/block/tombstones.h"
#include "storage/index/matcher.h"
#include "storage/labels/label_set.h"
#include "storage/sample.h"

namespace vigil::storage::block {

class Block {
 public:
  // A directory that does not exist is ErrorKind::not_found; one that is
  // damaged or incomplete, ErrorKind::corruption.
  static Result<std::unique_ptr<Block>> open(const std::string& block_dir);

  const BlockMeta& meta() const noexcept { return meta_; }
  const std::string& dir() const noexcept { return dir_; }
  // All of the block's files on disk.
  uint64_t size_bytes() const;

  // Series ids are dense, 0..num_series()-1, in label order.
  uint32_t num_series() const noexcept { return index_.num_series(); }
  // Ids of the series matching every matcher, ascending; the same semantics
  // as the head's PostingsIndex::select (no matchers select nothing).
  std::vector<uint32_t> select(std::span<const index::Matcher> matchers) const;
  // Decoded on each call. Requires id < num_series().
  LabelSet labels(uint32_t id) const;
  std::vector<std::string> label_names() const;
  std::vector<std::string> label_values(std::string_view name) const;

  // Appends the samples of series `id` with mint <= t <= maxt in time order,
  // minus deleted ones. A bad id is ErrorKind::invalid_argument; a page that
  // fails its checksum or decoding, ErrorKind::corruption (out unchanged).
  Result<void> samples(uint32_t id, int64_t mint, int64_t maxt, std::vector<Sample>& out) const;

  // Deletes samples (see Tombstone) durably: the tombstones file is replaced
  // before the deletion shows in reads. Series ids must be below
  // num_series() and min_t <= max_t (else ErrorKind::invalid_argument).
  Result<void> add_tombstones(std::span<const Tombstone> stones);
  // A copy: add_tombstones may replace them meanwhile.
  Tombstones tombstones() const;
  bool has_tombstones() const;

 private:
  struct Page {
    uint64_t offset;  // of the frame in the chunks file
    FrameHeader header;
  };

  Block() = default;
  Result<void> load_pages();
  Result<void> check_chunk_refs() const;
  // The decompressed page, from this thread's cache or the file; the view is
  // valid until this thread reads another page.
  Result<std::span<const uint8_t>> page(uint32_t number) const;
  Error corrupt(const std::string& path, const std::string& what) const;

  std::string dir_;
  BlockMeta meta_;
  BlockIndex index_;
  File chunks_;
  std::vector<Page> pages_;
  uint64_t cache_key_ = 0;   // unique among all Blocks ever opened
  uint64_t data_bytes_ = 0;  // meta.json, index and chunks

  mutable std::shared_mutex mu_;  // guards tombstones_ and tombstone_bytes_
  std::mutex tombstone_write_mu_;
  Tombstones tombstones_;
  uint64_t tombstone_bytes_ = 0;
};

}  // namespace vigil::storage::block
