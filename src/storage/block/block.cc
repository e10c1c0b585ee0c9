#include "storage/block/block.h"

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>

#include "storage/block/checksummed_frame.h"
#include "storage/block/chunks_file.h"
#include "storage/block/sample_codec.h"

namespace vigil::storage::block {
namespace {

std::atomic<uint64_t> next_cache_key{1};

// The page this thread decompressed last. Queries read series in id order,
// and neighbouring series share pages, so one page per thread saves most
// decompressions at a bounded cost in memory.
struct PageCache {
  uint64_t key = 0;
  uint32_t page = 0;
  std::vector<uint8_t> bytes;
};
thread_local PageCache page_cache;

uint32_t get_u32(std::span<const uint8_t> bytes, size_t at) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{bytes[at + i]} << (8 * i);
  return v;
}

Result<uint64_t> file_size(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::unexpected(io_error("cannot stat", path));
  return static_cast<uint64_t>(st.st_size);
}

}  // namespace

Error Block::corrupt(const std::string& path, const std::string& what) const {
  return make_error(ErrorKind::corruption, path + ": " + what);
}

Result<std::unique_ptr<Block>> Block::open(const std::string& block_dir) {
  std::string dir = block_dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return std::unexpected(make_error(ErrorKind::not_found, dir + ": no such block directory"));
  }
  std::unique_ptr<Block> b(new Block());
  b->dir_ = dir;
  b->cache_key_ = next_cache_key.fetch_add(1);

  auto meta = read_meta(dir);
  if (!meta) return std::unexpected(meta.error());
  b->meta_ = std::move(*meta);
  const std::string meta_path = dir + "/" + std::string(kMetaFile);
  if (std::filesystem::path(dir).filename() != b->meta_.ulid) {
    return std::unexpected(b->corrupt(meta_path, "ulid " + b->meta_.ulid + " does not match the directory name"));
  }

  const std::string index_path = dir + "/" + std::string(kIndexFile);
  auto index_bytes = read_file(index_path);
  if (!index_bytes) return std::unexpected(index_bytes.error());
  auto index = BlockIndex::parse(*index_bytes, index_path);
  if (!index) return std::unexpected(index.error());
  b->index_ = std::move(*index);
  if (b->index_.num_series() != b->meta_.num_series || b->index_.num_chunks() != b->meta_.num_chunks) {
    return std::unexpected(b->corrupt(meta_path, "numSeries/numChunks " + std::to_string(b->meta_.num_series) + "/" +
                                                     std::to_string(b->meta_.num_chunks) + " but the index has " +
                                                     std::to_string(b->index_.num_series()) + "/" +
                                                     std::to_string(b->index_.num_chunks())));
  }

  if (auto loaded = b->load_pages(); !loaded) return std::unexpected(loaded.error());
  if (auto checked = b->check_chunk_refs(); !checked) return std::unexpected(checked.error());

  auto stones = read_tombstones(dir);
  if (!stones) return std::unexpected(stones.error());
  const std::string stones_path = dir + "/" + std::string(kTombstonesFile);
  for (const Tombstone& t : stones->list()) {
    if (t.series >= b->num_series()) {
      return std::unexpected(b->corrupt(stones_path, "series id " + std::to_string(t.series) + " out of range"));
    }
  }
  b->tombstones_ = std::move(*stones);
  if (!b->tombstones_.empty()) {
    auto size = file_size(stones_path);
    if (!size) return std::unexpected(size.error());
    b->tombstone_bytes_ = *size;
  }

  auto meta_size = file_size(meta_path);
  if (!meta_size) return std::unexpected(meta_size.error());
  auto chunks_size = b->chunks_.size();
  if (!chunks_size) return std::unexpected(chunks_size.error());
  b->data_bytes_ = *meta_size + index_bytes->size() + *chunks_size;
  return b;
}

Result<void> Block::load_pages() {
  auto file = File::open_read(dir_ + "/" + std::string(kChunksFile));
  if (!file) return std::unexpected(file.error());
  chunks_ = std::move(*file);
  const std::string& path = chunks_.path();
  auto size = chunks_.size();
  if (!size) return std::unexpected(size.error());
  if (*size < kChunksHeaderBytes)
    return std::unexpected(corrupt(path, "file of " + std::to_string(*size) + " bytes is too short"));
  std::vector<uint8_t> buffer(kChunksHeaderBytes);
  if (auto read = chunks_.read_at(0, buffer); !read) return std::unexpected(read.error());
  if (get_u32(buffer, 0) != kChunksMagic) return std::unexpected(corrupt(path, "bad magic at offset 0"));
  if (uint32_t version = get_u32(buffer, 4); version != kChunksVersion) {
    return std::unexpected(corrupt(path, "unsupported version " + std::to_string(version) + " at offset 4"));
  }
  // Every page's checksum, now: a damaged block is refused at open rather
  // than failing some later query.
  uint64_t offset = kChunksHeaderBytes;
  while (offset < *size) {
    auto where = [&] { return "page " + std::to_string(pages_.size()) + " at offset " + std::to_string(offset); };
    if (*size - offset < kFrameOverheadBytes) return std::unexpected(corrupt(path, where() + ": truncated"));
    std::array<uint8_t, kFrameHeaderBytes> header_bytes;
    if (auto read = chunks_.read_at(offset, header_bytes); !read) return std::unexpected(read.error());
    FrameHeader header = parse_frame_header(header_bytes);
    if (header.frame_bytes() > *size - offset)
      return std::unexpected(corrupt(path, where() + ": runs past the end of the file"));
    buffer.resize(header.frame_bytes());
    if (auto read = chunks_.read_at(offset, buffer); !read) return std::unexpected(read.error());
    if (!frame_checksum_ok(buffer)) return std::unexpected(corrupt(path, where() + ": checksum mismatch"));
    if (header.raw_size > kMaxPageBytes) return std::unexpected(corrupt(path, where() + ": page too large"));
    pages_.push_back({offset, header});
    offset += header.frame_bytes();
  }
  return {};
}

Result<void> Block::check_chunk_refs() const {
  const std::string index_path = dir_ + "/" + std::string(kIndexFile);
  for (uint32_t id = 0; id < num_series(); ++id) {
    for (const ChunkRef& ref : index_.chunks(id)) {
      std::string where = "series " + std::to_string(id) + ": chunk at page " + std::to_string(ref.page) + " offset " +
                          std::to_string(ref.offset);
      // Named after the chunks file: a truncated one is the likely cause.
      if (ref.page >= pages_.size() || ref.offset >= pages_[ref.page].header.raw_size) {
        return std::unexpected(corrupt(chunks_.path(), "missing data for " + where + " of the index"));
      }
      if (ref.min_t < meta_.min_time || ref.max_t >= meta_.max_time) {
        return std::unexpected(corrupt(index_path, where + " is outside the block's time range"));
      }
    }
  }
  return {};
}

uint64_t Block::size_bytes() const {
  std::shared_lock lock(mu_);
  return data_bytes_ + tombstone_bytes_;
}

std::vector<uint32_t> Block::select(std::span<const index::Matcher> matchers) const { return index_.select(matchers); }

LabelSet Block::labels(uint32_t id) const { return index_.labels(id); }

std::vector<std::string> Block::label_names() const { return index_.label_names(); }

std::vector<std::string> Block::label_values(std::string_view name) const { return index_.label_values(name); }

Result<std::span<const uint8_t>> Block::page(uint32_t number) const {
  PageCache& cache = page_cache;
  if (cache.key == cache_key_ && cache.page == number) return std::span<const uint8_t>(cache.bytes);
  const Page& p = pages_[number];
  std::vector<uint8_t> frame(p.header.frame_bytes());
  if (auto read = chunks_.read_at(p.offset, frame); !read) return std::unexpected(read.error());
  auto raw = unpack_frame(frame, kMaxPageBytes);
  if (!raw) {
    cache.key = 0;
    return std::unexpected(corrupt(chunks_.path(), "page " + std::to_string(number) + " at offset " +
                                                       std::to_string(p.offset) + ": " + raw.error().message));
  }
  cache.key = cache_key_;
  cache.page = number;
  cache.bytes = std::move(*raw);
  return std::span<const uint8_t>(cache.bytes);
}

Result<void> Block::samples(uint32_t id, int64_t mint, int64_t maxt, std::vector<Sample>& out) const {
  if (id >= num_series()) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, dir_ + ": no series " + std::to_string(id)));
  }
  std::shared_lock lock(mu_);
  std::span<const Interval> deleted = tombstones_.intervals(id);
  const size_t before = out.size();
  std::vector<Sample> decoded;
  for (const ChunkRef& ref : index_.chunks(id)) {
    if (ref.max_t < mint || ref.min_t > maxt) continue;
    bool all_deleted = false;
    for (const Interval& i : deleted) all_deleted = all_deleted || (i.min_t <= ref.min_t && ref.max_t <= i.max_t);
    if (all_deleted) continue;

    auto bytes = page(ref.page);
    if (!bytes) {
      out.resize(before);
      return std::unexpected(bytes.error());
    }
    decoded.clear();
    auto used = decode_samples(bytes->subspan(ref.offset), decoded);
    std::string problem = !used ? used.error().message : "";
    if (used && (decoded.empty() || decoded.front().t != ref.min_t || decoded.back().t != ref.max_t)) {
      problem = "samples do not match the index's time range";
    }
    if (!problem.empty()) {
      out.resize(before);
      return std::unexpected(corrupt(chunks_.path(), "page " + std::to_string(ref.page) + " offset " +
                                                         std::to_string(ref.offset) + " (series " + std::to_string(id) +
                                                         "): " + problem));
    }
    // Both lists are sorted: one pass with a cursor into the deletions.
    size_t next = 0;
    for (const Sample& s : decoded) {
      if (s.t < mint || s.t > maxt) continue;
      while (next < deleted.size() && deleted[next].max_t < s.t) ++next;
      if (next < deleted.size() && deleted[next].min_t <= s.t) continue;
      out.push_back(s);
    }
  }
  return {};
}

Result<void> Block::add_tombstones(std::span<const Tombstone> stones) {
  for (const Tombstone& t : stones) {
    if (t.series >= num_series() || t.min_t > t.max_t) {
      return std::unexpected(make_error(ErrorKind::invalid_argument,
                                        dir_ + ": invalid tombstone for series " + std::to_string(t.series) + " [" +
                                            std::to_string(t.min_t) + ", " + std::to_string(t.max_t) + "]"));
    }
  }
  if (stones.empty()) return {};
  std::lock_guard write_lock(tombstone_write_mu_);
  Tombstones updated = tombstones();
  for (const Tombstone& t : stones) updated.add(t);
  if (auto written = write_tombstones(dir_, updated); !written) return written;
  auto size = file_size(dir_ + "/" + std::string(kTombstonesFile));
  if (!size) return std::unexpected(size.error());
  std::unique_lock lock(mu_);
  tombstones_ = std::move(updated);
  tombstone_bytes_ = *size;
  return {};
}

Tombstones Block::tombstones() const {
  std::shared_lock lock(mu_);
  return tombstones_;
}

bool Block::has_tombstones() const {
  std::shared_lock lock(mu_);
  return !tombstones_.empty();
}

}  // namespace vigil::storage::block
