// WAL record payloads: random round trips with extreme values, and an error
// (never a crash or a partial result) for every malformed payload.

#include "storage/wal/records.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "storage/wal/byte_codec.h"

namespace vigil::storage::wal {
namespace {

constexpr int64_t kMinT = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxT = std::numeric_limits<int64_t>::max();
constexpr uint64_t kMaxRef = std::numeric_limits<uint64_t>::max();

LabelSet labels(std::vector<Label> l) {
  auto set = LabelSet::from(std::move(l));
  EXPECT_TRUE(set) << set.error().message;
  return *set;
}

std::string random_string(std::mt19937_64& rng, size_t max_len) {
  std::string s(rng() % (max_len + 1), ' ');
  for (char& c : s) c = static_cast<char>('a' + rng() % 26);
  return s;
}

uint64_t random_ref(std::mt19937_64& rng) {
  switch (rng() % 4) {
    case 0:
      return 0;
    case 1:
      return kMaxRef;
    case 2:
      return rng() % 1000;
    default:
      return rng();
  }
}

int64_t random_t(std::mt19937_64& rng) {
  switch (rng() % 4) {
    case 0:
      return kMinT;
    case 1:
      return kMaxT;
    case 2:
      return 1'700'000'000'000 + static_cast<int64_t>(rng() % 100'000);
    default:
      return static_cast<int64_t>(rng());
  }
}

double random_value(std::mt19937_64& rng) {
  switch (rng() % 8) {
    case 0:
      return std::bit_cast<double>(0x7ff0000000000002ull);  // Prometheus staleness marker
    case 1:
      return std::bit_cast<double>(0xfff8dead0000beefull);  // negative NaN with a payload
    case 2:
      return -0.0;
    case 3:
      return std::numeric_limits<double>::infinity();
    case 4:
      return -std::numeric_limits<double>::infinity();
    case 5:
      return std::numeric_limits<double>::denorm_min();
    case 6:
      return static_cast<double>(rng() % 1000) / 8;
    default:
      return std::bit_cast<double>(rng());
  }
}

std::vector<RefSample> random_samples(std::mt19937_64& rng, size_t n) {
  std::vector<RefSample> out(n);
  for (RefSample& s : out) s = RefSample{random_ref(rng), random_t(rng), random_value(rng)};
  return out;
}

void expect_same_samples(const std::vector<RefSample>& got, const std::vector<RefSample>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].ref, want[i].ref) << i;
    EXPECT_EQ(got[i].t, want[i].t) << i;
    EXPECT_EQ(std::bit_cast<uint64_t>(got[i].v), std::bit_cast<uint64_t>(want[i].v)) << i;
  }
}

TEST(WalRecords, SamplesRoundTripRandomExtremes) {
  std::mt19937_64 rng(42);
  std::vector<uint8_t> payload;
  for (int round = 0; round < 500; ++round) {
    auto samples = random_samples(rng, rng() % 50);
    encode_samples(samples, payload);
    auto got = decode_samples(payload);
    ASSERT_TRUE(got) << got.error().message;
    expect_same_samples(*got, samples);
  }
}

TEST(WalRecords, DecodeSamplesIntoReplacesTheBuffer) {
  std::mt19937_64 rng(5);
  std::vector<uint8_t> payload;
  std::vector<RefSample> out = random_samples(rng, 40);
  for (size_t n : {size_t{30}, size_t{0}, size_t{7}}) {
    auto samples = random_samples(rng, n);
    encode_samples(samples, payload);
    ASSERT_TRUE(decode_samples_into(payload, out));
    expect_same_samples(out, samples);
  }
  payload.pop_back();
  auto got = decode_samples_into(payload, out);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, ErrorKind::corruption);
}

TEST(WalRecords, SamplesTypicalBatchIsCompact) {
  std::vector<RefSample> samples;
  for (uint64_t ref = 100; ref < 200; ++ref) samples.push_back({ref, 1'700'000'000'000, 1.5});
  std::vector<uint8_t> payload;
  encode_samples(samples, payload);
  // Neighbouring refs and equal timestamps cost two bytes plus the value.
  EXPECT_LE(payload.size(), 2 + 8 + 8 + 99 * 10u);
}

TEST(WalRecords, SeriesRoundTripRandom) {
  std::mt19937_64 rng(7);
  std::vector<uint8_t> payload;
  for (int round = 0; round < 200; ++round) {
    std::vector<RefSeries> series;
    for (size_t i = rng() % 20; i > 0; --i) {
      std::vector<Label> l = {{"__name__", "metric_" + random_string(rng, 10)}};
      for (size_t j = rng() % 6; j > 0; --j) l.push_back({"l" + std::to_string(j), random_string(rng, 300)});
      series.push_back({random_ref(rng), labels(std::move(l))});
    }
    encode_series(series, payload);
    auto got = decode_series(payload);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(*got, series);
  }
}

TEST(WalRecords, SeriesWithoutLabelsRoundTrips) {
  std::vector<RefSeries> series = {{kMaxRef, LabelSet()}};
  std::vector<uint8_t> payload;
  encode_series(series, payload);
  EXPECT_EQ(*decode_series(payload), series);
}

TEST(WalRecords, TombstonesRoundTrip) {
  std::mt19937_64 rng(3);
  std::vector<uint8_t> payload;
  for (int round = 0; round < 200; ++round) {
    std::vector<RefTombstone> stones;
    for (size_t i = rng() % 20; i > 0; --i) stones.push_back({random_ref(rng), random_t(rng), random_t(rng)});
    encode_tombstones(stones, payload);
    auto got = decode_tombstones(payload);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(*got, stones);
  }
}

TEST(WalRecords, EncodersReplaceTheBuffer) {
  std::vector<uint8_t> payload = {1, 2, 3};
  encode_tombstones({}, payload);
  EXPECT_EQ(payload, std::vector<uint8_t>{0});
}

// Every proper prefix of a payload fails: the count fixes how much must follow.
template <class Decode>
void expect_every_truncation_fails(const std::vector<uint8_t>& payload, Decode decode) {
  for (size_t n = 0; n < payload.size(); ++n) {
    auto got = decode(std::span<const uint8_t>(payload.data(), n));
    ASSERT_FALSE(got) << "prefix of " << n << " of " << payload.size() << " bytes decoded";
    EXPECT_EQ(got.error().kind, ErrorKind::corruption);
  }
}

TEST(WalRecords, EveryTruncationIsAnError) {
  std::mt19937_64 rng(11);
  std::vector<uint8_t> payload;
  encode_samples(random_samples(rng, 20), payload);
  expect_every_truncation_fails(payload, decode_samples);

  std::vector<RefSeries> series = {{1, labels({{"__name__", "up"}, {"job", "node"}})},
                                   {kMaxRef, labels({{"__name__", "x"}})}};
  encode_series(series, payload);
  expect_every_truncation_fails(payload, decode_series);

  encode_tombstones(std::vector<RefTombstone>{{5, kMinT, kMaxT}, {kMaxRef, -1, 1}}, payload);
  expect_every_truncation_fails(payload, decode_tombstones);
}

TEST(WalRecords, TrailingBytesAreAnError) {
  std::vector<uint8_t> payload;
  encode_tombstones(std::vector<RefTombstone>{{1, 2, 3}}, payload);
  payload.push_back(0);
  auto got = decode_tombstones(payload);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().message, "tombstones record: 1 trailing bytes at offset 4");
}

TEST(WalRecords, CountLargerThanPayloadIsRejectedBeforeAllocating) {
  std::vector<uint8_t> payload;
  ByteWriter(payload).uvarint(std::numeric_limits<uint64_t>::max());
  for (auto* decode : {+[](std::span<const uint8_t> p) { return decode_samples(p).has_value(); },
                       +[](std::span<const uint8_t> p) { return decode_series(p).has_value(); },
                       +[](std::span<const uint8_t> p) { return decode_tombstones(p).has_value(); }}) {
    EXPECT_FALSE(decode(payload));
  }
  auto got = decode_samples(payload);
  EXPECT_NE(got.error().message.find("samples record: sample count"), std::string::npos) << got.error().message;
}

TEST(WalRecords, LabelCountLargerThanPayloadIsRejected) {
  std::vector<uint8_t> payload;
  ByteWriter w(payload);
  w.uvarint(1);
  w.uvarint(9);
  w.uvarint(1000);
  auto got = decode_series(payload);
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("label count 1000 exceeds"), std::string::npos) << got.error().message;
}

TEST(WalRecords, OverlongVarintIsAnError) {
  std::vector<uint8_t> payload = {1};
  payload.insert(payload.end(), 11, 0x80);
  auto got = decode_tombstones(payload);
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("tombstones record: varint longer than 64 bits"), std::string::npos)
      << got.error().message;
}

TEST(WalRecords, DuplicateLabelNamesAreAnError) {
  std::vector<uint8_t> payload;
  ByteWriter w(payload);
  w.uvarint(1);
  w.uvarint(42);
  w.uvarint(2);
  w.string("job");
  w.string("a");
  w.string("job");
  w.string("b");
  auto got = decode_series(payload);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, ErrorKind::corruption);
  EXPECT_NE(got.error().message.find("series record: series 42: "), std::string::npos) << got.error().message;
}

}  // namespace
}  // namespace vigil::storage::wal
