#pragma once
// Appends framed records to one WAL segment file. Records are buffered by
// the caller's batch and written with one write(2) per flush (group commit);
// sync() makes them durable.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "storage/wal/record_format.h"

namespace vigil::storage::wal {

class SegmentWriter {
 public:
  // Opens `path` for appending, creating it if missing; writing continues at
  // `valid_bytes` (the end of the last good record), truncating anything after.
  static Result<SegmentWriter> open(const std::string& path, uint64_t valid_bytes = 0);

  SegmentWriter(SegmentWriter&& other) noexcept;
  SegmentWriter& operator=(SegmentWriter&&) = delete;
  ~SegmentWriter();

  // Frames a record into the pending buffer.
  Result<void> add(RecordType type, std::span<const uint8_t> payload);
  // Writes the pending buffer to the file.
  Result<void> flush();
  // flush() then fdatasync(2).
  Result<void> sync();

  // Bytes in the file plus pending.
  uint64_t size() const { return written_ + pending_.size(); }
  const std::string& path() const { return path_; }

 private:
  SegmentWriter(std::string path, int fd, uint64_t written) : path_(std::move(path)), fd_(fd), written_(written) {}

  std::string path_;
  int fd_ = -1;
  uint64_t written_ = 0;
  std::vector<uint8_t> pending_;
};

}  // namespace vigil::storage::wal
