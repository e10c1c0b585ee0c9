// Frame-of-reference integer sequences: round trips over ranges up to the
// whole int64 line, the common factor, escapes, and malformed bytes.

#include "storage/block/packed_ints.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

namespace vigil::storage::block {
namespace {

std::vector<uint8_t> encode(const std::vector<int64_t>& values) {
  std::vector<uint8_t> out;
  encode_packed_ints(values, out);
  return out;
}

void expect_round_trip(const std::vector<int64_t>& values, const std::string& what) {
  std::vector<uint8_t> bytes = encode(values);
  bytes.push_back(0xee);  // must be left unread
  ByteCursor in(bytes);
  std::vector<int64_t> back{99};
  auto r = decode_packed_ints(in, values.size(), back);
  ASSERT_TRUE(r) << what << ": " << r.error().message;
  EXPECT_EQ(back, values) << what;
  EXPECT_EQ(in.offset(), bytes.size() - 1) << what;
}

TEST(PackedInts, RoundTripsRandomSequences) {
  std::mt19937_64 rng(1);
  constexpr int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
  for (int round = 0; round < 3000; ++round) {
    size_t n = rng() % 300;
    int shift = static_cast<int>(rng() % 64);
    uint64_t scale = rng() % 4 == 0 ? 1 + rng() % 5000 : 1;
    int64_t center = static_cast<int64_t>(rng());
    std::vector<int64_t> values;
    for (size_t i = 0; i < n; ++i) {
      auto v = static_cast<int64_t>(static_cast<uint64_t>(center) + scale * ((rng() >> shift) - (rng() >> shift)));
      if (rng() % 50 == 0) v = static_cast<int64_t>(rng());  // an outlier
      if (rng() % 200 == 0) v = rng() % 2 ? lo : hi;
      values.push_back(v);
    }
    expect_round_trip(values, "round " + std::to_string(round));
  }
}

TEST(PackedInts, EmptySequenceTakesNoBytes) { EXPECT_TRUE(encode({}).empty()); }

TEST(PackedInts, EqualValuesTakeOnlyAHeader) {
  EXPECT_EQ(encode(std::vector<int64_t>(1000, 15000)).size(), 4u);  // width byte, 3-byte base
  expect_round_trip(std::vector<int64_t>(5, std::numeric_limits<int64_t>::min()), "min");
}

TEST(PackedInts, OffsetRangeNeedsNoSignBit) {
  // 900..914 lie within 14 steps of the base 900: 4 bits each, where a
  // zig-zag of the values would take 11.
  std::vector<int64_t> values;
  for (int i = 0; i < 800; ++i) values.push_back(900 + i % 15);
  EXPECT_LE(encode(values).size(), 3u + 800 * 4 / 8);
}

TEST(PackedInts, CommonFactorIsDivided) {
  std::mt19937_64 rng(2);
  std::vector<int64_t> values;
  for (int i = 0; i < 800; ++i) values.push_back(4096 * static_cast<int64_t>(rng() % 100) - 200000 * 4096);
  EXPECT_LE(encode(values).size(), 10u + 800 * 7 / 8);
  expect_round_trip(values, "pages");
}

TEST(PackedInts, OutliersBecomeEscapes) {
  std::vector<int64_t> values(800, 3);
  values[100] = -1000000000;
  values[500] = 1000000000000;
  for (size_t i = 0; i < values.size(); i += 3) values[i] = 4;
  EXPECT_LE(encode(values).size(), 3u + 800 * 2 / 8 + 20);
  expect_round_trip(values, "outliers");
}

TEST(PackedInts, MalformedBytesAreCorrupt) {
  auto expect_corrupt = [](std::vector<uint8_t> bytes, size_t count, const std::string& what) {
    ByteCursor in(bytes);
    std::vector<int64_t> out;
    auto r = decode_packed_ints(in, count, out);
    ASSERT_FALSE(r) << what;
    EXPECT_EQ(r.error().kind, ErrorKind::corruption) << what;
  };
  expect_corrupt({}, 1, "empty");
  expect_corrupt({65, 0, 0}, 1, "width 65");
  expect_corrupt({0x81, 1, 0, 0}, 1, "scale 1");
  expect_corrupt({0x81}, 1, "missing scale");
  expect_corrupt({8, 0, 1, 2}, 3, "fields past the end");
  expect_corrupt({1, 0, 0x80}, 1, "missing escape");
  // Width 2, base 0: fields 0, 1, 2 and an escape (3) whose varint is -3.
  std::vector<uint8_t> bytes{2, 0, 0x1b, 0x05};
  ByteCursor in(bytes);
  std::vector<int64_t> out;
  ASSERT_TRUE(decode_packed_ints(in, 4, out));
  EXPECT_EQ(out, (std::vector<int64_t>{0, 1, 2, -3}));
}

}  // namespace
}  // namespace vigil::storage::block
