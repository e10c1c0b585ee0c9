#pragma once
// The head's background thread that packs freshly closed chunks into the
// compact block encoding (chunk/closed_chunk.h). Packing runs at a few
// million samples/s, too slow for the append path (which must sustain 10M+
// per core), so an append only queues the refs of the series whose chunk it
// cut, and this thread packs them under each series' lock.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace vigil::storage::head {

class ChunkPacker {
 public:
  // `pack` is called on the packer thread with batches of queued refs, and
  // `idle` once the queue has been dry for a while after packing (to give
  // memory back).
  ChunkPacker(std::function<void(std::span<const uint64_t>)> pack, std::function<void()> idle);
  // Stops the thread after the batch in hand; refs still queued stay unpacked
  // (their chunks remain valid, just larger).
  ~ChunkPacker();
  ChunkPacker(const ChunkPacker&) = delete;
  ChunkPacker& operator=(const ChunkPacker&) = delete;

  void enqueue(std::span<const uint64_t> refs);
  // Returns once everything queued before the call is packed.
  void drain();

 private:
  void run();

  std::function<void(std::span<const uint64_t>)> pack_;
  std::function<void()> idle_work_;
  std::mutex mu_;
  std::condition_variable work_;
  std::condition_variable idle_;
  std::vector<uint64_t> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the members it uses exist
};

}  // namespace vigil::storage::head
