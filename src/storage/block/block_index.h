#pragma once
// A block's `index` file, held in memory while the block is open: the symbol
// table, every series' labels (as symbol ids, decoded into a LabelSet only
// when asked for) and chunk references, and the postings by label pair.
// Layout: docs/storage-format.md, "Blocks".
//
// Symbols are sorted and unique, so comparing symbol ids compares the
// strings: label sets order by their id pairs, and a name's values come out
// of the postings in string order.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "storage/index/matcher.h"
#include "storage/labels/label_set.h"

namespace vigil::storage::block {

inline constexpr uint32_t kIndexMagic = 0x49424756;  // "VGBI" little-endian
inline constexpr uint32_t kIndexVersion = 1;
// Bounds the memory a damaged section size can ask for.
inline constexpr size_t kMaxIndexSectionBytes = size_t{1} << 30;

// Where one chunk of a series lives and what time it covers.
struct ChunkRef {
  int64_t min_t;    // first sample's timestamp
  int64_t max_t;    // last sample's timestamp
  uint32_t page;    // page number in the chunks file
  uint32_t offset;  // byte offset of the encoding in the decompressed page

  friend bool operator==(const ChunkRef&, const ChunkRef&) = default;
};

class BlockIndex {
 public:
  BlockIndex() = default;

  // From the writer: `symbols` sorted and unique; `label_refs` the (name,
  // value) symbol id pairs of all series one after another, series i owning
  // pairs [label_ends[i-1], label_ends[i]); likewise chunks and chunk_ends.
  // Series come in strictly increasing label order.
  static BlockIndex build(std::vector<std::string> symbols, std::vector<uint32_t> label_refs,
                          std::vector<uint32_t> label_ends, std::vector<ChunkRef> chunks,
                          std::vector<uint32_t> chunk_ends);

  // The whole file.
  std::vector<uint8_t> encode() const;
  // Verifies the header, the table of contents and each section's checksum,
  // then every reference and order the format promises. Errors are
  // ErrorKind::corruption and start with `path`.
  static Result<BlockIndex> parse(std::span<const uint8_t> file, const std::string& path);

  uint32_t num_series() const noexcept { return static_cast<uint32_t>(label_ends_.size()); }
  uint64_t num_chunks() const noexcept { return chunks_.size(); }
  LabelSet labels(uint32_t id) const;
  std::span<const ChunkRef> chunks(uint32_t id) const;

  std::vector<uint32_t> select(std::span<const index::Matcher> matchers) const;
  std::vector<std::string> label_names() const;
  std::vector<std::string> label_values(std::string_view name) const;

  friend bool operator==(const BlockIndex&, const BlockIndex&) = default;

 private:
  struct NameEntry {
    uint32_t symbol;
    uint32_t values_end;  // this name's values are values_[previous end, values_end)
    friend bool operator==(const NameEntry&, const NameEntry&) = default;
  };
  struct ValueEntry {
    uint32_t symbol;
    uint32_t postings_end;  // this value's series are postings_[previous end, postings_end)
    friend bool operator==(const ValueEntry&, const ValueEntry&) = default;
  };

  std::string_view symbol(uint32_t id) const;
  std::optional<uint32_t> find_symbol(std::string_view s) const;
  // The index into names_ of `name`, if any series has it.
  std::optional<size_t> find_name(std::string_view name) const;
  std::span<const ValueEntry> values_of(size_t name_index) const;
  std::span<const uint32_t> postings_of(const ValueEntry& value) const;
  std::span<const uint32_t> label_pairs(uint32_t id) const;
  void build_postings();

  std::string symbol_bytes_;
  std::vector<uint32_t> symbol_ends_;  // symbol i is [symbol_ends_[i-1], symbol_ends_[i]) of symbol_bytes_
  std::vector<uint32_t> label_refs_;
  std::vector<uint32_t> label_ends_;
  std::vector<ChunkRef> chunks_;
  std::vector<uint32_t> chunk_ends_;
  std::vector<NameEntry> names_;
  std::vector<ValueEntry> values_;
  std::vector<uint32_t> postings_;
};

}  // namespace vigil::storage::block
