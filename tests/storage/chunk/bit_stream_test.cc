#include "storage/chunk/bit_stream.h"

#include <gtest/gtest.h>

#include <random>

namespace vigil::storage::chunk {
namespace {

TEST(BitStream, MixedWidthsRoundTrip) {
  std::mt19937_64 rng(7);
  std::vector<std::pair<uint64_t, int>> written;
  std::vector<uint8_t> buf;
  BitWriter w(buf);
  for (int i = 0; i < 5000; ++i) {
    int count = static_cast<int>(rng() % 65);
    uint64_t value = count == 64 ? rng() : rng() & ((uint64_t{1} << count) - 1);
    w.write_bits(value, count);
    written.emplace_back(value, count);
  }
  BitReader r(buf);
  for (auto [value, count] : written) {
    uint64_t got;
    ASSERT_TRUE(r.read_bits(count, got));
    EXPECT_EQ(got, value) << count;
  }
  uint64_t extra;
  // Only the padding of the last byte is left.
  EXPECT_FALSE(r.read_bits(8, extra));
}

TEST(BitStream, VarintsRoundTripAtTheEdges) {
  std::vector<uint8_t> buf;
  BitWriter w(buf);
  const int64_t signed_values[] = {0, 1, -1, 63, -64, 64, INT64_MAX, INT64_MIN, 1700000000000};
  const uint64_t unsigned_values[] = {0, 127, 128, UINT64_MAX, 1ull << 63};
  w.write_bit(true);  // misalign on purpose
  for (auto v : signed_values) w.write_varint(v);
  for (auto v : unsigned_values) w.write_uvarint(v);
  BitReader r(buf);
  bool bit;
  ASSERT_TRUE(r.read_bit(bit));
  for (auto v : signed_values) {
    int64_t got;
    ASSERT_TRUE(r.read_varint(got));
    EXPECT_EQ(got, v);
  }
  for (auto v : unsigned_values) {
    uint64_t got;
    ASSERT_TRUE(r.read_uvarint(got));
    EXPECT_EQ(got, v);
  }
}

TEST(BitStream, OverlongVarintIsRejected) {
  std::vector<uint8_t> buf(11, 0xff);
  BitReader r(buf);
  uint64_t v;
  EXPECT_FALSE(r.read_uvarint(v));
}

TEST(BitStream, ContinuesAnExistingStream) {
  std::vector<uint8_t> buf;
  uint64_t bits;
  {
    BitWriter w(buf);
    w.write_bits(0b101, 3);
    bits = w.bits();
  }
  BitWriter again(buf, bits);
  again.write_bits(0b11111, 5);
  EXPECT_EQ(buf, std::vector<uint8_t>{0b10111111});
}

}  // namespace
}  // namespace vigil::storage::chunk
