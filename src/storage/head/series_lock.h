#pragma once
// The lock of one head series: one byte instead of std::mutex's forty, which
// matters at millions of series. It is held only for a short append or a
// chunk decode, so spinning (then yielding) beats parking a thread.

#include <atomic>
#include <cstdint>
#include <thread>

namespace vigil::storage::head {

class SeriesLock {
 public:
  void lock() noexcept {
    for (int spins = 0; locked_.exchange(true, std::memory_order_acquire); ++spins) {
      while (locked_.load(std::memory_order_relaxed)) {
        if (++spins > 64) {
          std::this_thread::yield();
        } else {
          cpu_relax();
        }
      }
    }
  }
  bool try_lock() noexcept { return !locked_.exchange(true, std::memory_order_acquire); }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

 private:
  static void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }

  std::atomic<bool> locked_{false};
};

}  // namespace vigil::storage::head
