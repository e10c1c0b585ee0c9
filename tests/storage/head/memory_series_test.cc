#include "storage/head/memory_series.h"

#include <gtest/gtest.h>

namespace vigil::storage::head {
namespace {

using Outcome = MemorySeries::Outcome;

struct SeriesFixture {
  SymbolTable symbols;
  MemorySeries series{1, InternedLabels::intern(LabelSet::from({{"__name__", "m"}}).value(), symbols), symbols, 10};

  std::vector<int64_t> times(int64_t mint = INT64_MIN, int64_t maxt = INT64_MAX) const {
    std::vector<Sample> out;
    series.collect(mint, maxt, out);
    std::vector<int64_t> ts;
    for (const auto& s : out) ts.push_back(s.t);
    return ts;
  }
};

std::vector<int64_t> range(int64_t from, int64_t to, int64_t step = 1) {
  std::vector<int64_t> out;
  for (int64_t t = from; t <= to; t += step) out.push_back(t);
  return out;
}

TEST(MemorySeries, LabelsComeBackFromTheSymbolTable) {
  SeriesFixture f;
  EXPECT_EQ(f.series.labels().to_string(), "m");
  EXPECT_TRUE(f.series.has_labels(LabelSet::from({{"__name__", "m"}}).value()));
  EXPECT_FALSE(f.series.has_labels(LabelSet::from({{"__name__", "n"}}).value()));
}

TEST(MemorySeries, TruncateDropsWholeChunksBeforeTheBound) {
  SeriesFixture f;
  for (int64_t t = 0; t < 35; ++t) ASSERT_EQ(f.series.append(t, static_cast<double>(t), 0), Outcome::appended);
  EXPECT_EQ(f.series.num_chunks(), 4u);  // 10 + 10 + 10 + 5 open
  // 15 lies in the second chunk [10, 19]: it stays whole.
  EXPECT_EQ(f.series.truncate_before(15), 10u);
  EXPECT_EQ(f.series.num_samples(), 25u);
  EXPECT_EQ(f.series.min_time(), 10);
  EXPECT_EQ(f.series.max_time(), 34);
  EXPECT_EQ(f.times(), range(10, 34));
  EXPECT_EQ(f.series.truncate_before(5), 0u);
  // Past the newest sample: everything goes, and the series starts afresh.
  EXPECT_EQ(f.series.truncate_before(100), 25u);
  EXPECT_TRUE(f.series.empty());
  EXPECT_EQ(f.series.num_chunks(), 0u);
  EXPECT_EQ(f.series.append(3, 1, 0), Outcome::appended);
  EXPECT_EQ(f.times(), std::vector<int64_t>{3});
}

TEST(MemorySeries, TruncateDropsOldOutOfOrderSamples) {
  SeriesFixture f;
  for (int64_t t = 0; t < 30; t += 2) ASSERT_EQ(f.series.append(t, 1, 0), Outcome::appended);
  ASSERT_EQ(f.series.append(27, 1, 100), Outcome::appended);
  ASSERT_EQ(f.series.append(11, 1, 100), Outcome::appended);
  ASSERT_EQ(f.series.append(1, 1, 100), Outcome::appended);
  EXPECT_EQ(f.series.min_time(), 0);
  // The first chunk [0, 18] straddles 15 and stays; out-of-order 1 and 11 go.
  EXPECT_EQ(f.series.truncate_before(15), 2u);
  EXPECT_EQ(f.series.min_time(), 0);
  auto ts = f.times(15, INT64_MAX);
  EXPECT_EQ(ts, (std::vector<int64_t>{16, 18, 20, 22, 24, 26, 27, 28}));
  EXPECT_EQ(f.series.truncate_before(25), 10u);  // the chunk [0, 18]
  EXPECT_EQ(f.series.min_time(), 20);
  EXPECT_EQ(f.series.num_samples(), 6u);
}

TEST(MemorySeries, DeleteRangeReencodesAffectedChunks) {
  SeriesFixture f;
  for (int64_t t = 0; t < 35; ++t) ASSERT_EQ(f.series.append(t, static_cast<double>(t) * 1.5, 0), Outcome::appended);
  EXPECT_EQ(f.series.delete_range(5, 24), 20u);  // part of chunk 1, all of chunk 2, part of chunk 3
  auto expected = range(0, 4);
  for (int64_t t : range(25, 34)) expected.push_back(t);
  EXPECT_EQ(f.times(), expected);
  EXPECT_EQ(f.series.num_samples(), 15u);
  EXPECT_EQ(f.series.num_chunks(), 3u);
  std::vector<Sample> out;
  f.series.collect(0, 100, out);
  for (const auto& s : out) EXPECT_EQ(s.v, static_cast<double>(s.t) * 1.5);
  // Nothing in the range: nothing happens.
  EXPECT_EQ(f.series.delete_range(10, 20), 0u);
  EXPECT_EQ(f.series.delete_range(20, 10), 0u);
}

TEST(MemorySeries, DeletingTheNewestSamplesKeepsAppendsWorking) {
  SeriesFixture f;
  for (int64_t t = 0; t < 25; ++t) ASSERT_EQ(f.series.append(t, static_cast<double>(t), 0), Outcome::appended);
  EXPECT_EQ(f.series.delete_range(18, 100), 7u);  // the end of chunk 2 and the open chunk
  EXPECT_EQ(f.series.max_time(), 17);
  // 17 is now the newest: an equal sample is a no-op, another value a duplicate.
  EXPECT_EQ(f.series.append(17, 17, 0), Outcome::unchanged);
  EXPECT_EQ(f.series.append(17, 3, 0), Outcome::duplicate_timestamp);
  for (int64_t t = 18; t < 40; ++t) ASSERT_EQ(f.series.append(t, static_cast<double>(t), 0), Outcome::appended);
  EXPECT_EQ(f.times(), range(0, 39));
}

TEST(MemorySeries, DeleteEverythingEmptiesTheSeries) {
  SeriesFixture f;
  for (int64_t t = 10; t < 25; ++t) ASSERT_EQ(f.series.append(t, 1, 0), Outcome::appended);
  ASSERT_EQ(f.series.append(5, 1, 100), Outcome::appended);
  EXPECT_EQ(f.series.delete_range(INT64_MIN, INT64_MAX), 16u);
  EXPECT_TRUE(f.series.empty());
  EXPECT_FALSE(f.series.overlaps(INT64_MIN, INT64_MAX));
  EXPECT_EQ(f.series.append(1, 1, 0), Outcome::appended);
  EXPECT_EQ(f.times(), std::vector<int64_t>{1});
}

TEST(MemorySeries, DeleteKeepingOnlyOutOfOrderSamples) {
  SeriesFixture f;
  for (int64_t t = 10; t < 20; ++t) ASSERT_EQ(f.series.append(t, 1, 0), Outcome::appended);
  ASSERT_EQ(f.series.append(5, 7, 100), Outcome::appended);
  EXPECT_EQ(f.series.delete_range(10, 19), 10u);
  EXPECT_EQ(f.series.max_time(), 5);
  EXPECT_EQ(f.series.append(5, 7, 100), Outcome::unchanged);
  EXPECT_EQ(f.series.append(5, 8, 100), Outcome::duplicate_timestamp);
  EXPECT_EQ(f.series.append(6, 1, 100), Outcome::appended);
  EXPECT_EQ(f.times(), (std::vector<int64_t>{5, 6}));
}

TEST(MemorySeries, OverlapsByChunkBounds) {
  SeriesFixture f;
  for (int64_t t = 0; t < 10; ++t) ASSERT_EQ(f.series.append(t, 1, 0), Outcome::appended);
  for (int64_t t = 100; t < 110; ++t) ASSERT_EQ(f.series.append(t, 1, 0), Outcome::appended);
  EXPECT_TRUE(f.series.overlaps(5, 5));
  EXPECT_FALSE(f.series.overlaps(20, 90));
  EXPECT_TRUE(f.series.overlaps(109, 200));
  EXPECT_FALSE(f.series.overlaps(110, 200));
}

TEST(MemorySeries, MemoryCountsChunksAndLateSamples) {
  SeriesFixture f;
  auto before = f.series.memory();
  EXPECT_GE(before.series, sizeof(MemorySeries));
  EXPECT_EQ(before.out_of_order, 0u);
  for (int64_t t = 0; t < 30; ++t) ASSERT_EQ(f.series.append(t * 2, 1, 0), Outcome::appended);
  ASSERT_EQ(f.series.append(57, 1, 100), Outcome::appended);
  auto after = f.series.memory();
  EXPECT_GT(after.chunks, before.chunks);
  EXPECT_GT(after.out_of_order, 0u);
}

// Packs every closed chunk the way the head's packer does.
void pack_all(MemorySeries& series) {
  std::vector<Sample> samples;
  std::vector<uint8_t> encoded;
  while (auto ticket = series.unpacked_chunk(samples)) {
    encoded.clear();
    chunk::ClosedChunk::encode_packed(samples, encoded);
    ASSERT_TRUE(series.install_packed(*ticket, encoded, nullptr));
  }
}

TEST(MemorySeries, PackingKeepsEverySampleAndShrinksChunks) {
  SeriesFixture f;
  for (int64_t t = 0; t < 35; ++t) ASSERT_EQ(f.series.append(t * 15'000, static_cast<double>(t * 3), 0), Outcome::appended);
  EXPECT_TRUE(f.series.take_pack_wanted());
  EXPECT_FALSE(f.series.take_pack_wanted());  // once per cut
  std::vector<Sample> before;
  f.series.collect(INT64_MIN, INT64_MAX, before);
  const size_t chunk_bytes = f.series.memory().chunks;
  pack_all(f.series);
  std::vector<Sample> samples;
  EXPECT_FALSE(f.series.unpacked_chunk(samples));
  EXPECT_LT(f.series.memory().chunks, chunk_bytes);
  std::vector<Sample> after;
  f.series.collect(INT64_MIN, INT64_MAX, after);
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].t, before[i].t);
    EXPECT_EQ(after[i].v, before[i].v);
  }
  // Range reads, duplicates, deletes and truncation work on packed chunks.
  std::vector<Sample> some;
  f.series.collect(14 * 15'000, 16 * 15'000, some);
  ASSERT_EQ(some.size(), 3u);
  EXPECT_EQ(some[0].v, 42.0);
  EXPECT_EQ(f.series.append(12 * 15'000, 36.0, INT64_MAX), Outcome::unchanged);
  EXPECT_EQ(f.series.append(12 * 15'000, 1.0, INT64_MAX), Outcome::duplicate_timestamp);
  EXPECT_EQ(f.series.delete_range(12 * 15'000, 13 * 15'000), 2u);
  EXPECT_EQ(f.series.truncate_before(10 * 15'000), 10u);
  EXPECT_EQ(f.times().size(), 23u);
}

TEST(MemorySeries, PackingLosesToAConcurrentEdit) {
  SeriesFixture f;
  for (int64_t t = 0; t < 25; ++t) ASSERT_EQ(f.series.append(t, 1, 0), Outcome::appended);
  std::vector<Sample> samples;
  auto ticket = f.series.unpacked_chunk(samples);
  ASSERT_TRUE(ticket);
  EXPECT_EQ(samples.size(), 10u);
  std::vector<uint8_t> encoded;
  chunk::ClosedChunk::encode_packed(samples, encoded);
  // A truncation between decoding and installing: the chunk is gone.
  EXPECT_EQ(f.series.truncate_before(10), 10u);
  EXPECT_FALSE(f.series.install_packed(*ticket, encoded, nullptr));
  EXPECT_EQ(f.times(), range(10, 24));
}

}  // namespace
}  // namespace vigil::storage::head
