#pragma once
// Producing blocks: from the head (a cut, a flush, a snapshot) and from other
// blocks (compaction, cleaning tombstones). Either way the series are written
// in label order with their samples merged and deletions applied, and the
// block appears in `blocks_dir` atomically or not at all.

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "core/error.h"
#include "storage/block/block.h"
#include "storage/block/block_meta.h"
#include "storage/head/head.h"

namespace vigil::storage::compaction {

// The head's samples with mint <= t < maxt as a new block covering [mint,
// maxt); nothing when the head holds none there.
Result<std::optional<block::BlockMeta>> write_head_block(const head::Head& head, const std::string& blocks_dir,
                                                         int64_t mint, int64_t maxt);

// One block holding the data of all `sources`, without their tombstoned
// samples; nothing when no sample is left.
Result<std::optional<block::BlockMeta>> merge_blocks(std::span<const std::shared_ptr<const block::Block>> sources,
                                                     const std::string& blocks_dir);

}  // namespace vigil::storage::compaction
