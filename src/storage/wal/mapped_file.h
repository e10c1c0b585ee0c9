#pragma once
// A whole file mapped read-only into memory: replay reads every WAL segment
// once at start-up, and a mapping spares copying it into a zeroed buffer.

#include <cstdint>
#include <span>
#include <string>

#include "core/error.h"

namespace vigil::storage::wal {

class MappedFile {
 public:
  static Result<MappedFile> open(const std::string& path);

  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::span<const uint8_t> bytes() const { return {data_, size_}; }

 private:
  MappedFile(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  const uint8_t* data_ = nullptr;  // null for an empty file
  size_t size_ = 0;
};

}  // namespace vigil::storage::wal
