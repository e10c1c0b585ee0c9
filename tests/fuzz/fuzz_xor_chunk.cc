// Arbitrary bytes as an encoded chunk must decode safely; arbitrary samples
// must round-trip bit for bit.

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "storage/chunk/xor_chunk.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vigil::storage::chunk;
  {
    XorIterator it(std::span<const uint8_t>(data, size));
    bool first = true;
    int64_t last = 0;
    while (it.next()) {
      if (!first && it.t() <= last) std::abort();
      last = it.t();
      first = false;
    }
  }
  // Interpret the input as (timestamp, value bits) pairs.
  XorChunk chunk;
  XorAppender app(chunk);
  std::vector<std::pair<int64_t, uint64_t>> accepted;
  for (size_t i = 0; i + 16 <= size; i += 16) {
    int64_t t;
    uint64_t v;
    std::memcpy(&t, data + i, 8);
    std::memcpy(&v, data + i + 8, 8);
    double d;
    std::memcpy(&d, &v, 8);
    if (app.append(t, d) == XorAppender::Outcome::appended) accepted.emplace_back(t, v);
  }
  XorIterator it(chunk.bytes());
  size_t n = 0;
  while (it.next()) {
    if (n >= accepted.size() || it.t() != accepted[n].first || it.v_bits() != accepted[n].second) std::abort();
    ++n;
  }
  if (n != accepted.size() || it.corrupt()) std::abort();
  return 0;
}
