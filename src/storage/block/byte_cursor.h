#pragma once
// A read position in the byte-aligned fields of a block sample encoding.

#include <cstdint>
#include <span>
#include <string>

#include "core/error.h"

namespace vigil::storage::block {

// Reads the byte-aligned fields of a block sample encoding. Every read checks
// the remaining length; errors are ErrorKind::corruption and name the offset.
class ByteCursor {
 public:
  explicit ByteCursor(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  Result<uint8_t> byte(const char* what);
  Result<uint64_t> uvarint(const char* what);
  Result<int64_t> varint(const char* what);
  Result<uint64_t> u64_le(const char* what);
  // The next `size` bytes, as a view into the input.
  Result<std::span<const uint8_t>> take(uint64_t size, const char* what);

  Error error(const std::string& what) const;
  size_t offset() const noexcept { return offset_; }
  size_t remaining() const noexcept { return bytes_.size() - offset_; }

 private:
  std::span<const uint8_t> bytes_;
  size_t offset_ = 0;
};

}  // namespace vigil::storage::block
