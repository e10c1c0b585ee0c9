#pragma once
// Reads the records of one WAL segment and finds where its valid part ends.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "storage/wal/record_format.h"

namespace vigil::storage::wal {

struct Record {
  RecordType type;
  std::span<const uint8_t> payload;  // points into the reader's buffer
};

class SegmentReader {
 public:
  // Reads the whole segment file.
  static Result<SegmentReader> open(const std::string& path);
  // Reads records from bytes already in memory (tests, fuzzing).
  explicit SegmentReader(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}

  // The next record; false at the end of the valid part.
  bool next(Record& record);

  // After next() returned false: where the valid records end, and why reading
  // stopped there ("" at a clean end, else what was wrong at that offset).
  uint64_t valid_bytes() const { return offset_; }
  const std::string& stop_reason() const { return stop_reason_; }
  bool clean_end() const { return stop_reason_.empty(); }

 private:
  std::vector<uint8_t> bytes_;
  uint64_t offset_ = 0;
  std::string stop_reason_;
};

}  // namespace vigil::storage::wal
