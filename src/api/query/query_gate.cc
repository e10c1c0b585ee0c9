#include "api/query/query_gate.h"

#include <algorithm>

namespace vigil::api {

std::expected<QueryGate::Slot, QueryGate::Refusal> QueryGate::enter(std::chrono::steady_clock::time_point deadline,
                                                                     std::stop_token stop) {
  std::unique_lock lock(mutex_);
  const uint64_t ticket = next_ticket_++;
  queue_.push_back(ticket);
  const bool admitted =
      changed_.wait_until(lock, stop, deadline, [&] { return running_ < max_running_ && queue_.front() == ticket; });
  if (!admitted) {
    queue_.erase(std::ranges::find(queue_, ticket));
    // The one behind may now be first in line.
    changed_.notify_all();
    return std::unexpected(stop.stop_requested() ? Refusal::stopped : Refusal::deadline_passed);
  }
  queue_.pop_front();
  ++running_;
  changed_.notify_all();
  return Slot(*this);
}

void QueryGate::leave() {
  {
    std::lock_guard lock(mutex_);
    --running_;
  }
  changed_.notify_all();
}

size_t QueryGate::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

size_t QueryGate::waiting() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace vigil::api
