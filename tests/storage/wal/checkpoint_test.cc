// WAL checkpoints: what they keep, how replay combines them with the later
// segments, and recovery from a crash at each step and from a damaged
// checkpoint.

#include "storage/wal/checkpoint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "storage/wal/records.h"
#include "support/vigil_process.h"

namespace vigil::storage::wal {
namespace {

namespace fs = std::filesystem;
using Fsync = WalOptions::Fsync;

WalOptions small_segments() { return WalOptions{.segment_bytes = 2048, .fsync = Fsync::never}; }

Wal open_wal(const fs::path& dir) {
  auto wal = Wal::open(dir.string(), small_segments());
  EXPECT_TRUE(wal) << wal.error().message;
  return std::move(*wal);
}

LabelSet labels_of(uint64_t ref) { return LabelSet::from({{"__name__", "m"}, {"ref", std::to_string(ref)}}).value(); }

void log_series(Wal& wal, std::vector<uint64_t> refs) {
  std::vector<RefSeries> series;
  for (uint64_t ref : refs) series.push_back({ref, labels_of(ref)});
  std::vector<uint8_t> payload;
  encode_series(series, payload);
  ASSERT_TRUE(wal.log(RecordType::series, payload));
  ASSERT_TRUE(wal.commit());
}

double value_of(uint64_t ref, int64_t t) { return static_cast<double>(ref) * 1000 + static_cast<double>(t); }

// One sample per ref at each t in [from, to).
void log_samples(Wal& wal, const std::vector<uint64_t>& refs, int64_t from, int64_t to) {
  std::vector<uint8_t> payload;
  for (int64_t t = from; t < to; ++t) {
    std::vector<RefSample> samples;
    for (uint64_t ref : refs) samples.push_back({ref, t, value_of(ref, t)});
    encode_samples(samples, payload);
    ASSERT_TRUE(wal.log(RecordType::samples, payload));
  }
  ASSERT_TRUE(wal.commit());
}

void log_tombstones(Wal& wal, std::vector<RefTombstone> stones) {
  std::vector<uint8_t> payload;
  encode_tombstones(stones, payload);
  ASSERT_TRUE(wal.log(RecordType::tombstones, payload));
  ASSERT_TRUE(wal.commit());
}

// Everything a replay delivers, decoded.
struct Replayed {
  std::vector<RefSeries> series;
  std::vector<RefSample> samples;
  std::vector<RefTombstone> tombstones;
  size_t records = 0;
};

Result<Replayed> replay(const Wal& wal) {
  Replayed out;
  auto ok = wal.replay([&](RecordType type, std::span<const uint8_t> payload) -> Result<void> {
    ++out.records;
    switch (type) {
      case RecordType::series: {
        auto series = decode_series(payload).value();
        out.series.insert(out.series.end(), series.begin(), series.end());
        break;
      }
      case RecordType::samples: {
        auto samples = decode_samples(payload).value();
        out.samples.insert(out.samples.end(), samples.begin(), samples.end());
        break;
      }
      case RecordType::tombstones: {
        auto tombstones = decode_tombstones(payload).value();
        out.tombstones.insert(out.tombstones.end(), tombstones.begin(), tombstones.end());
        break;
      }
    }
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return out;
}

size_t samples_of(const Replayed& r, uint64_t ref) {
  return static_cast<size_t>(std::count_if(r.samples.begin(), r.samples.end(), [&](const RefSample& s) {
    EXPECT_EQ(s.v, value_of(s.ref, s.t));
    return s.ref == ref;
  }));
}

bool keep_all(uint64_t) { return true; }

TEST(Checkpoint, KeepsWantedSeriesTheirRecentSamplesAndLiveTombstones) {
  vigil::testing::TempDir tmp;
  Wal wal = open_wal(tmp.path());
  log_series(wal, {1, 2});
  log_samples(wal, {1, 2}, 0, 50);
  log_series(wal, {3, 4});
  log_samples(wal, {1, 2, 3, 4}, 50, 100);
  log_tombstones(wal, {{1, 0, 10}, {2, 40, 70}, {3, 90, 200}, {4, 0, 100}});
  ASSERT_GE(wal.current_segment(), 2u);
  auto last = wal.cut_segment();
  ASSERT_TRUE(last);
  // Appends continue in the new segment and are not part of the checkpoint.
  log_samples(wal, {1, 2, 3, 4}, 100, 110);

  auto keep_odd = [](uint64_t ref) { return ref % 2 == 1; };
  auto stats = write_checkpoint(wal, *last, keep_odd, 60);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->index, *last);
  EXPECT_EQ(stats->path, checkpoint_path(tmp.path().string(), *last));
  EXPECT_EQ(stats->series_read, 4u);
  EXPECT_EQ(stats->series_kept, 2u);
  EXPECT_EQ(stats->samples_read, 300u);
  EXPECT_EQ(stats->samples_kept, 80u);  // refs 1 and 3, t 60..99
  EXPECT_EQ(stats->tombstones_read, 4u);
  EXPECT_EQ(stats->tombstones_kept, 1u);  // {1, 0, 10} ends before min_time
  EXPECT_GT(stats->bytes_written, 0u);
  ASSERT_TRUE(wal.truncate_before(*last + 1));

  auto replayed = replay(wal);
  ASSERT_TRUE(replayed) << replayed.error().message;
  ASSERT_EQ(replayed->series.size(), 2u);
  EXPECT_EQ(replayed->series[0], (RefSeries{1, labels_of(1)}));
  EXPECT_EQ(replayed->series[1], (RefSeries{3, labels_of(3)}));
  EXPECT_EQ(samples_of(*replayed, 1), 40u + 10u);  // checkpoint, then the new segment
  EXPECT_EQ(samples_of(*replayed, 2), 10u);
  EXPECT_EQ(samples_of(*replayed, 3), 40u + 10u);
  EXPECT_EQ(replayed->tombstones, (std::vector<RefTombstone>{{3, 90, 200}}));
  for (const RefSample& s : replayed->samples) EXPECT_GE(s.t, 60);

  ASSERT_TRUE(wal.close());
  auto reopened = replay(open_wal(tmp.path()));
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->samples.size(), replayed->samples.size());
}

TEST(Checkpoint, NextCheckpointBuildsOnThePreviousAndDeletesIt) {
  vigil::testing::TempDir tmp;
  Wal wal = open_wal(tmp.path());
  log_series(wal, {1});
  log_samples(wal, {1}, 0, 100);
  uint32_t first = wal.cut_segment().value();
  ASSERT_TRUE(write_checkpoint(wal, first, keep_all, INT64_MIN));
  ASSERT_TRUE(wal.truncate_before(first + 1));

  log_series(wal, {2});
  log_samples(wal, {1, 2}, 100, 200);
  uint32_t second = wal.cut_segment().value();
  auto stats = write_checkpoint(wal, second, keep_all, INT64_MIN);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->samples_kept, 300u);
  ASSERT_TRUE(wal.truncate_before(second + 1));

  auto checkpoints = list_checkpoints(tmp.path().string()).value();
  ASSERT_EQ(checkpoints.size(), 1u);
  EXPECT_EQ(checkpoints[0].index, second);
  auto replayed = replay(wal);
  ASSERT_TRUE(replayed);
  EXPECT_EQ(replayed->series.size(), 2u);
  EXPECT_EQ(samples_of(*replayed, 1), 200u);
  EXPECT_EQ(samples_of(*replayed, 2), 100u);
}

TEST(Checkpoint, RefusesTheCurrentSegmentAndOneAlreadyCovered) {
  vigil::testing::TempDir tmp;
  Wal wal = open_wal(tmp.path());
  log_series(wal, {1});
  auto current = write_checkpoint(wal, wal.current_segment(), keep_all, INT64_MIN);
  ASSERT_FALSE(current);
  EXPECT_EQ(current.error().kind, ErrorKind::invalid_argument);

  uint32_t last = wal.cut_segment().value();
  ASSERT_TRUE(write_checkpoint(wal, last, keep_all, INT64_MIN));
  auto again = write_checkpoint(wal, last, keep_all, INT64_MIN);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("already covers"), std::string::npos) << again.error().message;
}

// A crash after the checkpoint was published but before truncate_before:
// the covered segments are still there and must not be replayed twice.
TEST(Checkpoint, SegmentsLeftBeforeTruncationAreSkippedAndDeletedOnOpen) {
  vigil::testing::TempDir tmp;
  {
    Wal wal = open_wal(tmp.path());
    log_series(wal, {1});
    log_samples(wal, {1}, 0, 100);
    uint32_t last = wal.cut_segment().value();
    log_samples(wal, {1}, 100, 110);
    ASSERT_TRUE(write_checkpoint(wal, last, keep_all, INT64_MIN));
    auto replayed = replay(wal);  // before truncation, in the same process
    ASSERT_TRUE(replayed);
    EXPECT_EQ(samples_of(*replayed, 1), 110u);
  }
  Wal wal = open_wal(tmp.path());
  auto checkpoint = list_checkpoints(tmp.path().string()).value().back().index;
  EXPECT_GT(wal.segments().value().front().index, checkpoint);
  auto replayed = replay(wal);
  ASSERT_TRUE(replayed);
  EXPECT_EQ(replayed->series.size(), 1u);
  EXPECT_EQ(samples_of(*replayed, 1), 110u);
}

// A crash while the checkpoint was being written.
TEST(Checkpoint, UnfinishedTmpDirectoryIsDeletedOnOpen) {
  vigil::testing::TempDir tmp;
  {
    Wal wal = open_wal(tmp.path());
    log_series(wal, {1});
    log_samples(wal, {1}, 0, 10);
  }
  fs::path leftover = tmp.path() / "checkpoint.00000000.tmp";
  fs::create_directories(leftover);
  std::ofstream(leftover / "00000000") << "half a record";
  Wal wal = open_wal(tmp.path());
  EXPECT_FALSE(fs::exists(leftover));
  EXPECT_TRUE(wal.warnings().empty());
  auto replayed = replay(wal);
  ASSERT_TRUE(replayed);
  EXPECT_EQ(samples_of(*replayed, 1), 10u);
}

TEST(Checkpoint, CheckpointWithoutLaterSegmentsStartsTheNextOne) {
  vigil::testing::TempDir tmp;
  uint32_t last = 0;
  {
    Wal wal = open_wal(tmp.path());
    log_series(wal, {1});
    log_samples(wal, {1}, 0, 10);
    last = wal.cut_segment().value();
    ASSERT_TRUE(write_checkpoint(wal, last, keep_all, INT64_MIN));
    ASSERT_TRUE(wal.truncate_before(last + 1));
  }
  fs::remove(segment_path(tmp.path().string(), last + 1));  // empty, as if never created
  Wal wal = open_wal(tmp.path());
  EXPECT_EQ(wal.current_segment(), last + 1);
  auto replayed = replay(wal);
  ASSERT_TRUE(replayed);
  EXPECT_EQ(samples_of(*replayed, 1), 10u);
}

// A bit flip inside a checkpoint: its segments are gone, so refusing to open
// would lose everything. The damaged copy is kept aside and what reads back
// before the damage is replayed, with a warning naming the file.
TEST(Checkpoint, CorruptCheckpointIsMovedAsideAndItsReadablePartKept) {
  vigil::testing::TempDir tmp;
  uint32_t last = 0;
  {
    Wal wal = open_wal(tmp.path());
    log_series(wal, {1, 2});
    log_samples(wal, {1, 2}, 0, 200);
    last = wal.cut_segment().value();
    ASSERT_TRUE(write_checkpoint(wal, last, keep_all, INT64_MIN));
    ASSERT_TRUE(wal.truncate_before(last + 1));
    log_samples(wal, {1, 2}, 200, 210);
  }
  std::string checkpoint = checkpoint_path(tmp.path().string(), last);
  auto files = list_segments(checkpoint).value();
  ASSERT_GE(files.size(), 3u);
  {
    std::fstream f(files[1].path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('\x55');
  }

  auto wal = Wal::open(tmp.path().string(), small_segments());
  ASSERT_TRUE(wal) << wal.error().message;
  ASSERT_EQ(wal->warnings().size(), 1u);
  const std::string& warning = wal->warnings()[0];
  EXPECT_NE(warning.find(files[1].path), std::string::npos) << warning;
  EXPECT_NE(warning.find("checksum mismatch"), std::string::npos) << warning;
  fs::path aside = tmp.path() / ("corrupted-" + fs::path(checkpoint).filename().string());
  EXPECT_NE(warning.find(aside.string()), std::string::npos) << warning;
  EXPECT_TRUE(fs::is_directory(aside));
  EXPECT_TRUE(fs::is_directory(checkpoint));

  auto replayed = replay(*wal);
  ASSERT_TRUE(replayed) << replayed.error().message;
  EXPECT_EQ(replayed->series.size(), 2u);
  size_t kept = samples_of(*replayed, 1);
  EXPECT_GT(kept, 10u);   // the first checkpoint segment and the new segment
  EXPECT_LT(kept, 210u);  // not what followed the damage
  ASSERT_TRUE(wal->close());

  // The repaired checkpoint reads back: no warning the second time.
  auto again = Wal::open(tmp.path().string(), small_segments());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->warnings().empty());
  EXPECT_EQ(samples_of(replay(*again).value(), 1), kept);
}

TEST(Checkpoint, MissingSegmentInsideACheckpointIsCorruption) {
  vigil::testing::TempDir tmp;
  uint32_t last = 0;
  {
    Wal wal = open_wal(tmp.path());
    log_series(wal, {1});
    log_samples(wal, {1}, 0, 300);
    last = wal.cut_segment().value();
    ASSERT_TRUE(write_checkpoint(wal, last, keep_all, INT64_MIN));
  }
  std::string checkpoint = checkpoint_path(tmp.path().string(), last);
  auto files = list_segments(checkpoint).value();
  ASSERT_GE(files.size(), 3u);
  auto read = read_checkpoint(checkpoint, [](RecordType, std::span<const uint8_t>) -> Result<void> { return {}; });
  ASSERT_TRUE(read);
  fs::remove(files[1].path);
  read = read_checkpoint(checkpoint, [](RecordType, std::span<const uint8_t>) -> Result<void> { return {}; });
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, ErrorKind::corruption);
  EXPECT_NE(read.error().message.find(files[1].path), std::string::npos) << read.error().message;

  auto wal = Wal::open(tmp.path().string(), small_segments());
  ASSERT_TRUE(wal) << wal.error().message;
  EXPECT_EQ(wal->warnings().size(), 1u);
  auto replayed = replay(*wal);
  ASSERT_TRUE(replayed);
  EXPECT_EQ(replayed->series.size(), 1u);
}

}  // namespace
}  // namespace vigil::storage::wal
