#include "storage/wal/byte_codec.h"

#include <string>

namespace vigil::storage::wal {

void ByteWriter::uvarint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<uint8_t>(v));
}

void ByteWriter::u64_le(uint64_t v) {
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void ByteWriter::string(std::string_view s) {
  uvarint(s.size());
  out_.insert(out_.end(), s.begin(), s.end());
}

Error ByteReader::error(const std::string& what) const {
  return make_error(ErrorKind::corruption, what + " at offset " + std::to_string(offset_));
}

Result<uint64_t> ByteReader::uvarint() {
  uint64_t v = 0;
  // Ends by the tenth byte at the latest: it either terminates or overflows.
  for (size_t i = 0;; ++i) {
    if (offset_ + i >= bytes_.size()) return std::unexpected(error("truncated varint"));
    uint8_t b = bytes_[offset_ + i];
    // The tenth byte holds only bit 63; anything more is an overlong encoding.
    if (i == kMaxVarintBytes - 1 && b > 1) return std::unexpected(error("varint longer than 64 bits"));
    v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if (b < 0x80) {
      offset_ += i + 1;
      return v;
    }
  }
}

Result<int64_t> ByteReader::varint() {
  auto v = uvarint();
  if (!v) return std::unexpected(v.error());
  return zigzag_decode(*v);
}

Result<uint64_t> ByteReader::u64_le() {
  if (remaining() < 8) return std::unexpected(error("truncated 8-byte value"));
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v |= static_cast<uint64_t>(bytes_[offset_ + i]) << (8 * i);
  offset_ += 8;
  return v;
}

Result<std::string_view> ByteReader::string() {
  size_t start = offset_;
  auto length = uvarint();
  if (!length) return std::unexpected(length.error());
  if (*length > remaining()) {
    offset_ = start;
    return std::unexpected(error("string of " + std::to_string(*length) + " bytes runs past the end"));
  }
  std::string_view s(reinterpret_cast<const char*>(bytes_.data() + offset_), *length);
  offset_ += *length;
  return s;
}

}  // namespace vigil::storage::wal
