#include "storage/chunk/closed_chunk.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <utility>

#include "storage/block/sample_codec.h"

namespace vigil::storage::chunk {

namespace {

uint8_t* allocate(size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<uint8_t*>(p);
}

}  // namespace

ClosedChunk::ClosedChunk(ClosedChunk&& other) noexcept
    : bytes_(std::exchange(other.bytes_, nullptr)),
      min_t_(other.min_t_),
      max_t_(other.max_t_),
      size_(other.size_),
      count_(other.count_),
      packed_(other.packed_),
      in_file_(other.in_file_) {}

ClosedChunk& ClosedChunk::operator=(ClosedChunk&& other) noexcept {
  if (this != &other) {
    free_bytes();
    bytes_ = std::exchange(other.bytes_, nullptr);
    min_t_ = other.min_t_;
    max_t_ = other.max_t_;
    size_ = other.size_;
    count_ = other.count_;
    packed_ = other.packed_;
    in_file_ = other.in_file_;
  }
  return *this;
}

void ClosedChunk::free_bytes() noexcept {
  if (bytes_ == nullptr) return;
  if (in_file_) {
    ChunkFileArena::release(bytes_, size_);
  } else {
    std::free(bytes_);
  }
  bytes_ = nullptr;
}

ClosedChunk ClosedChunk::holding(std::span<const uint8_t> bytes, ChunkFileArena* files) {
  ClosedChunk c;
  c.bytes_ = files != nullptr ? files->allocate(bytes.size()) : nullptr;
  c.in_file_ = c.bytes_ != nullptr;
  if (c.bytes_ == nullptr) c.bytes_ = allocate(bytes.size());
  std::memcpy(c.bytes_, bytes.data(), bytes.size());
  c.size_ = static_cast<uint32_t>(bytes.size());
  return c;
}

ClosedChunk ClosedChunk::copy_of(const XorChunk& open, int64_t min_t, int64_t max_t, ChunkFileArena* files) {
  ClosedChunk c = holding(open.bytes(), files);
  c.count_ = open.num_samples();
  c.min_t_ = min_t;
  c.max_t_ = max_t;
  return c;
}

ClosedChunk ClosedChunk::pack(std::span<const Sample> samples) {
  // One scratch buffer per thread: the chunk then takes exactly its bytes,
  // without a growing vector's slack.
  thread_local std::vector<uint8_t> scratch;
  scratch.clear();
  encode_packed(samples, scratch);
  ClosedChunk c = holding(scratch);
  c.count_ = static_cast<uint32_t>(samples.size()) & 0x3fffffff;
  c.packed_ = 1;
  c.min_t_ = samples.front().t;
  c.max_t_ = samples.back().t;
  return c;
}

void ClosedChunk::encode_packed(std::span<const Sample> samples, std::vector<uint8_t>& out) {
  if (samples.empty()) throw std::length_error("ClosedChunk: no samples to pack");
  block::encode_samples(samples, out);
}

void ClosedChunk::take_packed(std::span<const uint8_t> encoded, ChunkFileArena* files) {
  uint8_t* in_file = files != nullptr ? files->allocate(encoded.size()) : nullptr;
  if (in_file != nullptr) {
    std::memcpy(in_file, encoded.data(), encoded.size());
    free_bytes();
    bytes_ = in_file;
    in_file_ = 1;
  } else if (encoded.size() <= size_ && !in_file_) {
    std::memcpy(bytes_, encoded.data(), encoded.size());
    // glibc shrinks in place; should a realloc move or fail, the bytes are still right.
    if (void* shrunk = std::realloc(bytes_, encoded.size() == 0 ? 1 : encoded.size())) {
      bytes_ = static_cast<uint8_t*>(shrunk);
    }
  } else {
    uint8_t* heap = allocate(encoded.size());
    std::memcpy(heap, encoded.data(), encoded.size());
    free_bytes();
    bytes_ = heap;
    in_file_ = 0;
  }
  size_ = static_cast<uint32_t>(encoded.size());
  packed_ = 1;
}

void ClosedChunk::decode(std::vector<Sample>& out) const {
  if (packed_) {
    // Bytes this process encoded and never changed: a decode error would be
    // a codec bug, and leaves `out` as it was.
    (void)block::decode_samples(bytes(), out);
    return;
  }
  XorIterator it(bytes());
  while (it.next()) out.push_back({it.t(), it.v()});
}

void ClosedChunk::decode_range(int64_t mint, int64_t maxt, std::vector<Sample>& out) const {
  if (!packed_) {
    XorIterator it(bytes());
    while (it.next()) {
      if (it.t() > maxt) break;
      if (it.t() >= mint) out.push_back({it.t(), it.v()});
    }
    return;
  }
  const size_t start = out.size();
  decode(out);
  auto first = std::lower_bound(out.begin() + static_cast<long>(start), out.end(), mint,
                                [](const Sample& s, int64_t t) { return s.t < t; });
  auto last = std::upper_bound(first, out.end(), maxt, [](int64_t t, const Sample& s) { return t < s.t; });
  out.erase(last, out.end());
  out.erase(out.begin() + static_cast<long>(start), first);
}

}  // namespace vigil::storage::chunk
