#pragma once
// At most N queries run at once; the others wait in arrival order until a
// slot frees, their deadline passes or they are cancelled (Prometheus's
// --query.max-concurrency and its query queue).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <expected>
#include <mutex>
#include <stop_token>
#include <utility>

namespace vigil::api {

class QueryGate {
 public:
  explicit QueryGate(size_t max_running) : max_running_(max_running == 0 ? 1 : max_running) {}

  // Held while a query runs; leaving frees the slot for the next in line.
  class Slot {
   public:
    explicit Slot(QueryGate& gate) : gate_(&gate) {}
    Slot(Slot&& other) noexcept : gate_(std::exchange(other.gate_, nullptr)) {}
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (gate_ != nullptr) gate_->leave();
    }

   private:
    QueryGate* gate_;
  };

  enum class Refusal { deadline_passed, stopped };

  std::expected<Slot, Refusal> enter(std::chrono::steady_clock::time_point deadline, std::stop_token stop);

  size_t running() const;
  size_t waiting() const;

 private:
  void leave();

  const size_t max_running_;
  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  size_t running_ = 0;
  uint64_t next_ticket_ = 0;
  std::deque<uint64_t> queue_;  // tickets of the waiting queries, oldest first
};

}  // namespace vigil::api
