// Tombstones: interval merging, the file codec and its damage checks.

#include "storage/block/tombstones.h"

#include <gtest/gtest.h>

#include <fstream>
#include <limits>
#include <random>

#include "support/vigil_process.h"

namespace vigil::storage::block {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

std::vector<Interval> intervals(const Tombstones& t, uint32_t series) {
  auto list = t.intervals(series);
  return {list.begin(), list.end()};
}

TEST(Tombstones, MergesOverlappingAndAdjacentIntervals) {
  Tombstones t;
  t.add({1, 10, 20});
  t.add({1, 30, 40});
  EXPECT_EQ(intervals(t, 1), (std::vector<Interval>{{10, 20}, {30, 40}}));
  t.add({1, 21, 25});  // touches [10, 20]
  EXPECT_EQ(intervals(t, 1), (std::vector<Interval>{{10, 25}, {30, 40}}));
  t.add({1, 26, 29});  // fills the gap
  EXPECT_EQ(intervals(t, 1), (std::vector<Interval>{{10, 40}}));
  t.add({1, 0, 5});
  t.add({1, 50, 60});
  t.add({1, 3, 55});  // swallows everything
  EXPECT_EQ(intervals(t, 1), (std::vector<Interval>{{0, 60}}));
  t.add({2, kMin, kMax});
  t.add({2, 0, 0});
  EXPECT_EQ(intervals(t, 2), (std::vector<Interval>{{kMin, kMax}}));
  EXPECT_TRUE(intervals(t, 3).empty());
}

TEST(Tombstones, DeletedAgreesWithBruteForce) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 200; ++round) {
    Tombstones t;
    std::vector<Tombstone> added;
    for (int i = 0; i < 8; ++i) {
      int64_t a = static_cast<int64_t>(rng() % 100), b = a + static_cast<int64_t>(rng() % 10);
      added.push_back({static_cast<uint32_t>(rng() % 2), a, b});
      t.add(added.back());
    }
    for (uint32_t s = 0; s < 2; ++s) {
      auto list = t.intervals(s);
      for (size_t i = 1; i < list.size(); ++i) ASSERT_GT(list[i].min_t, list[i - 1].max_t + 1);
      for (int64_t x = -1; x < 112; ++x) {
        bool expected = false;
        for (const auto& a : added) expected = expected || (a.series == s && a.min_t <= x && x <= a.max_t);
        ASSERT_EQ(t.deleted(s, x), expected) << "series " << s << " t " << x;
      }
    }
  }
}

TEST(Tombstones, CodecRoundTrips) {
  Tombstones t;
  t.add({0, kMin, kMax});
  t.add({7, -5, 5});
  t.add({7, 100, 100});
  t.add({4'000'000'000u, 1'700'000'000'000, 1'700'000'600'000});
  auto bytes = encode_tombstones(t);
  auto back = decode_tombstones(bytes, "x/tombstones");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, t);
  EXPECT_EQ(back->list(), t.list());

  auto empty = decode_tombstones(encode_tombstones(Tombstones{}), "x");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(Tombstones, EveryFlippedByteAndTruncationIsCorruption) {
  Tombstones t;
  t.add({3, 10, 20});
  t.add({9, -1, 1});
  auto bytes = encode_tombstones(t);
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto damaged = bytes;
    damaged[i] ^= 0x01;
    auto r = decode_tombstones(damaged, "blk/tombstones");
    ASSERT_FALSE(r) << "byte " << i;
    EXPECT_EQ(r.error().kind, ErrorKind::corruption);
    EXPECT_NE(r.error().message.find("blk/tombstones"), std::string::npos);
  }
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = decode_tombstones(std::span(bytes).first(n), "blk/tombstones");
    ASSERT_FALSE(r) << "length " << n;
    EXPECT_EQ(r.error().kind, ErrorKind::corruption);
  }
}

TEST(Tombstones, FilesAreReplacedWhole) {
  vigil::testing::TempDir dir;
  auto none = read_tombstones(dir.path().string());
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());

  Tombstones t;
  t.add({1, 2, 3});
  ASSERT_TRUE(write_tombstones(dir.path().string(), t));
  t.add({2, 5, 6});
  ASSERT_TRUE(write_tombstones(dir.path().string(), t));
  auto back = read_tombstones(dir.path().string());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, t);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "tombstones.tmp"));
}

}  // namespace
}  // namespace vigil::storage::block
