#include "storage/labels/symbol_table.h"

#include <bit>
#include <functional>

namespace vigil::storage {
namespace {

struct SegmentPosition {
  size_t segment;
  size_t offset;
};

SegmentPosition position_of(uint64_t id, uint64_t first_segment_size) {
  // Segment k starts at first * (2^k - 1), so k = floor(log2(id / first + 1)).
  uint64_t segment = std::bit_width(id / first_segment_size + 1) - 1;
  uint64_t start = first_segment_size * ((uint64_t{1} << segment) - 1);
  return {segment, id - start};
}

// Rough per-entry cost of a node-based unordered_map: node (key, value, next
// pointer, cached hash) plus its bucket pointer.
constexpr size_t kMapEntryBytes = sizeof(std::string_view) + sizeof(uint32_t) + 3 * sizeof(void*);

}  // namespace

SymbolTable::~SymbolTable() {
  for (auto& segment : segments_) delete[] segment.load(std::memory_order_relaxed);
}

uint32_t SymbolTable::intern(std::string_view text) {
  size_t hash = std::hash<std::string_view>{}(text);
  // The map buckets by the low bits of the same hash; take the shard from the high ones.
  Shard& shard = shards_[(hash >> 32) % kShardCount];
  std::lock_guard lock(shard.mutex);
  if (auto it = shard.ids.find(text); it != shard.ids.end()) return it->second;

  uint32_t id = next_id_.fetch_add(1, std::memory_order_acq_rel);
  const std::string& stored = shard.strings.emplace_back(text);
  shard.ids.emplace(stored, id);
  shard.bytes += sizeof(std::string) + stored.size() + kMapEntryBytes;
  slot(id).store(&stored, std::memory_order_release);
  return id;
}

SymbolTable::Slot& SymbolTable::slot(uint32_t id) {
  auto [segment_index, offset] = position_of(id, kFirstSegmentSize);
  std::atomic<Slot*>& segment = segments_[segment_index];
  Slot* slots = segment.load(std::memory_order_acquire);
  if (slots == nullptr) {
    // Two shards may reach a new segment at once; the loser frees its copy.
    size_t count = kFirstSegmentSize << segment_index;
    auto* fresh = new Slot[count]();
    if (segment.compare_exchange_strong(slots, fresh, std::memory_order_acq_rel)) {
      slots = fresh;
      segment_bytes_.fetch_add(count * sizeof(Slot), std::memory_order_relaxed);
    } else {
      delete[] fresh;
    }
  }
  return slots[offset];
}

const SymbolTable::Slot* SymbolTable::find_slot(uint32_t id) const noexcept {
  auto [segment_index, offset] = position_of(id, kFirstSegmentSize);
  const Slot* slots = segments_[segment_index].load(std::memory_order_acquire);
  return slots == nullptr ? nullptr : &slots[offset];
}

std::string_view SymbolTable::lookup(uint32_t id) const noexcept {
  const Slot* s = find_slot(id);
  if (s == nullptr) return {};
  const std::string* text = s->load(std::memory_order_acquire);
  return text == nullptr ? std::string_view{} : std::string_view(*text);
}

size_t SymbolTable::memory_bytes() const noexcept {
  size_t total = segment_bytes_.load(std::memory_order_relaxed);
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.bytes + shard.ids.bucket_count() * sizeof(void*);
  }
  return total;
}

}  // namespace vigil::storage
