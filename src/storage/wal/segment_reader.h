#pragma once
// Reads the records of one WAL segment and finds where its valid part ends.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "storage/wal/mapped_file.h"
#include "storage/wal/record_format.h"

namespace vigil::storage::wal {

struct Record {
  RecordType type;
  std::span<const uint8_t> payload;  // points into the reader's buffer
};

class SegmentReader {
 public:
  // Maps the whole segment file.
  static Result<SegmentReader> open(const std::string& path);
  // Reads records from bytes already in memory (tests, fuzzing).
  explicit SegmentReader(std::vector<uint8_t> bytes) : owned_(std::move(bytes)), bytes_(owned_) {}
  SegmentReader(SegmentReader&& other) noexcept = default;
  SegmentReader& operator=(SegmentReader&& other) noexcept = default;

  // The next record; false at the end of the valid part.
  bool next(Record& record);

  // After next() returned false: where the valid records end, and why reading
  // stopped there ("" at a clean end, else what was wrong at that offset).
  uint64_t valid_bytes() const { return offset_; }
  const std::string& stop_reason() const { return stop_reason_; }
  bool clean_end() const { return stop_reason_.empty(); }

 private:
  explicit SegmentReader(MappedFile file) : file_(std::move(file)), bytes_(file_.bytes()) {}

  // One of the two holds the bytes; moving either keeps bytes_ valid (a
  // vector's buffer and a mapping do not move).
  std::vector<uint8_t> owned_;
  MappedFile file_;
  std::span<const uint8_t> bytes_;
  uint64_t offset_ = 0;
  std::string stop_reason_;
};

}  // namespace vigil::storage::wal
