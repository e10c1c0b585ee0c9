// ULIDs: the spec's encoding, canonical-form checks, monotonic generation.

#include "storage/block/ulid.h"

#include <gtest/gtest.h>

#include <random>

namespace vigil::storage::block {
namespace {

TEST(Ulid, EncodesTheSpecExampleTimestamp) {
  // github.com/ulid/spec: 1469918176385 ms encodes as 01ARYZ6S41.
  std::string id = format_ulid(1469918176385, {});
  EXPECT_EQ(id, "01ARYZ6S410000000000000000");
  EXPECT_EQ(ulid_time_ms(id), 1469918176385u);
}

TEST(Ulid, ExtremesUseTheWholeAlphabetRange) {
  std::array<uint8_t, 10> ones;
  ones.fill(0xff);
  EXPECT_EQ(format_ulid((uint64_t{1} << 48) - 1, ones), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
  EXPECT_EQ(format_ulid(0, {}), "00000000000000000000000000");
}

TEST(Ulid, RandomBitsLandInTheLast16Characters) {
  std::array<uint8_t, 10> random{};
  random[9] = 1;
  EXPECT_EQ(format_ulid(0, random), "00000000000000000000000001");
  random = {};
  random[0] = 0x80;  // the top random bit is bit 48 of the 128: digit 10's top bit
  EXPECT_EQ(format_ulid(0, random), "0000000000G000000000000000");
}

TEST(Ulid, CanonicalFormOnly) {
  EXPECT_TRUE(is_ulid("01ARZ3NDEKTSV4RRFFQ69G5FAV"));
  EXPECT_FALSE(is_ulid("01arz3ndektsv4rrffq69g5fav"));   // lower case
  EXPECT_FALSE(is_ulid("01ARZ3NDEKTSV4RRFFQ69G5FA"));    // 25 characters
  EXPECT_FALSE(is_ulid("01ARZ3NDEKTSV4RRFFQ69G5FAVV"));  // 27
  EXPECT_FALSE(is_ulid("01ARZ3NDEKTSV4RRFFQ69G5FAI"));   // I, L, O, U are not digits
  EXPECT_FALSE(is_ulid("01ARZ3NDEKTSV4RRFFQ69G5FAU"));
  EXPECT_FALSE(is_ulid("81ARZ3NDEKTSV4RRFFQ69G5FAV"));  // more than 128 bits
  EXPECT_FALSE(is_ulid("01ARZ3NDEKTSV4RRFFQ69G5FAV.tmp"));
  EXPECT_FALSE(ulid_time_ms("nope").has_value());
}

TEST(Ulid, TimeRoundTrips) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 1000; ++i) {
    uint64_t ms = rng() & ((uint64_t{1} << 48) - 1);
    std::array<uint8_t, 10> random;
    for (auto& b : random) b = static_cast<uint8_t>(rng());
    std::string id = format_ulid(ms, random);
    ASSERT_TRUE(is_ulid(id)) << id;
    EXPECT_EQ(ulid_time_ms(id), ms);
  }
}

TEST(Ulid, NewIdsStrictlyIncrease) {
  std::string previous = new_ulid();
  for (int i = 0; i < 10000; ++i) {
    std::string id = new_ulid();
    ASSERT_TRUE(is_ulid(id));
    ASSERT_LT(previous, id);
    previous = id;
  }
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                 .count();
  EXPECT_NEAR(static_cast<double>(*ulid_time_ms(previous)), static_cast<double>(now), 60'000);
}

}  // namespace
}  // namespace vigil::storage::block
