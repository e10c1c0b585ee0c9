#include "storage/chunk/bit_stream.h"

namespace vigil::storage::chunk {

void BitWriter::write_bits(uint64_t value, int count) {
  if (count <= 0) return;
  if (count < 64) value &= (uint64_t{1} << count) - 1;
  // Top up the partly written last byte, then store whole bytes at once:
  // this runs for every sample the head appends, WAL replay included.
  const int used_in_byte = static_cast<int>(used_ % 8);
  if (used_in_byte != 0) {
    const int free_bits = 8 - used_in_byte;
    const int take = count < free_bits ? count : free_bits;
    out_.back() |= static_cast<uint8_t>((value >> (count - take)) << (free_bits - take));
    used_ += static_cast<uint64_t>(take);
    count -= take;
    if (count == 0) return;
  }
  used_ += static_cast<uint64_t>(count);
  while (count >= 8) {
    count -= 8;
    out_.push_back(static_cast<uint8_t>(value >> count));
  }
  if (count > 0) out_.push_back(static_cast<uint8_t>(value << (8 - count)));
}

void BitWriter::write_uvarint(uint64_t value) {
  while (value >= 0x80) {
    write_byte(static_cast<uint8_t>(value) | 0x80);
    value >>= 7;
  }
  write_byte(static_cast<uint8_t>(value));
}

void BitWriter::write_varint(int64_t value) {
  // Zig-zag: small magnitudes of either sign become small unsigned numbers.
  write_uvarint((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
}

bool BitReader::read_uvarint(uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    uint64_t byte;
    if (!read_bits(8, byte)) return false;
    if (shift == 63 && byte > 1) return false;  // overflows 64 bits
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

bool BitReader::read_varint(int64_t& value) {
  uint64_t u;
  if (!read_uvarint(u)) return false;
  value = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
  return true;
}

}  // namespace vigil::storage::chunk
