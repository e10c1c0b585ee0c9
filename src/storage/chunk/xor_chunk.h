#pragma once
// The head's sample encoding: Gorilla (Pelkonen et al., VLDB 2015) with
// delta-of-delta timestamps and XOR-compressed float values, in the layout of
// Prometheus's XOR chunk (documented in docs/storage-format.md). Values keep
// their exact bits: NaN payloads (the stale marker), -0 and infinities survive.

#include <cstdint>
#include <span>
#include <vector>

#include "storage/chunk/bit_stream.h"

namespace vigil::storage::chunk {

class XorChunk {
 public:
  static constexpr size_t kMaxSamples = 0xffff;  // the count is a 16-bit header field

  XorChunk();
  // Takes encoded bytes (from a WAL or block); iteration validates them.
  explicit XorChunk(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}

  uint16_t num_samples() const;
  std::span<const uint8_t> bytes() const { return bytes_; }
  size_t size_bytes() const { return bytes_.size(); }
  // Heap bytes held, slack included.
  size_t capacity_bytes() const { return bytes_.capacity(); }
  // Room for `bytes` in all: a head series sizes its next chunk by its last.
  void reserve(size_t bytes) { bytes_.reserve(bytes); }

 private:
  friend class XorAppender;
  std::vector<uint8_t> bytes_;  // 2-byte big-endian sample count, then the bit stream
};

// Appends to a chunk. Keeps the encoder state, so one appender must be used
// for all appends to a chunk, from its first sample on.
class XorAppender {
 public:
  explicit XorAppender(XorChunk& chunk);

  enum class Outcome { appended, out_of_order, full };
  // Timestamps must strictly increase; an equal or older one is refused, as is
  // a delta that does not fit 64 bits.
  Outcome append(int64_t t, double v);

  int64_t last_timestamp() const { return t_; }
  // The chunk's sample count, without reading the chunk (see Sink).
  uint16_t num_samples() const { return n_; }

 private:
  class Sink;
  void write_timestamp(Sink& w, uint16_t n, int64_t delta);
  void write_value(Sink& w, uint64_t bits);

  XorChunk* chunk_;  // a pointer, so that an appender can be re-pointed at a new chunk
  uint64_t bit_count_ = 16;  // the header
  uint16_t n_ = 0;           // samples in the chunk, as its header says
  uint8_t partial_ = 0;      // the last byte while it is partly filled, else 0
  int64_t t_ = 0;
  int64_t t_delta_ = 0;
  uint64_t v_bits_ = 0;
  uint8_t leading_ = 0xff;  // 0xff: no previous XOR window
  uint8_t trailing_ = 0;
};

class XorIterator {
 public:
  explicit XorIterator(std::span<const uint8_t> bytes);

  // Advances to the next sample; false at the end or on malformed data (see corrupt()).
  bool next();
  int64_t t() const { return t_; }
  double v() const;
  uint64_t v_bits() const { return v_bits_; }
  // Set when the data ended before the count in its header, or held an impossible code.
  bool corrupt() const { return corrupt_; }

 private:
  bool read_value();
  bool fail();

  BitReader reader_;
  uint64_t total_ = 0;
  uint64_t read_ = 0;
  int64_t t_ = 0;
  int64_t t_delta_ = 0;
  uint64_t v_bits_ = 0;
  uint8_t leading_ = 0;
  uint8_t trailing_ = 0;
  bool corrupt_ = false;
};

}  // namespace vigil::storage::chunk
