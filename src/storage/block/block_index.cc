#include "storage/block/block_index.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <tuple>

#include "storage/block/checksummed_frame.h"
#include "storage/index/select_postings.h"
#include "storage/wal/byte_codec.h"
#include "storage/wal/crc32c.h"

namespace vigil::storage::block {
namespace {

using wal::ByteReader;
using wal::ByteWriter;

constexpr size_t kHeaderBytes = 8;
constexpr size_t kSections = 3;  // symbols, series, postings
constexpr size_t kTocBytes = kSections * 8 + 4;
constexpr std::array<const char*, kSections> kSectionNames = {"symbols", "series", "postings"};

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_u64(std::vector<uint8_t>& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
uint64_t get_le(std::span<const uint8_t> bytes, size_t at, int width) {
  uint64_t v = 0;
  for (int i = 0; i < width; ++i) v |= uint64_t{bytes[at + i]} << (8 * i);
  return v;
}

// Deltas modulo 2^64, so any pair of timestamps has one.
uint64_t wrapping_sub(int64_t a, int64_t b) { return static_cast<uint64_t>(a) - static_cast<uint64_t>(b); }
int64_t wrapping_add(int64_t a, uint64_t d) { return static_cast<int64_t>(static_cast<uint64_t>(a) + d); }

// Decoding state of one section: a ByteReader whose errors name the file and
// section, plus checks that read as sentences.
class SectionReader {
 public:
  SectionReader(std::span<const uint8_t> bytes, const std::string& path, const char* section)
      : reader_(bytes), prefix_(path + ": " + section + " section: ") {}

  Result<uint64_t> uvarint() {
    auto v = reader_.uvarint();
    if (!v) return std::unexpected(make_error(ErrorKind::corruption, prefix_ + v.error().message));
    return v;
  }
  Result<int64_t> varint() {
    auto v = reader_.varint();
    if (!v) return std::unexpected(make_error(ErrorKind::corruption, prefix_ + v.error().message));
    return v;
  }
  // A count of entries that each take at least one byte: larger than the
  // bytes left is damage, found before anything is allocated for it.
  Result<uint64_t> count() {
    auto n = uvarint();
    if (n && *n > reader_.remaining()) return fail("count " + std::to_string(*n) + " exceeds the bytes left");
    return n;
  }
  Result<std::string_view> string() {
    auto v = reader_.string();
    if (!v) return std::unexpected(make_error(ErrorKind::corruption, prefix_ + v.error().message));
    return v;
  }
  std::unexpected<Error> fail(const std::string& what) const {
    return std::unexpected(
        make_error(ErrorKind::corruption, prefix_ + what + " at offset " + std::to_string(reader_.offset())));
  }
  Result<void> finish() const {
    if (reader_.remaining() != 0) return fail("unexpected bytes after the last entry");
    return {};
  }

 private:
  ByteReader reader_;
  std::string prefix_;
};

}  // namespace

BlockIndex BlockIndex::build(std::vector<std::string> symbols, std::vector<uint32_t> label_refs,
                             std::vector<uint32_t> label_ends, std::vector<ChunkRef> chunks,
                             std::vector<uint32_t> chunk_ends) {
  BlockIndex index;
  for (const auto& s : symbols) {
    index.symbol_bytes_ += s;
    index.symbol_ends_.push_back(static_cast<uint32_t>(index.symbol_bytes_.size()));
  }
  index.label_refs_ = std::move(label_refs);
  index.label_ends_ = std::move(label_ends);
  index.chunks_ = std::move(chunks);
  index.chunk_ends_ = std::move(chunk_ends);
  index.build_postings();
  return index;
}

void BlockIndex::build_postings() {
  // (name, value, series), sorted: grouping by name then value gives the
  // postings lists with their series ascending.
  std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> triples;
  triples.reserve(label_refs_.size() / 2);
  for (uint32_t id = 0; id < num_series(); ++id) {
    auto pairs = label_pairs(id);
    for (size_t i = 0; i < pairs.size(); i += 2) triples.emplace_back(pairs[i], pairs[i + 1], id);
  }
  std::sort(triples.begin(), triples.end());
  names_.clear();
  values_.clear();
  postings_.clear();
  postings_.reserve(triples.size());
  for (size_t i = 0; i < triples.size(); ++i) {
    auto [name, value, id] = triples[i];
    bool new_name = names_.empty() || names_.back().symbol != name;
    if (new_name) names_.push_back({name, 0});
    if (new_name || values_.back().symbol != value) values_.push_back({value, 0});
    postings_.push_back(id);
    values_.back().postings_end = static_cast<uint32_t>(postings_.size());
    names_.back().values_end = static_cast<uint32_t>(values_.size());
  }
}

std::string_view BlockIndex::symbol(uint32_t id) const {
  uint32_t start = id == 0 ? 0 : symbol_ends_[id - 1];
  return std::string_view(symbol_bytes_).substr(start, symbol_ends_[id] - start);
}

std::optional<uint32_t> BlockIndex::find_symbol(std::string_view s) const {
  uint32_t lo = 0, hi = static_cast<uint32_t>(symbol_ends_.size());
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (symbol(mid) < s) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < symbol_ends_.size() && symbol(lo) == s) return lo;
  return std::nullopt;
}

std::optional<size_t> BlockIndex::find_name(std::string_view name) const {
  auto id = find_symbol(name);
  if (!id) return std::nullopt;
  auto it = std::lower_bound(names_.begin(), names_.end(), *id,
                             [](const NameEntry& e, uint32_t symbol) { return e.symbol < symbol; });
  if (it == names_.end() || it->symbol != *id) return std::nullopt;
  return static_cast<size_t>(it - names_.begin());
}

std::span<const BlockIndex::ValueEntry> BlockIndex::values_of(size_t name_index) const {
  uint32_t start = name_index == 0 ? 0 : names_[name_index - 1].values_end;
  return std::span(values_).subspan(start, names_[name_index].values_end - start);
}

std::span<const uint32_t> BlockIndex::postings_of(const ValueEntry& value) const {
  size_t at = static_cast<size_t>(&value - values_.data());
  uint32_t start = at == 0 ? 0 : values_[at - 1].postings_end;
  return std::span(postings_).subspan(start, value.postings_end - start);
}

std::span<const uint32_t> BlockIndex::label_pairs(uint32_t id) const {
  uint32_t start = id == 0 ? 0 : label_ends_[id - 1];
  return std::span(label_refs_).subspan(size_t{start} * 2, size_t{label_ends_[id] - start} * 2);
}

LabelSet BlockIndex::labels(uint32_t id) const {
  auto pairs = label_pairs(id);
  std::vector<Label> labels;
  labels.reserve(pairs.size() / 2);
  for (size_t i = 0; i < pairs.size(); i += 2) {
    labels.push_back({std::string(symbol(pairs[i])), std::string(symbol(pairs[i + 1]))});
  }
  // Names are unique and values non-empty (checked at parse), so this holds.
  return LabelSet::from(std::move(labels)).value();
}

std::span<const ChunkRef> BlockIndex::chunks(uint32_t id) const {
  uint32_t start = id == 0 ? 0 : chunk_ends_[id - 1];
  return std::span(chunks_).subspan(start, chunk_ends_[id] - start);
}

std::vector<uint32_t> BlockIndex::select(std::span<const index::Matcher> matchers) const {
  return index::select_postings<uint32_t>(
      matchers,
      [&](const std::string& name, const std::string& value) -> std::vector<uint32_t> {
        auto n = find_name(name);
        if (!n) return {};
        auto values = values_of(*n);
        auto it = std::lower_bound(values.begin(), values.end(), std::string_view(value),
                                   [&](const ValueEntry& e, std::string_view v) { return symbol(e.symbol) < v; });
        if (it == values.end() || symbol(it->symbol) != value) return {};
        auto ids = postings_of(*it);
        return {ids.begin(), ids.end()};
      },
      [&](const std::string& name, auto keep) -> std::vector<uint32_t> {
        auto n = find_name(name);
        if (!n) return {};
        std::vector<std::span<const uint32_t>> lists;
        for (const ValueEntry& value : values_of(*n)) {
          if (keep(symbol(value.symbol))) lists.push_back(postings_of(value));
        }
        return index::union_postings<uint32_t>(lists);
      },
      [&] {
        std::vector<uint32_t> all(num_series());
        std::iota(all.begin(), all.end(), 0);
        return all;
      });
}

std::vector<std::string> BlockIndex::label_names() const {
  std::vector<std::string> out;
  out.reserve(names_.size());
  for (const NameEntry& name : names_) out.emplace_back(symbol(name.symbol));
  return out;
}

std::vector<std::string> BlockIndex::label_values(std::string_view name) const {
  std::vector<std::string> out;
  auto n = find_name(name);
  if (!n) return out;
  for (const ValueEntry& value : values_of(*n)) out.emplace_back(symbol(value.symbol));
  return out;
}

std::vector<uint8_t> BlockIndex::encode() const {
  std::array<std::vector<uint8_t>, kSections> sections;

  {  // Symbols, front-coded: sorted strings share prefixes (host-0001, host-0002).
    ByteWriter w(sections[0]);
    w.uvarint(symbol_ends_.size());
    std::string_view previous;
    for (uint32_t id = 0; id < symbol_ends_.size(); ++id) {
      std::string_view s = symbol(id);
      size_t shared = std::mismatch(s.begin(), s.end(), previous.begin(), previous.end()).first - s.begin();
      w.uvarint(shared);
      w.string(s.substr(shared));
      previous = s;
    }
  }
  {  // Series: labels sharing a prefix with the previous series, then chunks.
    ByteWriter w(sections[1]);
    w.uvarint(num_series());
    std::span<const uint32_t> previous;
    int64_t previous_first_min = 0;
    uint32_t previous_page = 0, previous_offset = 0;
    bool first_chunk = true;
    for (uint32_t id = 0; id < num_series(); ++id) {
      auto pairs = label_pairs(id);
      size_t shared = 0;
      while (shared + 2 <= std::min(pairs.size(), previous.size()) && pairs[shared] == previous[shared] &&
             pairs[shared + 1] == previous[shared + 1]) {
        shared += 2;
      }
      w.uvarint(shared / 2);
      w.uvarint((pairs.size() - shared) / 2);
      for (size_t i = shared; i < pairs.size(); ++i) w.uvarint(pairs[i]);
      previous = pairs;

      auto refs = chunks(id);
      w.uvarint(refs.size());
      for (size_t c = 0; c < refs.size(); ++c) {
        const ChunkRef& ref = refs[c];
        if (c == 0) {
          w.varint(static_cast<int64_t>(wrapping_sub(ref.min_t, previous_first_min)));
          previous_first_min = ref.min_t;
        } else {
          w.uvarint(wrapping_sub(ref.min_t, refs[c - 1].max_t));
        }
        w.uvarint(wrapping_sub(ref.max_t, ref.min_t));
        w.uvarint(ref.page - previous_page);
        bool same_page = !first_chunk && ref.page == previous_page;
        w.uvarint(same_page ? ref.offset - previous_offset : ref.offset);
        previous_page = ref.page;
        previous_offset = ref.offset;
        first_chunk = false;
      }
    }
  }
  {  // Postings, grouped by name: also the table of each name's values.
    ByteWriter w(sections[2]);
    w.uvarint(names_.size());
    for (size_t n = 0; n < names_.size(); ++n) {
      auto values = values_of(n);
      w.uvarint(names_[n].symbol);
      w.uvarint(values.size());
      for (size_t v = 0; v < values.size(); ++v) {
        w.uvarint(v == 0 ? values[v].symbol : values[v].symbol - values[v - 1].symbol);
        auto ids = postings_of(values[v]);
        w.uvarint(ids.size());
        for (size_t i = 0; i < ids.size(); ++i) w.uvarint(i == 0 ? ids[0] : ids[i] - ids[i - 1]);
      }
    }
  }

  std::vector<uint8_t> file;
  put_u32(file, kIndexMagic);
  put_u32(file, kIndexVersion);
  std::array<uint64_t, kSections> offsets{};
  for (size_t i = 0; i < kSections; ++i) {
    offsets[i] = file.size();
    append_frame(sections[i], file);
  }
  size_t toc = file.size();
  for (uint64_t offset : offsets) put_u64(file, offset);
  put_u32(file, wal::crc32c(std::span(file).subspan(toc)));
  return file;
}

namespace {

Result<std::array<std::vector<uint8_t>, kSections>> unpack_sections(std::span<const uint8_t> file,
                                                                    const std::string& path) {
  auto corrupt = [&](const std::string& what) {
    return std::unexpected(make_error(ErrorKind::corruption, path + ": " + what));
  };
  if (file.size() < kHeaderBytes + kTocBytes)
    return corrupt("file of " + std::to_string(file.size()) + " bytes is too short");
  if (get_le(file, 0, 4) != kIndexMagic) return corrupt("bad magic at offset 0");
  if (uint64_t version = get_le(file, 4, 4); version != kIndexVersion) {
    return corrupt("unsupported version " + std::to_string(version) + " at offset 4");
  }
  const size_t toc = file.size() - kTocBytes;
  if (wal::crc32c(file.subspan(toc, kTocBytes - 4)) != get_le(file, file.size() - 4, 4)) {
    return corrupt("table of contents checksum mismatch at offset " + std::to_string(toc));
  }
  // Sections are contiguous from the header to the table of contents, so
  // every byte of the file is under some checksum.
  std::array<std::vector<uint8_t>, kSections> sections;
  uint64_t expected = kHeaderBytes;
  for (size_t i = 0; i < kSections; ++i) {
    uint64_t offset = get_le(file, toc + 8 * i, 8);
    std::string where = std::string(kSectionNames[i]) + " section at offset " + std::to_string(offset);
    if (offset != expected) return corrupt(where + ": expected offset " + std::to_string(expected));
    if (toc - offset < kFrameOverheadBytes) return corrupt(where + ": truncated");
    FrameHeader header = parse_frame_header(file.subspan(offset).first<kFrameHeaderBytes>());
    if (header.frame_bytes() > toc - offset) return corrupt(where + ": runs past the table of contents");
    auto raw = unpack_frame(file.subspan(offset, header.frame_bytes()), kMaxIndexSectionBytes);
    if (!raw) return corrupt(where + ": " + raw.error().message);
    sections[i] = std::move(*raw);
    expected = offset + header.frame_bytes();
  }
  if (expected != toc)
    return corrupt("unexpected bytes before the table of contents at offset " + std::to_string(expected));
  return sections;
}

}  // namespace

Result<BlockIndex> BlockIndex::parse(std::span<const uint8_t> file, const std::string& path) {
  auto sections = unpack_sections(file, path);
  if (!sections) return std::unexpected(sections.error());
  BlockIndex index;

  {
    SectionReader r((*sections)[0], path, kSectionNames[0]);
    auto count = r.count();
    if (!count) return std::unexpected(count.error());
    index.symbol_ends_.reserve(*count);
    std::string previous, current;
    for (uint64_t i = 0; i < *count; ++i) {
      auto shared = r.uvarint();
      if (!shared) return std::unexpected(shared.error());
      auto suffix = r.string();
      if (!suffix) return std::unexpected(suffix.error());
      if (*shared > previous.size()) return r.fail("shared prefix longer than the previous symbol");
      current.assign(previous, 0, *shared);
      current.append(*suffix);
      // Empty symbols are useless (labels have non-empty names and values).
      if (current.empty() || (i > 0 && current <= previous)) {
        return r.fail("symbol " + std::to_string(i) + " is empty or out of order");
      }
      index.symbol_bytes_.append(current);
      if (index.symbol_bytes_.size() > UINT32_MAX) return r.fail("symbols exceed 4 GiB");
      index.symbol_ends_.push_back(static_cast<uint32_t>(index.symbol_bytes_.size()));
      std::swap(previous, current);
    }
    if (auto done = r.finish(); !done) return std::unexpected(done.error());
  }

  const uint64_t num_symbols = index.symbol_ends_.size();
  {
    SectionReader r((*sections)[1], path, kSectionNames[1]);
    auto count = r.count();
    if (!count) return std::unexpected(count.error());
    index.label_ends_.reserve(*count);
    index.chunk_ends_.reserve(*count);
    int64_t previous_first_min = 0;
    uint64_t previous_page = 0, previous_offset = 0;
    bool first_chunk = true;
    for (uint64_t id = 0; id < *count; ++id) {
      size_t previous_start = id == 0 ? 0 : (id == 1 ? 0 : index.label_ends_[id - 2]) * size_t{2};
      size_t previous_pairs = id == 0 ? 0 : index.label_refs_.size() / 2 - previous_start / 2;
      auto shared = r.uvarint();
      if (!shared) return std::unexpected(shared.error());
      auto own = r.count();
      if (!own) return std::unexpected(own.error());
      if (*shared > previous_pairs) return r.fail("more shared labels than the previous series has");
      if (*shared + *own == 0) return r.fail("series " + std::to_string(id) + " has no labels");
      size_t start = index.label_refs_.size();
      for (uint64_t i = 0; i < *shared * 2; ++i) index.label_refs_.push_back(index.label_refs_[previous_start + i]);
      for (uint64_t i = 0; i < *own * 2; ++i) {
        auto symbol = r.uvarint();
        if (!symbol) return std::unexpected(symbol.error());
        if (*symbol >= num_symbols) return r.fail("symbol id " + std::to_string(*symbol) + " out of range");
        index.label_refs_.push_back(static_cast<uint32_t>(*symbol));
      }
      std::span<const uint32_t> pairs = std::span(index.label_refs_).subspan(start);
      for (size_t i = 2; i < pairs.size(); i += 2) {
        if (pairs[i] <= pairs[i - 2]) return r.fail("label names of series " + std::to_string(id) + " out of order");
      }
      if (id > 0) {
        auto previous = std::span(index.label_refs_).subspan(previous_start, start - previous_start);
        if (!std::lexicographical_compare(previous.begin(), previous.end(), pairs.begin(), pairs.end())) {
          return r.fail("series " + std::to_string(id) + " is not after the previous one in label order");
        }
      }
      if (index.label_refs_.size() / 2 > UINT32_MAX) return r.fail("too many labels");
      index.label_ends_.push_back(static_cast<uint32_t>(index.label_refs_.size() / 2));

      auto chunks = r.count();
      if (!chunks) return std::unexpected(chunks.error());
      if (*chunks == 0) return r.fail("series " + std::to_string(id) + " has no chunks");
      for (uint64_t c = 0; c < *chunks; ++c) {
        ChunkRef ref{};
        if (c == 0) {
          auto delta = r.varint();
          if (!delta) return std::unexpected(delta.error());
          ref.min_t = wrapping_add(previous_first_min, static_cast<uint64_t>(*delta));
          previous_first_min = ref.min_t;
        } else {
          auto gap = r.uvarint();
          if (!gap) return std::unexpected(gap.error());
          int64_t after = index.chunks_.back().max_t;
          if (*gap == 0 || __builtin_add_overflow(after, *gap, &ref.min_t)) {
            return r.fail("chunk does not start after the previous one");
          }
        }
        auto span = r.uvarint();
        if (!span) return std::unexpected(span.error());
        if (__builtin_add_overflow(ref.min_t, *span, &ref.max_t)) return r.fail("chunk time range overflows");
        auto page_delta = r.uvarint();
        if (!page_delta) return std::unexpected(page_delta.error());
        auto offset = r.uvarint();
        if (!offset) return std::unexpected(offset.error());
        uint64_t page = previous_page + *page_delta;
        bool same_page = !first_chunk && *page_delta == 0;
        if (same_page && *offset == 0) return r.fail("chunk does not start after the previous one in its page");
        uint64_t at = same_page ? previous_offset + *offset : *offset;
        if (*page_delta > UINT32_MAX || page > UINT32_MAX || *offset > UINT32_MAX || at > UINT32_MAX) {
          return r.fail("chunk reference out of range");
        }
        ref.page = static_cast<uint32_t>(page);
        ref.offset = static_cast<uint32_t>(at);
        previous_page = page;
        previous_offset = at;
        first_chunk = false;
        index.chunks_.push_back(ref);
      }
      if (index.chunks_.size() > UINT32_MAX) return r.fail("too many chunks");
      index.chunk_ends_.push_back(static_cast<uint32_t>(index.chunks_.size()));
    }
    if (auto done = r.finish(); !done) return std::unexpected(done.error());
  }

  {
    // The stored postings must be exactly those the series' labels imply.
    SectionReader r((*sections)[2], path, kSectionNames[2]);
    std::vector<NameEntry> names;
    std::vector<ValueEntry> values;
    std::vector<uint32_t> postings;
    auto name_count = r.count();
    if (!name_count) return std::unexpected(name_count.error());
    for (uint64_t n = 0; n < *name_count; ++n) {
      auto name = r.uvarint();
      if (!name) return std::unexpected(name.error());
      auto value_count = r.count();
      if (!value_count) return std::unexpected(value_count.error());
      if (*name > UINT32_MAX) return r.fail("symbol id out of range");
      uint64_t value = 0;
      for (uint64_t v = 0; v < *value_count; ++v) {
        auto delta = r.uvarint();
        if (!delta) return std::unexpected(delta.error());
        value = v == 0 ? *delta : value + *delta;
        if (value > UINT32_MAX) return r.fail("symbol id out of range");
        auto ids = r.count();
        if (!ids) return std::unexpected(ids.error());
        uint64_t id = 0;
        for (uint64_t i = 0; i < *ids; ++i) {
          auto d = r.uvarint();
          if (!d) return std::unexpected(d.error());
          id = i == 0 ? *d : id + *d;
          if (id > UINT32_MAX) return r.fail("series id out of range");
          postings.push_back(static_cast<uint32_t>(id));
        }
        values.push_back({static_cast<uint32_t>(value), static_cast<uint32_t>(postings.size())});
        if (postings.size() > index.label_refs_.size() / 2) return r.fail("more postings than labels");
      }
      names.push_back({static_cast<uint32_t>(*name), static_cast<uint32_t>(values.size())});
    }
    if (auto done = r.finish(); !done) return std::unexpected(done.error());
    index.build_postings();
    if (names != index.names_ || values != index.values_ || postings != index.postings_) {
      return std::unexpected(
          make_error(ErrorKind::corruption, path + ": postings section does not match the series' labels"));
    }
  }
  return index;
}

}  // namespace vigil::storage::block
