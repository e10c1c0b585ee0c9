// Single-pass replay of the WAL into the head: samples logged before their
// series record, samples of series never logged, tombstones, checkpoints.

#include "storage/wal_replay.h"

#include <gtest/gtest.h>

#include "storage/database.h"
#include "storage/wal/checkpoint.h"
#include "support/vigil_process.h"

namespace vigil::storage {
namespace {

LabelSet labels_of(const std::string& job) { return LabelSet::from({{"__name__", "up"}, {"job", job}}).value(); }

void log(wal::Wal& wal, std::vector<wal::RefSeries> series) {
  std::vector<uint8_t> payload;
  wal::encode_series(series, payload);
  ASSERT_TRUE(wal.log(wal::RecordType::series, payload));
}
void log(wal::Wal& wal, std::vector<wal::RefSample> samples) {
  std::vector<uint8_t> payload;
  wal::encode_samples(samples, payload);
  ASSERT_TRUE(wal.log(wal::RecordType::samples, payload));
}
void log(wal::Wal& wal, std::vector<wal::RefTombstone> tombstones) {
  std::vector<uint8_t> payload;
  wal::encode_tombstones(tombstones, payload);
  ASSERT_TRUE(wal.log(wal::RecordType::tombstones, payload));
}

TEST(WalReplay, SamplesBeforeTheirSeriesRecordAreAppliedWhenItComes) {
  vigil::testing::TempDir tmp;
  auto wal = wal::Wal::open(tmp.path().string());
  ASSERT_TRUE(wal);
  log(*wal, std::vector<wal::RefSeries>{{1, labels_of("a")}});
  // Another appender's samples for series 2 reached the log first.
  log(*wal, std::vector<wal::RefSample>{{1, 10, 1.0}, {2, 10, 2.0}, {2, 20, 2.5}});
  log(*wal, std::vector<wal::RefTombstone>{{1, 0, 5}});
  log(*wal, std::vector<wal::RefSeries>{{2, labels_of("b")}});
  log(*wal, std::vector<wal::RefSample>{{2, 30, 3.0}, {1, 20, 1.5}, {7, 10, 7.0}});
  ASSERT_TRUE(wal->commit());

  head::Head head(head::HeadOptions{});
  std::vector<wal::RefTombstone> tombstones;
  auto stats = replay_wal(*wal, head, [&](const wal::RefTombstone& t) { tombstones.push_back(t); });
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->series, 2u);
  EXPECT_EQ(stats->samples, 5u);
  EXPECT_EQ(stats->deferred_samples, 2u);
  EXPECT_EQ(stats->unknown_refs, 1u);  // ref 7 never had a series record
  EXPECT_EQ(stats->tombstones, 1u);
  EXPECT_EQ(tombstones, (std::vector<wal::RefTombstone>{{1, 0, 5}}));

  auto b = head.samples(2, INT64_MIN, INT64_MAX);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].t, 10);
  EXPECT_EQ(b[1].v, 2.5);
  EXPECT_EQ(b[2].t, 30);
  EXPECT_EQ(head.samples(1, INT64_MIN, INT64_MAX).size(), 2u);
  EXPECT_EQ(head.find(labels_of("b"))->ref(), 2u);
}

// A series that left the head (a block cut truncated it) and came back got a
// new ref; the log can still hold both series records. Replay must keep the
// samples logged under either ref, and tombstones for either.
TEST(WalReplay, ASeriesLoggedUnderTwoRefsKeepsTheSamplesOfBoth) {
  vigil::testing::TempDir tmp;
  auto wal = wal::Wal::open(tmp.path().string());
  ASSERT_TRUE(wal);
  log(*wal, std::vector<wal::RefSeries>{{1, labels_of("a")}});
  log(*wal, std::vector<wal::RefSample>{{1, 10, 1.0}, {1, 20, 2.0}});
  log(*wal, std::vector<wal::RefSeries>{{5, labels_of("a")}});
  log(*wal, std::vector<wal::RefSample>{{5, 30, 3.0}, {5, 40, 4.0}});
  log(*wal, std::vector<wal::RefTombstone>{{5, 40, 40}});
  ASSERT_TRUE(wal->commit());

  head::Head head(head::HeadOptions{});
  std::vector<wal::RefTombstone> tombstones;
  auto stats = replay_wal(*wal, head, [&](const wal::RefTombstone& t) { tombstones.push_back(t); });
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->samples, 4u);
  EXPECT_EQ(stats->unknown_refs, 0u);
  EXPECT_EQ(head.num_series(), 1u);
  auto samples = head.samples(1, INT64_MIN, INT64_MAX);
  ASSERT_EQ(samples.size(), 4u);
  EXPECT_EQ(samples[3].v, 4.0);
  EXPECT_EQ(tombstones, (std::vector<wal::RefTombstone>{{1, 40, 40}}));
}

// Large enough to be applied in groups by two threads: every series still
// gets its samples in log order.
TEST(WalReplay, GroupedReplayKeepsEachSeriesInOrder) {
  vigil::testing::TempDir tmp;
  auto wal = wal::Wal::open(tmp.path().string());
  ASSERT_TRUE(wal);
  constexpr uint64_t kSeries = 300;
  constexpr int64_t kTimes = 400;
  std::vector<wal::RefSeries> series;
  for (uint64_t ref = 1; ref <= kSeries; ++ref) series.push_back({ref, labels_of(std::to_string(ref))});
  log(*wal, series);
  for (int64_t t = 0; t < kTimes; ++t) {
    std::vector<wal::RefSample> samples;
    for (uint64_t ref = kSeries; ref >= 1; --ref) samples.push_back({ref, t, static_cast<double>(ref) * 1e4 + t});
    log(*wal, samples);
  }
  ASSERT_TRUE(wal->commit());
  head::Head head(head::HeadOptions{});
  auto stats = replay_wal(*wal, head);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->samples, kSeries * kTimes);
  for (uint64_t ref = 1; ref <= kSeries; ++ref) {
    auto samples = head.samples(ref, INT64_MIN, INT64_MAX);
    ASSERT_EQ(samples.size(), static_cast<size_t>(kTimes)) << ref;
    for (int64_t t = 0; t < kTimes; ++t) {
      ASSERT_EQ(samples[static_cast<size_t>(t)].t, t);
      ASSERT_EQ(samples[static_cast<size_t>(t)].v, static_cast<double>(ref) * 1e4 + t);
    }
  }
}

// Millions of samples: several groups, split between two threads by ref,
// with series logged late (their earlier samples deferred) and a tombstone
// that must see everything logged before it, on both threads' refs.
TEST(WalReplay, ParallelGroupsKeepOrderDeferralsAndTombstones) {
  vigil::testing::TempDir tmp;
  auto wal = wal::Wal::open(tmp.path().string());
  ASSERT_TRUE(wal);
  constexpr uint64_t kEarly = 4000;
  constexpr uint64_t kSeries = 5000;
  constexpr int64_t kTimes = 500;
  constexpr int64_t kLateSeriesAt = 300;  // logged then; their samples start at 250
  constexpr int64_t kTombstoneAt = 400;
  auto value = [](uint64_t ref, int64_t t) { return static_cast<double>(ref) * 1e4 + static_cast<double>(t); };
  std::vector<wal::RefSeries> series;
  for (uint64_t ref = 1; ref <= kEarly; ++ref) series.push_back({ref, labels_of(std::to_string(ref))});
  log(*wal, series);
  for (int64_t t = 0; t < kTimes; ++t) {
    if (t == kLateSeriesAt) {
      series.clear();
      for (uint64_t ref = kEarly + 1; ref <= kSeries; ++ref) series.push_back({ref, labels_of(std::to_string(ref))});
      log(*wal, series);
    }
    if (t == kTombstoneAt) log(*wal, std::vector<wal::RefTombstone>{{1, 0, 0}, {kSeries, 0, 0}});
    std::vector<wal::RefSample> samples;
    const uint64_t last = t >= 250 ? kSeries : kEarly;
    for (uint64_t ref = last; ref >= 1; --ref) samples.push_back({ref, t, value(ref, t)});
    log(*wal, samples);
  }
  ASSERT_TRUE(wal->commit());

  head::Head head(head::HeadOptions{});
  std::vector<size_t> seen_at_tombstone;
  auto stats = replay_wal(*wal, head, [&](const wal::RefTombstone& stone) {
    seen_at_tombstone.push_back(head.samples(stone.ref, INT64_MIN, INT64_MAX).size());
  });
  ASSERT_TRUE(stats) << stats.error().message;
  const uint64_t late_samples = (kSeries - kEarly) * (kTimes - 250);
  EXPECT_EQ(stats->samples, kEarly * kTimes + late_samples);
  EXPECT_EQ(stats->deferred_samples, (kSeries - kEarly) * (kLateSeriesAt - 250));
  EXPECT_EQ(stats->unknown_refs, 0u);
  EXPECT_EQ(stats->series, kSeries);
  EXPECT_EQ(seen_at_tombstone, (std::vector<size_t>{kTombstoneAt, kTombstoneAt - 250}));
  for (uint64_t ref = 1; ref <= kSeries; ++ref) {
    auto samples = head.samples(ref, INT64_MIN, INT64_MAX);
    const int64_t first = ref <= kEarly ? 0 : 250;
    ASSERT_EQ(samples.size(), static_cast<size_t>(kTimes - first)) << ref;
    for (size_t i = 0; i < samples.size(); ++i) {
      const int64_t t = first + static_cast<int64_t>(i);
      ASSERT_EQ(samples[i].t, t) << ref;
      ASSERT_EQ(samples[i].v, value(ref, t)) << ref;
    }
  }
}

TEST(WalReplay, CorruptRecordStopsReplayWithItsPosition) {
  vigil::testing::TempDir tmp;
  auto wal = wal::Wal::open(tmp.path().string());
  ASSERT_TRUE(wal);
  std::vector<uint8_t> garbage{5, 1, 2};  // a count of 5 samples in 2 bytes
  ASSERT_TRUE(wal->log(wal::RecordType::samples, garbage));
  ASSERT_TRUE(wal->commit());
  head::Head head(head::HeadOptions{});
  auto stats = replay_wal(*wal, head);
  ASSERT_FALSE(stats);
  EXPECT_EQ(stats.error().kind, ErrorKind::corruption);
  EXPECT_NE(stats.error().message.find("00000000: record at offset 0"), std::string::npos) << stats.error().message;
}

// What a database checkpointed and what it logged after are both there after
// a restart, once each.
TEST(WalReplay, DatabaseReopensFromACheckpointAndTheSegmentsAfterIt) {
  vigil::testing::TempDir tmp;
  auto append = [](Database& db, int64_t from, int64_t to) {
    for (int64_t t = from; t < to; ++t) {
      std::vector<SeriesSamples> batch{{labels_of("a"), {{t, 1.0 * t}}}, {labels_of("b"), {{t, -1.0 * t}}}};
      ASSERT_TRUE(db.appender().append(batch));
    }
  };
  {
    auto db = Database::open(tmp.path().string());
    ASSERT_TRUE(db);
    append(**db, 0, 100);
    wal::Wal& wal = (*db)->wal();
    auto closed = wal.cut_segment();
    ASSERT_TRUE(closed);
    append(**db, 100, 150);  // while the checkpoint is written, appends go on
    auto stats = wal::write_checkpoint(
        wal, *closed, [](uint64_t) { return true; }, INT64_MIN);
    ASSERT_TRUE(stats) << stats.error().message;
    EXPECT_EQ(stats->samples_kept, 200u);
    ASSERT_TRUE(wal.truncate_before(*closed + 1));
    append(**db, 150, 200);
  }
  auto db = Database::open(tmp.path().string());
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ((*db)->replay_stats().series, 2u);
  EXPECT_EQ((*db)->replay_stats().samples, 400u);
  auto a = (*db)->head().samples((*db)->head().find(labels_of("a"))->ref(), INT64_MIN, INT64_MAX);
  ASSERT_EQ(a.size(), 200u);
  for (int64_t t = 0; t < 200; ++t) EXPECT_EQ(a[static_cast<size_t>(t)].v, 1.0 * t);
}

}  // namespace
}  // namespace vigil::storage
