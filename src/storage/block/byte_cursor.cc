#include "storage/block/byte_cursor.h"

#include "storage/wal/byte_codec.h"

namespace vigil::storage::block {

Error ByteCursor::error(const std::string& what) const {
  return make_error(ErrorKind::corruption, "block samples: " + what + " at offset " + std::to_string(offset_));
}

Result<uint8_t> ByteCursor::byte(const char* what) {
  if (remaining() < 1) return std::unexpected(error(std::string("truncated ") + what));
  return bytes_[offset_++];
}

Result<uint64_t> ByteCursor::uvarint(const char* what) {
  wal::ByteReader reader(bytes_.subspan(offset_));
  auto v = reader.uvarint();
  if (!v) return std::unexpected(error(std::string("bad varint for ") + what));
  offset_ += reader.offset();
  return *v;
}

Result<int64_t> ByteCursor::varint(const char* what) {
  auto v = uvarint(what);
  if (!v) return std::unexpected(v.error());
  return wal::zigzag_decode(*v);
}

Result<uint64_t> ByteCursor::u64_le(const char* what) {
  wal::ByteReader reader(bytes_.subspan(offset_));
  auto v = reader.u64_le();
  if (!v) return std::unexpected(error(std::string("truncated ") + what));
  offset_ += 8;
  return *v;
}

Result<std::span<const uint8_t>> ByteCursor::take(uint64_t size, const char* what) {
  if (size > remaining()) return std::unexpected(error(std::string(what) + " runs past the end"));
  auto view = bytes_.subspan(offset_, static_cast<size_t>(size));
  offset_ += static_cast<size_t>(size);
  return view;
}

}  // namespace vigil::storage::block
