#include "storage/block/sample_codec.h"

#include <bit>
#include <cstring>

// Placeholder encoding (count, then raw t and v bits) until the real codec lands.
namespace vigil::storage::block {

void encode_samples(std::span<const Sample> samples, std::vector<uint8_t>& out) {
  uint32_t n = static_cast<uint32_t>(samples.size());
  const auto* p = reinterpret_cast<const uint8_t*>(&n);
  out.insert(out.end(), p, p + 4);
  for (const Sample& s : samples) {
    const auto* q = reinterpret_cast<const uint8_t*>(&s);
    out.insert(out.end(), q, q + sizeof(Sample));
  }
}

Result<size_t> decode_samples(std::span<const uint8_t> bytes, std::vector<Sample>& out) {
  if (bytes.size() < 4) return std::unexpected(Error{ErrorKind::corruption, "sample encoding truncated"});
  uint32_t n;
  std::memcpy(&n, bytes.data(), 4);
  if ((bytes.size() - 4) / sizeof(Sample) < n) return std::unexpected(Error{ErrorKind::corruption, "sample encoding truncated"});
  for (uint32_t i = 0; i < n; ++i) {
    Sample s;
    std::memcpy(&s, bytes.data() + 4 + i * sizeof(Sample), sizeof(Sample));
    out.push_back(s);
  }
  return 4 + n * sizeof(Sample);
}

}  // namespace vigil::storage::block
