// Byte-level varints: boundaries, zig-zag, and every malformed form.

#include "storage/wal/byte_codec.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace vigil::storage::wal {
namespace {

TEST(WalByteCodec, UvarintRoundTripsBoundaries) {
  std::vector<uint64_t> values = {
      0, 1, 127, 128, 16383, 16384, (1ull << 56) - 1, 1ull << 63, std::numeric_limits<uint64_t>::max()};
  std::vector<uint8_t> bytes;
  ByteWriter w(bytes);
  for (uint64_t v : values) w.uvarint(v);
  ByteReader r(bytes);
  for (uint64_t v : values) {
    auto got = r.uvarint();
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(*got, v);
  }
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(WalByteCodec, MaxValueTakesTenBytes) {
  std::vector<uint8_t> bytes;
  ByteWriter(bytes).uvarint(std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(bytes.size(), kMaxVarintBytes);
}

TEST(WalByteCodec, VarintRoundTripsSignedExtremes) {
  std::vector<int64_t> values = {
      0, -1, 1, -64, 64, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
  std::vector<uint8_t> bytes;
  ByteWriter w(bytes);
  for (int64_t v : values) w.varint(v);
  ByteReader r(bytes);
  for (int64_t v : values) {
    auto got = r.varint();
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(*got, v);
  }
}

TEST(WalByteCodec, ZigzagKeepsSmallMagnitudesSmall) {
  EXPECT_EQ(zigzag_encode(0), 0u);
  EXPECT_EQ(zigzag_encode(-1), 1u);
  EXPECT_EQ(zigzag_encode(1), 2u);
  EXPECT_EQ(zigzag_encode(std::numeric_limits<int64_t>::min()), std::numeric_limits<uint64_t>::max());
}

TEST(WalByteCodec, RejectsTruncatedVarint) {
  std::vector<uint8_t> bytes = {0x80, 0x80};
  ByteReader r(bytes);
  auto got = r.uvarint();
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, ErrorKind::corruption);
  EXPECT_NE(got.error().message.find("truncated"), std::string::npos);
}

TEST(WalByteCodec, RejectsOverlongVarint) {
  std::vector<uint8_t> eleven(10, 0x80);
  eleven.push_back(0x01);
  EXPECT_FALSE(ByteReader(eleven).uvarint());
  // Ten bytes whose last carries more than bit 63.
  std::vector<uint8_t> overflow(9, 0xff);
  overflow.push_back(0x02);
  auto got = ByteReader(overflow).uvarint();
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("longer than 64 bits"), std::string::npos);
}

TEST(WalByteCodec, StringPastTheEndIsAnError) {
  std::vector<uint8_t> bytes;
  ByteWriter(bytes).string("hello");
  bytes.pop_back();
  ByteReader r(bytes);
  auto got = r.string();
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("at offset 0"), std::string::npos);
}

TEST(WalByteCodec, U64LittleEndian) {
  std::vector<uint8_t> bytes;
  ByteWriter(bytes).u64_le(0x0102030405060708ull);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{8, 7, 6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(*ByteReader(bytes).u64_le(), 0x0102030405060708ull);
  bytes.pop_back();
  EXPECT_FALSE(ByteReader(bytes).u64_le());
}

}  // namespace
}  // namespace vigil::storage::wal
