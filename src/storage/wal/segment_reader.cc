#include "storage/wal/segment_reader.h"


#include "storage/wal/crc32c.h"

namespace vigil::storage::wal {
namespace {

uint32_t get_u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
         static_cast<uint32_t>(p[3]) << 24;
}

}  // namespace

Result<SegmentReader> SegmentReader::open(const std::string& path) {
  auto file = MappedFile::open(path);
  if (!file) return std::unexpected(file.error());
  return SegmentReader(std::move(*file));
}

bool SegmentReader::next(Record& record) {
  if (!stop_reason_.empty()) return false;
  const uint64_t size = bytes_.size();
  if (offset_ == size) return false;
  auto stop = [&](std::string why) {
    stop_reason_ = std::move(why) + " at offset " + std::to_string(offset_);
    return false;
  };
  if (size - offset_ < kRecordHeaderBytes) return stop("torn record header");
  const uint8_t* header = bytes_.data() + offset_;
  uint8_t type = header[0];
  uint32_t length = get_u32(header + 1);
  uint32_t crc = get_u32(header + 5);
  if (!is_known_record_type(type)) return stop("unknown record type " + std::to_string(type));
  if (length > kMaxRecordBytes) return stop("record length " + std::to_string(length) + " over the limit");
  if (size - offset_ - kRecordHeaderBytes < length) return stop("torn record");
  std::span<const uint8_t> payload(header + kRecordHeaderBytes, length);
  if (crc32c(payload, crc32c(std::span<const uint8_t>(header, 1))) != crc) return stop("checksum mismatch");
  record = Record{static_cast<RecordType>(type), payload};
  offset_ += kRecordHeaderBytes + length;
  return true;
}

}  // namespace vigil::storage::wal
