#pragma once
// Interns the label names and values of the head's series: each distinct
// string is stored once and named by a dense 32-bit id, so that series and
// postings hold ids instead of copies of `job`, `instance`, ...
//
// intern() is sharded by string hash (one mutex per shard), so appenders that
// create series concurrently rarely wait on each other. Ids come from one
// atomic counter rather than being derived from the shard: they stay dense
// (0, 1, 2, ... in order of first intern) so that id-indexed arrays elsewhere
// have no holes. lookup() takes no lock: the id -> string table grows in
// segments that are never moved.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vigil::storage {

class SymbolTable {
 public:
  SymbolTable() = default;
  SymbolTable(const SymbolTable&) = delete;
  SymbolTable& operator=(const SymbolTable&) = delete;
  ~SymbolTable();

  // The id of `text`, assigning the next free one on first sight. Thread-safe.
  uint32_t intern(std::string_view text);

  // The string interned as `id`; valid for the table's lifetime. Empty for an
  // id that intern() has not returned. Thread-safe, lock-free.
  std::string_view lookup(uint32_t id) const noexcept;

  // Ids handed out so far (an id being assigned concurrently may be counted
  // before lookup() can see it).
  size_t size() const noexcept { return next_id_.load(std::memory_order_acquire); }

  // Approximate heap bytes held: strings, hash maps and the id table.
  size_t memory_bytes() const noexcept;

 private:
  static constexpr size_t kShardCount = 16;
  // Segment k holds kFirstSegmentSize << k ids; 23 segments cover every uint32_t.
  static constexpr size_t kFirstSegmentSize = 1024;
  static constexpr size_t kSegmentCount = 23;

  using Slot = std::atomic<const std::string*>;

  struct Shard {
    mutable std::mutex mutex;
    std::deque<std::string> strings;  // a deque never moves its elements, so views stay valid
    std::unordered_map<std::string_view, uint32_t> ids;
    size_t bytes = 0;
  };

  Slot& slot(uint32_t id);
  const Slot* find_slot(uint32_t id) const noexcept;

  std::array<Shard, kShardCount> shards_;
  std::array<std::atomic<Slot*>, kSegmentCount> segments_{};
  std::atomic<uint32_t> next_id_{0};
  std::atomic<size_t> segment_bytes_{0};
};

}  // namespace vigil::storage
