#include "storage/block/gorilla_values.h"

#include <algorithm>
#include <bit>

#include "storage/chunk/bit_stream.h"
#include "storage/wal/byte_codec.h"

namespace vigil::storage::block {

void encode_gorilla_values(std::span<const uint64_t> bits, std::vector<uint8_t>& out) {
  std::vector<uint8_t> stream;
  chunk::BitWriter w(stream);
  uint64_t previous = bits[0];
  w.write_bits(previous, 64);
  int leading = -1, trailing = 0;  // the previous window; -1: none yet
  for (size_t i = 1; i < bits.size(); ++i) {
    uint64_t x = bits[i] ^ previous;
    previous = bits[i];
    if (x == 0) {
      w.write_bit(false);
      continue;
    }
    w.write_bit(true);
    int lz = std::min(std::countl_zero(x), 31), tz = std::countr_zero(x);
    if (leading >= 0 && lz >= leading && tz >= trailing) {
      w.write_bit(false);
      w.write_bits(x >> trailing, 64 - leading - trailing);
      continue;
    }
    leading = lz;
    trailing = tz;
    int significant = 64 - lz - tz;
    w.write_bit(true);
    w.write_bits(static_cast<uint64_t>(lz), 5);
    w.write_bits(static_cast<uint64_t>(significant) & 63, 6);  // 64 is written as 0
    w.write_bits(x >> tz, significant);
  }
  wal::ByteWriter(out).uvarint(stream.size());
  out.insert(out.end(), stream.begin(), stream.end());
}

Result<void> decode_gorilla_values(ByteCursor& in, std::span<uint64_t> bits) {
  auto size = in.uvarint("gorilla length");
  if (!size) return std::unexpected(size.error());
  auto stream = in.take(*size, "gorilla values");
  if (!stream) return std::unexpected(stream.error());
  chunk::BitReader r(*stream);
  auto truncated = [&] { return std::unexpected(in.error("gorilla values truncated")); };
  uint64_t value = 0;
  if (!r.read_bits(64, value)) return truncated();
  bits[0] = value;
  int leading = -1, trailing = 0;
  for (size_t i = 1; i < bits.size(); ++i) {
    bool changed = false, new_window = false;
    if (!r.read_bit(changed)) return truncated();
    if (changed) {
      if (!r.read_bit(new_window)) return truncated();
      if (new_window) {
        uint64_t lz = 0, significant = 0;
        if (!r.read_bits(5, lz) || !r.read_bits(6, significant)) return truncated();
        if (significant == 0) significant = 64;
        if (lz + significant > 64) return std::unexpected(in.error("gorilla window past 64 bits"));
        leading = static_cast<int>(lz);
        trailing = static_cast<int>(64 - lz - significant);
      } else if (leading < 0) {
        return std::unexpected(in.error("gorilla value reuses a window before the first"));
      }
      uint64_t x = 0;
      if (!r.read_bits(64 - leading - trailing, x)) return truncated();
      value ^= x << trailing;
    }
    bits[i] = value;
  }
  return {};
}

}  // namespace vigil::storage::block
