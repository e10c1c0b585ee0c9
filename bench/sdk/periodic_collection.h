#pragma once
// A background thread that runs a collection every interval until it is
// destroyed: stands in for an exporter in the exporter_running benchmarks.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace vigil::bench {

class PeriodicCollection {
 public:
  PeriodicCollection(std::chrono::milliseconds interval, std::function<void()> collect)
      : thread_([this, interval, collect = std::move(collect)] {
          std::unique_lock lock(mu_);
          while (!stop_) {
            if (cv_.wait_for(lock, interval, [this] { return stop_; })) break;
            lock.unlock();
            collect();
            lock.lock();
            ++collections_;
          }
        }) {}

  ~PeriodicCollection() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

  PeriodicCollection(const PeriodicCollection&) = delete;
  PeriodicCollection& operator=(const PeriodicCollection&) = delete;

  int collections() {
    std::lock_guard lock(mu_);
    return collections_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  int collections_ = 0;
  std::thread thread_;  // last: starts once the members it uses exist
};

}  // namespace vigil::bench
