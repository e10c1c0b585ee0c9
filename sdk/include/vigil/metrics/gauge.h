#pragma once

#include <atomic>

namespace vigil::metrics {

// A value that goes up and down. All operations are lock-free.
class Gauge {
 public:
  void set(double v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void add(double delta) noexcept { value_.fetch_add(delta, std::memory_order_relaxed); }
  void inc(double delta = 1.0) noexcept { add(delta); }
  void dec(double delta = 1.0) noexcept { add(-delta); }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

}  // namespace vigil::metrics
