#include "api/http/long_request_threads.h"

#include <thread>

namespace vigil::api {

LongRequestThreads::~LongRequestThreads() {
  stop();
  join();
}

bool LongRequestThreads::run(std::function<void()> work) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    ++running_;
  }
  std::thread([this, work = std::move(work)]() mutable {
    work();
    // Released before the count drops: join() may return, and the owner
    // go away, as soon as it does.
    work = nullptr;
    std::lock_guard lock(mutex_);
    --running_;
    idle_.notify_all();
  }).detach();
  return true;
}

void LongRequestThreads::stop() noexcept {
  std::lock_guard lock(mutex_);
  stopping_ = true;
}

bool LongRequestThreads::stopping() const noexcept {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void LongRequestThreads::join() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return running_ == 0; });
}

}  // namespace vigil::api
