#pragma once
// Deletions in an immutable block: per series, time ranges whose samples
// reads skip. They live in the block's `tombstones` file, rewritten whole
// (tmp file, fsync, rename) on every change; a later compaction drops the
// deleted samples for good. Layout: docs/storage-format.md, "Blocks".

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"

namespace vigil::storage::block {

inline constexpr uint32_t kTombstonesMagic = 0x54424756;  // "VGBT" little-endian
inline constexpr uint32_t kTombstonesVersion = 1;

// Deletes the samples of `series` (its id in the block) with min_t <= t <= max_t.
struct Tombstone {
  uint32_t series;
  int64_t min_t;
  int64_t max_t;

  friend bool operator==(const Tombstone&, const Tombstone&) = default;
};

struct Interval {
  int64_t min_t;
  int64_t max_t;

  friend bool operator==(const Interval&, const Interval&) = default;
};

class Tombstones {
 public:
  // Merges `stone` with the series' overlapping or adjacent intervals, so each
  // series keeps a sorted list of disjoint ones. Requires min_t <= max_t.
  void add(const Tombstone& stone);

  // Sorted, disjoint and non-adjacent; empty for a series without deletions.
  std::span<const Interval> intervals(uint32_t series) const;
  bool deleted(uint32_t series, int64_t t) const;

  // Every interval, by series then time.
  std::vector<Tombstone> list() const;
  bool empty() const noexcept { return by_series_.empty(); }

  friend bool operator==(const Tombstones&, const Tombstones&) = default;

 private:
  std::map<uint32_t, std::vector<Interval>> by_series_;
};

std::vector<uint8_t> encode_tombstones(const Tombstones& stones);
// Rejects anything encode_tombstones would not have written (bad magic,
// checksum, order, overlap). Errors are ErrorKind::corruption and name `path`.
Result<Tombstones> decode_tombstones(std::span<const uint8_t> file, const std::string& path);

// `<block_dir>/tombstones`; a block without the file has no deletions.
Result<Tombstones> read_tombstones(const std::string& block_dir);
// Replaces the file atomically; with no tombstones it still writes one, so
// that an older file cannot survive.
Result<void> write_tombstones(const std::string& block_dir, const Tombstones& stones);

}  // namespace vigil::storage::block
