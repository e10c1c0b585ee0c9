#pragma once

#include <cstdint>

#include "vigil/metrics/thread_cells.h"

namespace vigil::metrics {

// A monotonically increasing value. inc() updates the calling thread's own
// cells (see thread_cells.h): no lock, no locked instruction, and threads
// incrementing the same counter do not slow each other down. value() sums
// the cells of every thread.
//
// Two cells: whole increments add to an integer (an integer add is the
// cheapest update there is, and exact), others to a double.
class Counter {
 public:
  // Throws std::length_error when the process holds about 4 million
  // counter and histogram cells already.
  Counter() : cells_(detail::allocate_cells(2)) {}
  ~Counter() { detail::release_cells(cells_, 2); }
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  void inc() noexcept { detail::add_to_cell(detail::own_cell(cells_), uint64_t{1}); }
  // Negative or NaN increments are ignored: a counter never goes down.
  void inc(double delta) noexcept {
    if (!(delta >= 0)) return;
    detail::CellBlock& block = detail::cell_block(cells_);
    const std::size_t at = cells_ % detail::kCellsPerBlock;
    if (delta < 0x1p53 && delta == static_cast<double>(static_cast<uint64_t>(delta))) {
      detail::add_to_cell(block.cells[at], static_cast<uint64_t>(delta));
    } else {
      detail::add_to_cell(block.cells[at + 1], delta);
    }
  }
  double value() const {
    uint64_t whole = 0;
    double fraction = 0;
    detail::sum_cells_as_uint(cells_, 1, &whole);
    detail::sum_cells_as_double(cells_ + 1, 1, &fraction);
    return static_cast<double>(whole) + fraction;
  }

 private:
  uint32_t cells_;  // cells_: whole increments; cells_ + 1: the rest
};

}  // namespace vigil::metrics
