#pragma once
// Bit-granular writing and reading over a byte buffer, most significant bit
// first: the substrate of the Gorilla encodings.

#include <bit>
#include <cstdint>
#include <cstring>
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

  // The next 64 bits, most significant first, zeros past the end; the
  // position does not move. Inline and word-at-a-time: decoding chunks is
  // most of what a query costs.
  uint64_t peek() const {
    const size_t byte = static_cast<size_t>(position_ / 8);
    const int offset = static_cast<int>(position_ % 8);
    uint64_t word = 0;
    if (byte + 8 <= data_.size()) {
      std::memcpy(&word, data_.data() + byte, 8);
      if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap64(word);
    } else {
      for (size_t i = 0; byte + i < data_.size(); ++i) word |= uint64_t{data_[byte + i]} << (56 - 8 * i);
    }
    if (offset == 0) return word;
    const uint64_t ninth = byte + 8 < data_.size() ? data_[byte + 8] : 0;
    return (word << offset) | (ninth >> (8 - offset));
  }
  uint64_t bits_left() const noexcept { return data_.size() * 8ULL - position_; }
  // Moves past `count` bits; false (and exhausted) when fewer are left.
  bool skip(uint64_t count) {
    if (count > bits_left()) {
      position_ = data_.size() * 8ULL;
      return false;
    }
    position_ += count;
    return true;
  }
  // False when the stream ends first; the reader is then exhausted.
  bool read_bits(int count, uint64_t& value) {
    const uint64_t next = count == 0 ? 0 : peek() >> (64 - count);
    if (!skip(static_cast<uint64_t>(count))) return false;
    value = next;
    return true;
  }
  bool read_bit(bool& bit) {
    if (position_ >= data_.size() * 8ULL) return false;
    bit = ((data_[static_cast<size_t>(position_ / 8)] >> (7 - position_ % 8)) & 1) != 0;
    ++position_;
    return true;
  }
  bool read_uvarint(uint64_t& value);
  bool read_varint(int64_t& value);

 private:
  std::span<const uint8_t> data_;
  uint64_t position_ = 0;  // in bits
};

}  // namespace vigil::storage::chunk
