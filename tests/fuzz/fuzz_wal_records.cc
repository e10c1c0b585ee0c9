// Arbitrary bytes as each WAL record payload: decoding returns an error or
// records, never crashes, and whatever decodes re-encodes to bytes that
// decode to the same records.

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "storage/wal/records.h"

namespace {

using namespace vigil::storage::wal;

bool same_samples(const std::vector<RefSample>& a, const std::vector<RefSample>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].ref != b[i].ref || a[i].t != b[i].t ||
        std::bit_cast<uint64_t>(a[i].v) != std::bit_cast<uint64_t>(b[i].v)) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  std::vector<uint8_t> encoded;

  if (auto series = decode_series(input)) {
    encode_series(*series, encoded);
    auto again = decode_series(encoded);
    if (!again || *again != *series) std::abort();
  }
  if (auto samples = decode_samples(input)) {
    encode_samples(*samples, encoded);
    auto again = decode_samples(encoded);
    if (!again || !same_samples(*again, *samples)) std::abort();
  }
  if (auto stones = decode_tombstones(input)) {
    encode_tombstones(*stones, encoded);
    auto again = decode_tombstones(encoded);
    if (!again || *again != *stones) std::abort();
  }
  return 0;
}
