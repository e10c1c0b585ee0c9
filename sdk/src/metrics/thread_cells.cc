#include "vigil/metrics/thread_cells.h"

#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace vigil::metrics::detail {
namespace {

// An arena in the list of every arena ever made. Arenas are never freed, so
// collectors walk the list without a lock.
struct ListedArena {
  CellArena cells{};
  ListedArena* next = nullptr;
};

class ArenaPool {
 public:
  CellArena* adopt() {
    std::lock_guard lock(mu_);
    if (!free_.empty()) {
      ListedArena* arena = free_.back();
      free_.pop_back();
      return &arena->cells;
    }
    auto* arena = new ListedArena();
    arena->next = head_.load(std::memory_order_relaxed);
    head_.store(arena, std::memory_order_release);
    return &arena->cells;
  }

  // The mutex orders the old owner's last stores before the new owner's first loads.
  void give_back(CellArena* cells) {
    std::lock_guard lock(mu_);
    free_.push_back(reinterpret_cast<ListedArena*>(cells));
  }

  template <class Fn>
  void for_each(Fn fn) {
    for (ListedArena* arena = head_.load(std::memory_order_acquire); arena != nullptr; arena = arena->next) {
      fn(arena->cells);
    }
  }

  uint32_t allocate(std::size_t count) {
    if (count == 0 || count > kCellsPerBlock) {
      throw std::length_error("a metric needs " + std::to_string(count) + " cells; at most " +
                              std::to_string(kCellsPerBlock) + " fit");
    }
    std::lock_guard lock(mu_);
    if (auto it = released_.find(count); it != released_.end() && !it->second.empty()) {
      const uint32_t first = it->second.back();
      it->second.pop_back();
      return first;
    }
    // A range never crosses a block, so that one block lookup serves it.
    if (next_ % kCellsPerBlock + count > kCellsPerBlock) next_ += kCellsPerBlock - next_ % kCellsPerBlock;
    if (next_ + count > kMaxCells) {
      throw std::length_error("metric storage is full: " + std::to_string(kMaxCells) + " cells in use");
    }
    const auto first = static_cast<uint32_t>(next_);
    next_ += count;
    return first;
  }

  void release(uint32_t first, std::size_t count) {
    for_each([&](CellArena& arena) {
      CellBlock* block = arena.blocks[first / kCellsPerBlock].load(std::memory_order_acquire);
      if (block == nullptr) return;
      for (std::size_t i = 0; i < count; ++i)
        block->cells[first % kCellsPerBlock + i].store(0, std::memory_order_relaxed);
    });
    std::lock_guard lock(mu_);
    released_[count].push_back(first);
  }

 private:
  std::mutex mu_;
  std::atomic<ListedArena*> head_{nullptr};
  std::vector<ListedArena*> free_;
  std::size_t next_ = 0;
  std::map<std::size_t, std::vector<uint32_t>> released_;  // by range length
};

// Never destroyed: threads may still exit (and hand back arenas) while
// static objects are being destroyed.
ArenaPool& pool() {
  static auto* instance = new ArenaPool();
  return *instance;
}

// Hands the thread's arena back when the thread exits.
struct ArenaReturn {
  CellArena* arena = nullptr;
  ~ArenaReturn() {
    if (arena == nullptr) return;
    current_arena = nullptr;
    exited = true;
    pool().give_back(arena);
  }
  static inline thread_local bool exited = false;
};
thread_local ArenaReturn arena_return;

CellArena& thread_arena() {
  if (current_arena != nullptr) return *current_arena;
  current_arena = pool().adopt();
  // A metric updated from another thread_local's destructor, after the
  // arena went back, takes an arena this thread keeps: it must not share
  // one with a thread adopting it meanwhile.
  if (!ArenaReturn::exited) arena_return.arena = current_arena;
  return *current_arena;
}

// The cells as doubles (a double's bits) or as integers, summed over every arena.
template <class Value>
void sum_cells(uint32_t first, std::size_t count, Value* out) {
  for (std::size_t i = 0; i < count; ++i) out[i] = 0;
  pool().for_each([&](const CellArena& arena) {
    const CellBlock* block = arena.blocks[first / kCellsPerBlock].load(std::memory_order_acquire);
    if (block == nullptr) return;
    for (std::size_t i = 0; i < count; ++i) {
      out[i] += std::bit_cast<Value>(block->cells[first % kCellsPerBlock + i].load(std::memory_order_relaxed));
    }
  });
}

}  // namespace

CellBlock& cell_block_slow(uint32_t index) {
  std::atomic<CellBlock*>& slot = thread_arena().blocks[index / kCellsPerBlock];
  CellBlock* block = slot.load(std::memory_order_relaxed);
  if (block == nullptr) {
    block = new CellBlock();
    slot.store(block, std::memory_order_release);
  }
  return *block;
}

uint32_t allocate_cells(std::size_t count) { return pool().allocate(count); }

void release_cells(uint32_t first, std::size_t count) noexcept {
  try {
    pool().release(first, count);
  } catch (...) {
    // Out of memory for the free list: the range is simply not reused.
  }
}

void sum_cells_as_double(uint32_t first, std::size_t count, double* out) { sum_cells(first, count, out); }

void sum_cells_as_uint(uint32_t first, std::size_t count, uint64_t* out) { sum_cells(first, count, out); }

}  // namespace vigil::metrics::detail
