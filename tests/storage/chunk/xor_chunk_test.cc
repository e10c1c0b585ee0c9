// Round-trip property tests of the Gorilla chunk over random and adversarial
// values and timestamps, and rejection of malformed bytes.

#include "storage/chunk/xor_chunk.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>

namespace vigil::storage::chunk {
namespace {

struct Sample {
  int64_t t;
  uint64_t v_bits;
};

std::vector<Sample> round_trip(const std::vector<Sample>& in, size_t* bytes = nullptr) {
  XorChunk chunk;
  XorAppender app(chunk);
  for (const auto& s : in) {
    EXPECT_EQ(app.append(s.t, std::bit_cast<double>(s.v_bits)), XorAppender::Outcome::appended) << s.t;
  }
  if (bytes) *bytes = chunk.size_bytes();
  EXPECT_EQ(chunk.num_samples(), in.size());
  std::vector<Sample> out;
  XorIterator it(chunk.bytes());
  while (it.next()) out.push_back({it.t(), it.v_bits()});
  EXPECT_FALSE(it.corrupt());
  return out;
}

void expect_same(const std::vector<Sample>& a, const std::vector<Sample>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].t, b[i].t) << i;
    EXPECT_EQ(a[i].v_bits, b[i].v_bits) << i;
  }
}

uint64_t bits(double v) { return std::bit_cast<uint64_t>(v); }

TEST(XorChunk, EmptyChunk) {
  XorChunk chunk;
  EXPECT_EQ(chunk.num_samples(), 0);
  XorIterator it(chunk.bytes());
  EXPECT_FALSE(it.next());
  EXPECT_FALSE(it.corrupt());
}

TEST(XorChunk, RegularScrapeCompressesWell) {
  std::vector<Sample> in;
  double counter = 0;
  for (int i = 0; i < 120; ++i) {
    counter += 3;
    in.push_back({1700000000000 + i * 15000, bits(counter)});
  }
  size_t size = 0;
  expect_same(round_trip(in, &size), in);
  EXPECT_LT(size, 120u * 3);  // under 3 bytes per sample for a steady counter
}

TEST(XorChunk, AdversarialValuesKeepTheirBits) {
  const uint64_t stale_nan = 0x7ff0000000000002ULL;  // Prometheus's staleness marker
  const std::vector<uint64_t> values = {
      bits(0.0), bits(-0.0), bits(std::numeric_limits<double>::infinity()),
      bits(-std::numeric_limits<double>::infinity()), stale_nan, 0x7ff8000000000001ULL, 0xfff0000000000001ULL,
      bits(std::numeric_limits<double>::denorm_min()), bits(std::numeric_limits<double>::max()),
      bits(-std::numeric_limits<double>::max()), bits(1e-300), bits(1e300), 0, 0xffffffffffffffffULL,
      1, 0x8000000000000000ULL, bits(0.1), bits(0.1), bits(42.0), 0x5555555555555555ULL, 0xaaaaaaaaaaaaaaaaULL};
  std::vector<Sample> in;
  for (size_t i = 0; i < values.size(); ++i) in.push_back({static_cast<int64_t>(i) * 1000, values[i]});
  expect_same(round_trip(in), in);
}

TEST(XorChunk, HugeAndIrregularTimestampJumps) {
  const std::vector<int64_t> ts = {
      INT64_MIN + 1, INT64_MIN + 2, -1'000'000'000'000, -1, 0, 1, 8193, 8194 + 8192, 8195 + 8192 * 2,
      100'000, 100'001, 10'000'000, 10'000'001, 1700000000000, 1700000000001, INT64_MAX / 2, INT64_MAX - 1,
      INT64_MAX};
  std::vector<Sample> in;
  for (size_t i = 0; i < ts.size(); ++i) in.push_back({ts[i], bits(static_cast<double>(i))});
  expect_same(round_trip(in), in);
}

TEST(XorChunk, DeltaOfDeltaBucketBoundaries) {
  // Deltas whose differences sit exactly on each bucket's edge.
  std::vector<int64_t> dods = {0, 1, -1, 8191, 8192, -8191, -8192, 8193, 65535, 65536, 65537, -65535, -65536,
                               524287, 524288, 524289, -524287, -524288, -524289, 1LL << 40, -(1LL << 39)};
  std::vector<Sample> in;
  int64_t t = 0, delta = 1LL << 41;
  in.push_back({t, bits(1)});
  for (auto dod : dods) {
    delta += dod;
    t += delta;
    in.push_back({t, bits(static_cast<double>(t))});
  }
  expect_same(round_trip(in), in);
}

TEST(XorChunk, RandomProperty) {
  std::mt19937_64 rng(12345);
  for (int round = 0; round < 300; ++round) {
    std::vector<Sample> in;
    int64_t t = static_cast<int64_t>(rng() >> 2) - (1LL << 61);
    size_t n = 1 + rng() % 400;
    int kind = round % 4;
    double walk = 100;
    for (size_t i = 0; i < n; ++i) {
      uint64_t v;
      switch (kind) {
        case 0: v = rng(); break;                                            // arbitrary bit patterns
        case 1: walk += std::normal_distribution<double>(0, 5)(rng); v = bits(walk); break;  // noisy gauge
        case 2: v = bits(static_cast<double>(rng() % 1000)); break;           // small integers
        default: v = (rng() % 10 == 0) ? 0x7ff0000000000002ULL : bits(std::ldexp(1.0, static_cast<int>(rng() % 2000) - 1000));
      }
      in.push_back({t, v});
      int64_t step = (rng() % 5 == 0) ? static_cast<int64_t>(rng() % (1ULL << 40)) + 1 : 15000 + static_cast<int64_t>(rng() % 3);
      if (t > INT64_MAX - step) break;
      t += step;
    }
    expect_same(round_trip(in), in);
  }
}

TEST(XorChunk, RefusesOutOfOrderAndDuplicateTimestamps) {
  XorChunk chunk;
  XorAppender app(chunk);
  EXPECT_EQ(app.append(100, 1), XorAppender::Outcome::appended);
  EXPECT_EQ(app.append(100, 2), XorAppender::Outcome::out_of_order);
  EXPECT_EQ(app.append(99, 2), XorAppender::Outcome::out_of_order);
  EXPECT_EQ(app.append(101, 2), XorAppender::Outcome::appended);
  EXPECT_EQ(chunk.num_samples(), 2);
}

TEST(XorChunk, FullAtTheCountLimit) {
  XorChunk chunk;
  XorAppender app(chunk);
  for (int64_t i = 0; i < static_cast<int64_t>(XorChunk::kMaxSamples); ++i) {
    ASSERT_EQ(app.append(i, 1), XorAppender::Outcome::appended);
  }
  EXPECT_EQ(app.append(1'000'000, 1), XorAppender::Outcome::full);
}

TEST(XorChunk, TruncatedAndGarbageBytesAreCorruptNotCrashes) {
  XorChunk chunk;
  XorAppender app(chunk);
  for (int i = 0; i < 50; ++i) app.append(i * 1000 + (i % 7), std::sin(i));
  auto bytes = std::vector<uint8_t>(chunk.bytes().begin(), chunk.bytes().end());
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    std::vector<uint8_t> truncated(bytes.begin(), bytes.begin() + static_cast<long>(cut));
    XorIterator it(truncated);
    size_t n = 0;
    while (it.next()) ++n;
    EXPECT_LT(n, 50u);
    if (cut >= 2) {
      EXPECT_TRUE(it.corrupt()) << cut;
    }
  }
  std::mt19937_64 rng(99);
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint8_t> garbage(2 + rng() % 64);
    for (auto& b : garbage) b = static_cast<uint8_t>(rng());
    XorIterator it(garbage);
    int64_t last = INT64_MIN;
    bool first = true;
    while (it.next()) {
      if (!first) {
        EXPECT_GT(it.t(), last);  // decoded timestamps always increase
      }
      last = it.t();
      first = false;
    }
  }
}

}  // namespace
}  // namespace vigil::storage::chunk
