#include "storage/head/chunk_packer.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>

namespace vigil::storage::head {
namespace {

// Refs handed to one call: the head holds its reclaim lock (which a
// truncation waits for) through a call, so keep each one short.
constexpr size_t kBatch = 64;

// Packing frees each chunk's XOR copy, scattering holes through the heap
// that glibc keeps unless asked. Once the queue has been dry this long after
// packing, free pages go back to the kernel: a burst of appends does not
// leave the process holding its peak.
constexpr auto kTrimDelay = std::chrono::seconds(1);

}  // namespace

ChunkPacker::ChunkPacker(std::function<void(std::span<const uint64_t>)> pack, std::function<void()> idle)
    : pack_(std::move(pack)), idle_work_(std::move(idle)), thread_([this] { run(); }) {}

ChunkPacker::~ChunkPacker() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_.notify_one();
  idle_.notify_all();
  thread_.join();
}

void ChunkPacker::enqueue(std::span<const uint64_t> refs) {
  if (refs.empty()) return;
  {
    std::lock_guard lock(mu_);
    queue_.insert(queue_.end(), refs.begin(), refs.end());
  }
  work_.notify_one();
}

void ChunkPacker::drain() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [&] { return stopping_ || (queue_.empty() && !busy_); });
}

void ChunkPacker::run() {
  std::vector<uint64_t> batch;
  bool trim_pending = false;
  std::unique_lock lock(mu_);
  for (;;) {
    if (!work_.wait_for(lock, kTrimDelay, [&] { return stopping_ || !queue_.empty(); })) {
      if (trim_pending) {
        lock.unlock();
        malloc_trim(0);
        idle_work_();
        lock.lock();
        trim_pending = false;
      }
      continue;
    }
    if (stopping_) return;
    batch.clear();
    batch.swap(queue_);
    busy_ = true;
    lock.unlock();
    for (size_t i = 0; i < batch.size(); i += kBatch) {
      pack_(std::span(batch).subspan(i, std::min(kBatch, batch.size() - i)));
      // Stop promptly: a head being destroyed does not need its chunks packed.
      std::lock_guard check(mu_);
      if (stopping_) break;
    }
    trim_pending = true;
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace vigil::storage::head
