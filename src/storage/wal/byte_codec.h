#pragma once
// Byte-granular little-endian and LEB128 varint encoding for WAL record
// payloads. The chunk BitWriter works bit by bit; WAL payloads are all
// byte-aligned, so a byte-oriented codec is simpler and faster here.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigil::storage::wal {

// The longest LEB128 encoding of a 64-bit value.
inline constexpr size_t kMaxVarintBytes = 10;

// Zig-zag maps signed values to unsigned ones so that small magnitudes of
// either sign encode in few varint bytes.
constexpr uint64_t zigzag_encode(int64_t v) noexcept {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
constexpr int64_t zigzag_decode(uint64_t v) noexcept {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

// Appends to a caller-owned buffer so that one buffer can be reused across
// batches.
class ByteWriter {
 public:
  explicit ByteWriter(std::vector<uint8_t>& out) : out_(out) {}

  void uvarint(uint64_t v);
  void varint(int64_t v) { uvarint(zigzag_encode(v)); }
  void u64_le(uint64_t v);
  // A uvarint length followed by the bytes.
  void string(std::string_view s);

 private:
  std::vector<uint8_t>& out_;
};

// Reads from a byte span; every read checks the remaining length. Errors are
// ErrorKind::corruption and name the offset.
class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  Result<uint64_t> uvarint();
  Result<int64_t> varint();
  Result<uint64_t> u64_le();
  // A uvarint length followed by that many bytes; the view points into the
  // reader's input.
  Result<std::string_view> string();

  size_t offset() const noexcept { return offset_; }
  size_t remaining() const noexcept { return bytes_.size() - offset_; }

 private:
  Error error(const std::string& what) const;

  std::span<const uint8_t> bytes_;
  size_t offset_ = 0;
};

}  // namespace vigil::storage::wal
