#pragma once

#include <atomic>

namespace vigil::metrics {

// A monotonically increasing value. inc() is lock-free.
class Counter {
 public:
  // Negative or NaN increments are ignored: a counter never goes down.
  void inc(double delta = 1.0) noexcept {
    if (!(delta >= 0)) return;
    value_.fetch_add(delta, std::memory_order_relaxed);
  }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

}  // namespace vigil::metrics
