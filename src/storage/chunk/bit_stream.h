#pragma once
// Bit-granular writing and reading over a byte buffer, most significant bit
// first: the substrate of the Gorilla encodings.

#include <cstdint>
#include <span>
#include <vector>

namespace vigil::storage::chunk {

class BitWriter {
 public:
  explicit BitWriter(std::vector<uint8_t>& out) : out_(out) {}
  // Continues a stream whose first `bits` bits are already in `out`.
  BitWriter(std::vector<uint8_t>& out, uint64_t bits) : out_(out), used_(bits) {}

  // Appends the low `count` bits of `value` (count 0..64), high bit first.
  void write_bits(uint64_t value, int count);
  void write_bit(bool bit) { write_bits(bit ? 1 : 0, 1); }
  void write_byte(uint8_t byte) { write_bits(byte, 8); }
  // Unsigned LEB128, as Go's binary.PutUvarint; signed values zig-zag first.
  void write_uvarint(uint64_t value);
  void write_varint(int64_t value);

  uint64_t bits() const { return used_; }

 private:
  std::vector<uint8_t>& out_;
  uint64_t used_ = 0;  // total bits in the stream
};

class BitReader {
 public:
  explicit BitReader(std::span<const uint8_t> data) : data_(data) {}

  // False when the stream ends first; the reader is then exhausted.
  bool read_bits(int count, uint64_t& value);
  bool read_bit(bool& bit);
  bool read_uvarint(uint64_t& value);
  bool read_varint(int64_t& value);

 private:
  std::span<const uint8_t> data_;
  uint64_t position_ = 0;  // in bits
};

}  // namespace vigil::storage::chunk
