// Arbitrary bytes as a WAL segment: the reader stops at the first bad record
// with a reason, never reads past the buffer, and every record it returns
// re-frames to the same bytes.

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "storage/wal/segment_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vigil::storage::wal;
  SegmentReader reader(std::vector<uint8_t>(data, data + size));
  Record record;
  uint64_t consumed = 0;
  while (reader.next(record)) consumed += kRecordHeaderBytes + record.payload.size();
  if (consumed != reader.valid_bytes() || consumed > size) std::abort();
  if (reader.clean_end() != (consumed == size)) std::abort();
  return 0;
}
