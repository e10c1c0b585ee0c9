#include "storage/block/tombstones.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <limits>

#include "storage/block/block_files.h"
#include "storage/wal/byte_codec.h"
#include "storage/wal/crc32c.h"

namespace vigil::storage::block {
namespace {

constexpr size_t kHeaderBytes = 8;

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
uint32_t get_u32(std::span<const uint8_t> bytes, size_t at) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{bytes[at + i]} << (8 * i);
  return v;
}

// Whether b starts at most one past a's end (they overlap or touch).
bool touches(const Interval& a, const Interval& b) {
  return a.max_t == std::numeric_limits<int64_t>::max() || b.min_t <= a.max_t + 1;
}

}  // namespace

void Tombstones::add(const Tombstone& stone) {
  std::vector<Interval>& list = by_series_[stone.series];
  Interval merged{stone.min_t, stone.max_t};
  // Intervals entirely left of `merged` (not even touching) form a prefix;
  // from there, absorb every interval that merged reaches.
  auto first = std::lower_bound(list.begin(), list.end(), merged,
                                [](const Interval& existing, const Interval& m) { return !touches(existing, m); });
  auto last = first;
  while (last != list.end() && touches(merged, *last)) {
    merged.min_t = std::min(merged.min_t, last->min_t);
    merged.max_t = std::max(merged.max_t, last->max_t);
    ++last;
  }
  auto at = list.erase(first, last);
  list.insert(at, merged);
}

std::span<const Interval> Tombstones::intervals(uint32_t series) const {
  auto it = by_series_.find(series);
  if (it == by_series_.end()) return {};
  return it->second;
}

bool Tombstones::deleted(uint32_t series, int64_t t) const {
  auto list = intervals(series);
  auto it = std::upper_bound(list.begin(), list.end(), t, [](int64_t x, const Interval& i) { return x < i.min_t; });
  return it != list.begin() && t <= std::prev(it)->max_t;
}

std::vector<Tombstone> Tombstones::list() const {
  std::vector<Tombstone> out;
  for (const auto& [series, intervals] : by_series_) {
    for (const Interval& i : intervals) out.push_back({series, i.min_t, i.max_t});
  }
  return out;
}

std::vector<uint8_t> encode_tombstones(const Tombstones& stones) {
  std::vector<uint8_t> out;
  put_u32(out, kTombstonesMagic);
  put_u32(out, kTombstonesVersion);
  std::vector<Tombstone> list = stones.list();
  wal::ByteWriter w(out);
  w.uvarint(list.size());
  uint32_t previous = 0;
  for (const Tombstone& t : list) {
    w.uvarint(t.series - previous);
    w.varint(t.min_t);
    w.uvarint(static_cast<uint64_t>(t.max_t) - static_cast<uint64_t>(t.min_t));
    previous = t.series;
  }
  put_u32(out, wal::crc32c(out));
  return out;
}

Result<Tombstones> decode_tombstones(std::span<const uint8_t> file, const std::string& path) {
  auto corrupt = [&](const std::string& what) {
    return std::unexpected(make_error(ErrorKind::corruption, path + ": " + what));
  };
  if (file.size() < kHeaderBytes + 4) return corrupt("file of " + std::to_string(file.size()) + " bytes is too short");
  const size_t body = file.size() - 4;
  if (wal::crc32c(file.first(body)) != get_u32(file, body)) return corrupt("checksum mismatch");
  if (get_u32(file, 0) != kTombstonesMagic) return corrupt("bad magic at offset 0");
  if (uint32_t version = get_u32(file, 4); version != kTombstonesVersion) {
    return corrupt("unsupported version " + std::to_string(version) + " at offset 4");
  }
  wal::ByteReader r(file.subspan(kHeaderBytes, body - kHeaderBytes));
  auto at = [&] { return " at offset " + std::to_string(kHeaderBytes + r.offset()); };
  auto count = r.uvarint();
  if (!count) return corrupt(count.error().message);
  if (*count > r.remaining()) return corrupt("count exceeds the bytes left" + at());
  Tombstones stones;
  Tombstone previous{0, 0, 0};
  for (uint64_t i = 0; i < *count; ++i) {
    auto delta = r.uvarint();
    if (!delta) return corrupt(delta.error().message);
    auto min_t = r.varint();
    if (!min_t) return corrupt(min_t.error().message);
    auto span = r.uvarint();
    if (!span) return corrupt(span.error().message);
    uint64_t series = uint64_t{previous.series} + *delta;
    if (series > std::numeric_limits<uint32_t>::max()) return corrupt("series id out of range" + at());
    Tombstone t{static_cast<uint32_t>(series), *min_t, 0};
    if (__builtin_add_overflow(t.min_t, *span, &t.max_t)) return corrupt("interval overflows" + at());
    // The canonical form: sorted by series then time, disjoint and not touching.
    if (i > 0 && t.series == previous.series && touches({previous.min_t, previous.max_t}, {t.min_t, t.max_t})) {
      return corrupt("intervals out of order or overlapping" + at());
    }
    stones.add(t);
    previous = t;
  }
  if (r.remaining() != 0) return corrupt("unexpected bytes after the last entry" + at());
  return stones;
}

Result<Tombstones> read_tombstones(const std::string& block_dir) {
  const std::string path = block_dir + "/" + std::string(kTombstonesFile);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Tombstones{};
    return std::unexpected(io_error("cannot stat", path));
  }
  auto bytes = read_file(path);
  if (!bytes) return std::unexpected(bytes.error());
  return decode_tombstones(*bytes, path);
}

Result<void> write_tombstones(const std::string& block_dir, const Tombstones& stones) {
  return replace_file(block_dir, kTombstonesFile, encode_tombstones(stones));
}

}  // namespace vigil::storage::block
