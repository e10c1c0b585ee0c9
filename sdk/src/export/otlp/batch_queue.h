#pragma once
// Serialized requests waiting to be sent, at most `capacity` of them: a new
// batch pushes out the oldest, since with cumulative values a later batch
// carries everything an earlier one did. Not synchronized (the exporter's
// lock guards it).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

namespace vigil::exporter::otlp {

struct Batch {
  uint64_t id = 0;
  std::shared_ptr<const std::string> body;  // shared with a send in flight
};

class BatchQueue {
 public:
  explicit BatchQueue(size_t capacity) : capacity_(capacity) {}

  // Returns how many batches were dropped to make room (0 or 1).
  size_t push(std::string body);
  bool empty() const { return batches_.empty(); }
  size_t size() const { return batches_.size(); }
  const Batch& front() const { return batches_.front(); }
  // Removes the front if it is still batch `id` (it may have been pushed out meanwhile).
  void pop(uint64_t id);
  // Removes everything; returns how many.
  size_t clear();

 private:
  size_t capacity_;
  uint64_t next_id_ = 1;
  std::deque<Batch> batches_;
};

}  // namespace vigil::exporter::otlp
