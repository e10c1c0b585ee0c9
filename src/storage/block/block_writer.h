#pragma once
// Writes one immutable block: series in label order, each with its samples,
// into `<blocks_dir>/<ulid>.tmp/`; finish() makes the files durable and
// renames the directory to `<blocks_dir>/<ulid>/`, so a crash leaves no block
// or a complete one (remove_incomplete_blocks() deletes the leftovers).
// Layout: docs/storage-format.md, "Blocks".

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "storage/block/block_meta.h"
#include "storage/labels/label_set.h"
#include "storage/sample.h"

namespace vigil::storage::block {

class BlockWriter {
 public:
  // Samples will be accepted with min_time <= t < max_time. `sources` are the
  // ULIDs of the blocks this one replaces (compaction).
  static Result<BlockWriter> create(std::string blocks_dir, std::string ulid, int64_t min_time, int64_t max_time,
                                    uint32_t level = 1, std::vector<std::string> sources = {});

  BlockWriter(BlockWriter&&) noexcept;
  BlockWriter& operator=(BlockWriter&&) noexcept;
  // Deletes the unfinished `.tmp` directory.
  ~BlockWriter();

  // Series come in strictly increasing label order (LabelSet's <=>), each with
  // at least one label and one sample; timestamps strictly increase and lie in
  // [min_time, max_time). A violation is ErrorKind::invalid_argument and adds
  // nothing; an I/O error makes every later call fail.
  Result<void> add_series(const LabelSet& labels, std::span<const Sample> samples);

  // Writes the index and meta.json, syncs, and publishes the block. The
  // writer is done afterwards, whatever the outcome.
  Result<BlockMeta> finish();

 private:
  struct State;
  explicit BlockWriter(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace vigil::storage::block
