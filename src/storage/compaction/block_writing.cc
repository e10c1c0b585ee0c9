#include "storage/compaction/block_writing.h"

#include <algorithm>
#include <queue>

#include "storage/block/block_writer.h"
#include "storage/block/ulid.h"
#include "storage/sample_runs.h"

namespace vigil::storage::compaction {

Result<std::optional<block::BlockMeta>> write_head_block(const head::Head& head, const std::string& blocks_dir,
                                                         int64_t mint, int64_t maxt) {
  std::vector<uint64_t> refs = head.sorted_refs(mint, maxt - 1);
  if (refs.empty()) return std::nullopt;
  auto writer = block::BlockWriter::create(blocks_dir, block::new_ulid(), mint, maxt);
  if (!writer) return std::unexpected(writer.error());
  uint64_t written = 0;
  for (uint64_t ref : refs) {
    std::vector<Sample> samples = head.samples(ref, mint, maxt - 1);
    std::optional<LabelSet> labels = head.labels(ref);
    if (samples.empty() || !labels) continue;
    if (auto added = writer->add_series(*labels, samples); !added) return std::unexpected(added.error());
    written += samples.size();
  }
  if (written == 0) return std::nullopt;
  auto meta = writer->finish();
  if (!meta) return std::unexpected(meta.error());
  return *meta;
}

Result<std::optional<block::BlockMeta>> merge_blocks(std::span<const std::shared_ptr<const block::Block>> sources,
                                                     const std::string& blocks_dir) {
  if (sources.empty()) return std::nullopt;
  int64_t mint = INT64_MAX, maxt = INT64_MIN;
  uint32_t level = 0;
  std::vector<std::string> ulids;
  for (const auto& source : sources) {
    const block::BlockMeta& meta = source->meta();
    mint = std::min(mint, meta.min_time);
    maxt = std::max(maxt, meta.max_time);
    level = std::max(level, meta.level);
    ulids.push_back(meta.ulid);
  }
  auto writer = block::BlockWriter::create(blocks_dir, block::new_ulid(), mint, maxt, level + 1, ulids);
  if (!writer) return std::unexpected(writer.error());

  // A k-way merge over the sources' series, each already in label order.
  struct Cursor {
    LabelSet labels;  // of `id`, decoded once
    size_t source;
    uint32_t id;
  };
  auto later = [](const Cursor& a, const Cursor& b) {
    if (auto c = a.labels <=> b.labels; c != 0) return c > 0;
    return a.source > b.source;
  };
  std::priority_queue<Cursor, std::vector<Cursor>, decltype(later)> heap(later);
  auto advance = [&](size_t source, uint32_t id) {
    if (id < sources[source]->num_series()) heap.push({sources[source]->labels(id), source, id});
  };
  for (size_t s = 0; s < sources.size(); ++s) advance(s, 0);
  uint64_t written = 0;
  while (!heap.empty()) {
    const LabelSet labels = heap.top().labels;
    std::vector<std::vector<Sample>> runs;
    while (!heap.empty() && heap.top().labels == labels) {
      const size_t source = heap.top().source;
      const uint32_t id = heap.top().id;
      heap.pop();
      std::vector<Sample> run;
      if (auto read = sources[source]->samples(id, INT64_MIN, INT64_MAX, run); !read) {
        return std::unexpected(read.error());
      }
      runs.push_back(std::move(run));
      advance(source, id + 1);
    }
    std::vector<Sample> samples = merge_sample_runs(std::move(runs));
    if (samples.empty()) continue;
    if (auto added = writer->add_series(labels, samples); !added) return std::unexpected(added.error());
    written += samples.size();
  }
  if (written == 0) return std::nullopt;
  auto meta = writer->finish();
  if (!meta) return std::unexpected(meta.error());
  return *meta;
}

}  // namespace vigil::storage::compaction
