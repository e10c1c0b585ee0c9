#include "export/otlp/batch_queue.h"

#include <utility>

namespace vigil::exporter::otlp {

size_t BatchQueue::push(std::string body) {
  size_t dropped = 0;
  while (batches_.size() >= capacity_) {
    batches_.pop_front();
    ++dropped;
  }
  batches_.push_back({next_id_++, std::make_shared<const std::string>(std::move(body))});
  return dropped;
}

void BatchQueue::pop(uint64_t id) {
  if (!batches_.empty() && batches_.front().id == id) batches_.pop_front();
}

size_t BatchQueue::clear() {
  const size_t n = batches_.size();
  batches_.clear();
  return n;
}

}  // namespace vigil::exporter::otlp
