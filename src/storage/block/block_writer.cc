#include "storage/block/block_writer.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <system_error>
#include <unordered_map>

#include "storage/block/block_files.h"
#include "storage/block/block_index.h"
#include "storage/block/checksummed_frame.h"
#include "storage/block/chunks_file.h"
#include "storage/block/sample_codec.h"
#include "storage/block/ulid.h"

namespace vigil::storage::block {

namespace fs = std::filesystem;

struct BlockWriter::State {
  std::string blocks_dir;
  std::string tmp_dir;
  BlockMeta meta;
  File chunks_file;
  bool done = false;          // finished, or failed for good
  std::vector<uint8_t> page;  // the open page, uncompressed
  uint32_t page_number = 0;
  std::vector<uint8_t> scratch;

  // Label strings get provisional ids in order of first sight; finish()
  // renumbers them in sorted order, as the index needs.
  std::unordered_map<std::string, uint32_t> symbol_ids;
  std::vector<std::string> symbols;
  std::vector<uint32_t> label_refs;
  std::vector<uint32_t> label_ends;
  std::vector<ChunkRef> chunks;
  std::vector<uint32_t> chunk_ends;
  LabelSet previous;

  // An unfinished block is abandoned; after a successful finish() the
  // directory has been renamed away already.
  ~State() {
    chunks_file = File();
    std::error_code ec;
    fs::remove_all(tmp_dir, ec);
  }

  Error fail(Error error) {
    done = true;
    return error;
  }

  uint32_t intern(const std::string& s) {
    auto [it, added] = symbol_ids.try_emplace(s, static_cast<uint32_t>(symbols.size()));
    if (added) symbols.push_back(s);
    return it->second;
  }

  Result<void> flush_page() {
    if (page.empty()) return {};
    scratch.clear();
    append_frame(page, scratch);
    if (auto written = chunks_file.write_all(scratch); !written) return written;
    page.clear();
    ++page_number;
    return {};
  }
};

BlockWriter::BlockWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
BlockWriter::BlockWriter(BlockWriter&&) noexcept = default;
BlockWriter& BlockWriter::operator=(BlockWriter&&) noexcept = default;

BlockWriter::~BlockWriter() = default;

Result<BlockWriter> BlockWriter::create(std::string blocks_dir, std::string ulid, int64_t min_time, int64_t max_time,
                                        uint32_t level, std::vector<std::string> sources) {
  auto invalid = [](const std::string& what) { return std::unexpected(make_error(ErrorKind::invalid_argument, what)); };
  if (!is_ulid(ulid)) return invalid("block id \"" + ulid + "\" is not a ULID");
  if (min_time >= max_time) return invalid("block min time must be below its max time");
  if (level < 1) return invalid("block level must be at least 1");
  for (const auto& source : sources) {
    if (!is_ulid(source)) return invalid("source block id \"" + source + "\" is not a ULID");
  }
  auto state = std::make_unique<State>();
  state->blocks_dir = std::move(blocks_dir);
  state->tmp_dir = state->blocks_dir + "/" + ulid + std::string(kTmpSuffix);
  state->meta = BlockMeta{.ulid = std::move(ulid),
                          .min_time = min_time,
                          .max_time = max_time,
                          .level = level,
                          .sources = std::move(sources)};
  std::error_code ec;
  fs::remove_all(state->tmp_dir, ec);  // left by a crashed writer of the same id
  fs::create_directories(state->tmp_dir, ec);
  if (ec) return std::unexpected(make_error(ErrorKind::io, state->tmp_dir + ": cannot create: " + ec.message()));
  BlockWriter writer(std::move(state));
  auto file = File::create(writer.state_->tmp_dir + "/" + std::string(kChunksFile));
  if (!file) return std::unexpected(file.error());
  writer.state_->chunks_file = std::move(*file);
  std::vector<uint8_t> header;
  for (uint32_t word : {kChunksMagic, kChunksVersion}) {
    for (int i = 0; i < 4; ++i) header.push_back(static_cast<uint8_t>(word >> (8 * i)));
  }
  if (auto written = writer.state_->chunks_file.write_all(header); !written) return std::unexpected(written.error());
  return writer;
}

Result<void> BlockWriter::add_series(const LabelSet& labels, std::span<const Sample> samples) {
  State& s = *state_;
  auto invalid = [&](const std::string& what) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, "series " + labels.to_string() + ": " + what));
  };
  if (s.done) return std::unexpected(make_error(ErrorKind::internal, "block writer used after finish or failure"));
  if (labels.empty()) return invalid("no labels");
  if (!s.label_ends.empty() && !(s.previous < labels)) return invalid("not after the previous series in label order");
  if (samples.empty()) return invalid("no samples");
  for (size_t i = 0; i < samples.size(); ++i) {
    if (i > 0 && samples[i].t <= samples[i - 1].t) return invalid("timestamps do not strictly increase");
  }
  if (samples.front().t < s.meta.min_time || samples.back().t >= s.meta.max_time) {
    return invalid("samples outside the block's time range");
  }

  for (const Label& label : labels) {
    s.label_refs.push_back(s.intern(label.name));
    s.label_refs.push_back(s.intern(label.value));
  }
  s.label_ends.push_back(static_cast<uint32_t>(s.label_refs.size() / 2));
  s.previous = labels;

  const size_t count = (samples.size() + kMaxChunkSamples - 1) / kMaxChunkSamples;
  for (size_t c = 0; c < count; ++c) {
    auto part =
        samples.subspan(samples.size() * c / count, samples.size() * (c + 1) / count - samples.size() * c / count);
    s.scratch.clear();
    encode_samples(part, s.scratch);
    if (!s.page.empty() && s.page.size() + s.scratch.size() > kPageBytes) {
      // flush_page reuses scratch, so the encoding moves out of the way first.
      std::vector<uint8_t> encoded = std::move(s.scratch);
      s.scratch = {};
      if (auto flushed = s.flush_page(); !flushed) return std::unexpected(s.fail(flushed.error()));
      s.scratch = std::move(encoded);
    }
    s.chunks.push_back({part.front().t, part.back().t, s.page_number, static_cast<uint32_t>(s.page.size())});
    s.page.insert(s.page.end(), s.scratch.begin(), s.scratch.end());
  }
  s.chunk_ends.push_back(static_cast<uint32_t>(s.chunks.size()));
  s.meta.num_samples += samples.size();
  return {};
}

Result<BlockMeta> BlockWriter::finish() {
  State& s = *state_;
  if (s.done) return std::unexpected(make_error(ErrorKind::internal, "block writer used after finish or failure"));
  s.done = true;
  if (auto flushed = s.flush_page(); !flushed) return std::unexpected(flushed.error());
  if (auto synced = s.chunks_file.sync(); !synced) return std::unexpected(synced.error());
  s.chunks_file = File();

  // Renumber symbols in sorted order.
  std::vector<uint32_t> order(s.symbols.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return s.symbols[a] < s.symbols[b]; });
  std::vector<uint32_t> renumbered(order.size());
  std::vector<std::string> sorted(order.size());
  for (uint32_t i = 0; i < order.size(); ++i) {
    renumbered[order[i]] = i;
    sorted[i] = std::move(s.symbols[order[i]]);
  }
  for (uint32_t& ref : s.label_refs) ref = renumbered[ref];
  s.symbol_ids.clear();

  s.meta.num_series = s.label_ends.size();
  s.meta.num_chunks = s.chunks.size();
  std::vector<uint8_t> index = BlockIndex::build(std::move(sorted), std::move(s.label_refs), std::move(s.label_ends),
                                                 std::move(s.chunks), std::move(s.chunk_ends))
                                   .encode();
  if (auto written = write_file_synced(s.tmp_dir + "/" + std::string(kIndexFile), index); !written) {
    return std::unexpected(written.error());
  }
  std::string meta = encode_meta(s.meta);
  auto meta_bytes = std::span(reinterpret_cast<const uint8_t*>(meta.data()), meta.size());
  if (auto written = write_file_synced(s.tmp_dir + "/" + std::string(kMetaFile), meta_bytes); !written) {
    return std::unexpected(written.error());
  }
  if (auto synced = sync_dir(s.tmp_dir); !synced) return std::unexpected(synced.error());
  const std::string final_dir = s.blocks_dir + "/" + s.meta.ulid;
  if (::rename(s.tmp_dir.c_str(), final_dir.c_str()) != 0) {
    return std::unexpected(io_error("cannot rename " + s.tmp_dir + " to", final_dir));
  }
  if (auto synced = sync_dir(s.blocks_dir); !synced) return std::unexpected(synced.error());
  return s.meta;
}

}  // namespace vigil::storage::block
