// Arbitrary bytes as a block sample encoding must decode safely, and what
// decodes must encode and decode again to the same samples; arbitrary samples
// built from the input must round-trip bit for bit.

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "storage/block/sample_codec.h"

namespace {

using vigil::storage::Sample;
namespace block = vigil::storage::block;

void expect_same(const std::vector<Sample>& a, const std::vector<Sample>& b) {
  if (a.size() != b.size()) std::abort();
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].t != b[i].t || std::bit_cast<uint64_t>(a[i].v) != std::bit_cast<uint64_t>(b[i].v)) std::abort();
  }
}

void round_trip(const std::vector<Sample>& samples) {
  std::vector<uint8_t> bytes;
  block::encode_samples(samples, bytes);
  std::vector<Sample> back;
  auto consumed = block::decode_samples(bytes, back);
  if (!consumed || *consumed != bytes.size()) std::abort();
  expect_same(samples, back);
}

// Samples from 12-byte records: a timestamp step and a value whose low two
// bits pick raw bits, a small decimal, the previous value or an integer, so
// that every value scheme and its exceptions are reached.
std::vector<Sample> samples_from(const uint8_t* data, size_t size) {
  std::vector<Sample> samples;
  int64_t t = 0;
  double previous = 0;
  for (size_t i = 0; i + 12 <= size; i += 12) {
    uint32_t step;
    uint64_t raw;
    std::memcpy(&step, data + i, 4);
    std::memcpy(&raw, data + i + 4, 8);
    if (samples.empty()) {
      t = static_cast<int64_t>(raw ^ (uint64_t{step} << 32));
    } else {
      // Mostly a 15 s interval with jitter; the top bit asks for a huge jump.
      uint64_t delta = step >> 31 ? raw | 1 : 15000 + (step & 0xff) - 128;
      int64_t next = static_cast<int64_t>(static_cast<uint64_t>(t) + delta);
      if (next <= t) break;
      t = next;
    }
    double v;
    switch (raw & 3) {
      case 0: v = std::bit_cast<double>(raw); break;
      case 1: v = static_cast<double>(static_cast<int32_t>(raw >> 8)) / 1000; break;
      case 2: v = previous; break;
      default: v = static_cast<double>(static_cast<int64_t>(raw) >> 20); break;
    }
    samples.push_back({t, v});
    previous = v;
  }
  return samples;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<Sample> decoded;
  auto consumed = block::decode_samples(std::span<const uint8_t>(data, size), decoded);
  if (consumed) {
    if (*consumed > size) std::abort();
    for (size_t i = 1; i < decoded.size(); ++i) {
      if (decoded[i].t <= decoded[i - 1].t) std::abort();
    }
    // A few bytes can describe a million regular samples; re-encoding those
    // would only slow the fuzzer down.
    if (decoded.size() <= 4096) round_trip(decoded);
  } else if (!decoded.empty()) {
    std::abort();
  }
  round_trip(samples_from(data, size));
  return 0;
}
