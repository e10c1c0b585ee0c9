#pragma once
// Per-thread storage for counter and histogram values: the reason an
// increment costs about as much as incrementing a plain thread_local.
//
// Every counter and histogram owns a range of cell indices. Each thread that
// updates metrics has its own arena in which cell i lives; only that thread
// writes it, so an update is a relaxed load and store (no locked
// instruction, no cache line shared between threads). A value is the sum of
// its cell over every arena, taken at collection. An arena outlives its
// thread: when a thread exits, its arena (values included) passes to the
// next new thread, so nothing counted is lost and memory stays bounded by
// the largest number of threads alive at once.

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace vigil::metrics::detail {

inline constexpr std::size_t kCellsPerBlock = 512;
inline constexpr std::size_t kBlocksPerArena = 8192;
// 4,194,304 cells in a process: 4 million counters, or fewer histograms.
inline constexpr std::size_t kMaxCells = kCellsPerBlock * kBlocksPerArena;

using Cell = std::atomic<uint64_t>;

struct CellBlock {
  Cell cells[kCellsPerBlock];
};

struct CellArena {
  // Written by the owning thread only (when it first touches a block), read
  // by collectors.
  std::atomic<CellBlock*> blocks[kBlocksPerArena];
};

// The arena of the calling thread; null until its first update.
inline thread_local CellArena* current_arena = nullptr;

// Takes an arena and/or allocates the block for `index`.
CellBlock& cell_block_slow(uint32_t index);

// The calling thread's block holding `index`. A range from allocate_cells()
// never crosses a block, so one lookup serves the whole range.
inline CellBlock& cell_block(uint32_t index) {
  if (CellArena* arena = current_arena) {
    if (CellBlock* block = arena->blocks[index / kCellsPerBlock].load(std::memory_order_relaxed)) return *block;
  }
  return cell_block_slow(index);
}

inline Cell& own_cell(uint32_t index) { return cell_block(index).cells[index % kCellsPerBlock]; }

// Single-writer updates: the calling thread owns the cell, so load + store
// cannot lose a concurrent update.
inline void add_to_cell(Cell& cell, double delta) {
  cell.store(std::bit_cast<uint64_t>(std::bit_cast<double>(cell.load(std::memory_order_relaxed)) + delta),
             std::memory_order_relaxed);
}
inline void add_to_cell(Cell& cell, uint64_t delta) {
  cell.store(cell.load(std::memory_order_relaxed) + delta, std::memory_order_relaxed);
}

// `count` consecutive zeroed cells within one block. Throws std::length_error
// when the process has no room left (or count > kCellsPerBlock).
uint32_t allocate_cells(std::size_t count);
// Zeroes the cells in every arena and makes them available again. The
// owner must no longer be updated by any thread.
void release_cells(uint32_t first, std::size_t count) noexcept;

// Sums of cells first..first+count-1 over every arena, as doubles or as
// integers, written to out[0..count-1].
void sum_cells_as_double(uint32_t first, std::size_t count, double* out);
void sum_cells_as_uint(uint32_t first, std::size_t count, uint64_t* out);

}  // namespace vigil::metrics::detail
