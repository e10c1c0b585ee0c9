#pragma once
// WAL segment layout (docs/storage-format.md, "WAL"): a segment file is a
// sequence of records, each
//   type     u8
//   length   u32 little-endian, payload bytes
//   crc      u32 little-endian, CRC-32C of the type byte and the payload
//   payload  `length` bytes
// A record never spans two segments. Anything after the last whole record
// with a matching checksum is a torn tail, truncated on open.

#include <cstddef>
#include <cstdint>

namespace vigil::storage::wal {

inline constexpr size_t kRecordHeaderBytes = 9;
inline constexpr uint32_t kMaxRecordBytes = 64u << 20;  // larger payloads are split by the writer's caller
inline constexpr uint64_t kDefaultSegmentBytes = 128ull << 20;

enum class RecordType : uint8_t {
  series = 1,      // new series: ref and labels
  samples = 2,     // (ref, t, v) batches
  tombstones = 3,  // deleted ranges
};

bool is_known_record_type(uint8_t type) noexcept;

}  // namespace vigil::storage::wal
