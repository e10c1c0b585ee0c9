#include "storage/chunk/closed_chunk.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace vigil::storage::chunk {
namespace {

bool same_bits(const std::vector<Sample>& a, const std::vector<Sample>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].t != b[i].t || std::bit_cast<uint64_t>(a[i].v) != std::bit_cast<uint64_t>(b[i].v)) return false;
  }
  return true;
}

TEST(ClosedChunk, PackRoundTripsBitForBitWithBounds) {
  std::mt19937_64 rng(7);
  std::vector<Sample> samples;
  int64_t t = -5'000;
  for (int i = 0; i < 240; ++i) {
    t += 1 + static_cast<int64_t>(rng() % 30'000);
    double v = i % 7 == 0   ? std::numeric_limits<double>::quiet_NaN()
               : i % 11 == 0 ? -0.0
                             : std::bit_cast<double>(rng() >> 2);
    samples.push_back({t, v});
  }
  ClosedChunk c = ClosedChunk::pack(samples);
  EXPECT_EQ(c.num_samples(), 240u);
  EXPECT_EQ(c.min_time(), samples.front().t);
  EXPECT_EQ(c.max_time(), samples.back().t);
  std::vector<Sample> out{{1, 2.0}};  // decode appends
  c.decode(out);
  ASSERT_EQ(out.size(), 241u);
  out.erase(out.begin());
  EXPECT_TRUE(same_bits(out, samples));
}

TEST(ClosedChunk, ScrapeDataTakesAboutAByteASample) {
  std::vector<Sample> samples;
  double v = 1000;
  for (int i = 0; i < 240; ++i) samples.push_back({1'700'000'000'000 + i * 15'000, v += i % 20});
  ClosedChunk c = ClosedChunk::pack(samples);
  EXPECT_LT(c.size_bytes(), 240u * 2);
}

TEST(ClosedChunk, DecodeRangeKeepsOnlyTheRange) {
  std::vector<Sample> samples;
  for (int i = 0; i < 100; ++i) samples.push_back({i * 10, static_cast<double>(i)});
  ClosedChunk c = ClosedChunk::pack(samples);
  std::vector<Sample> out{{-1, -1.0}};
  c.decode_range(95, 200, out);
  ASSERT_EQ(out.size(), 12u);  // the sentinel, then t = 100..200
  EXPECT_EQ(out[0].t, -1);
  EXPECT_EQ(out[1].t, 100);
  EXPECT_EQ(out.back().t, 200);
  out.clear();
  c.decode_range(2000, 3000, out);
  EXPECT_TRUE(out.empty());
  c.decode_range(INT64_MIN, INT64_MAX, out);
  EXPECT_TRUE(same_bits(out, samples));
}

TEST(ClosedChunk, OneSample) {
  std::vector<Sample> samples{{42, 3.5}};
  ClosedChunk c = ClosedChunk::pack(samples);
  std::vector<Sample> out;
  c.decode(out);
  EXPECT_TRUE(same_bits(out, samples));
  EXPECT_EQ(c.min_time(), 42);
  EXPECT_EQ(c.max_time(), 42);
}

TEST(ClosedChunk, NoSamplesIsACallerBug) { EXPECT_THROW(ClosedChunk::pack({}), std::length_error); }

}  // namespace
}  // namespace vigil::storage::chunk
