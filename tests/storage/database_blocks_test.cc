// The database over time: the head cut into blocks, compaction, retention,
// deletes, snapshots and damaged blocks, all seen through the querier.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "storage/database.h"
#include "support/vigil_process.h"

namespace vigil::storage {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kStep = 15 * 1000;
constexpr int kSeries = 10;

DatabaseOptions manual_options() {
  DatabaseOptions options;
  options.maintenance_interval = std::chrono::milliseconds(0);
  options.wal.fsync = wal::WalOptions::Fsync::never;
  return options;
}

LabelSet labels_of(int i) {
  return LabelSet::from({{"__name__", "requests_total"}, {"instance", "host-" + std::to_string(i)}}).value();
}

double value_at(int i, int64_t t) { return static_cast<double>(i * 1000 + t / kStep); }

// Appends every series' sample at each step in [from, to).
void fill(Database& db, int64_t from, int64_t to) {
  for (int64_t t = from; t < to; t += kStep) {
    std::vector<SeriesSamples> batch;
    for (int i = 0; i < kSeries; ++i) batch.push_back({labels_of(i), {{t, value_at(i, t)}}});
    auto out = db.appender().append(batch);
    ASSERT_TRUE(out) << out.error().message;
    ASSERT_EQ(out->rejects.size(), 0u) << out->first_error;
  }
}

std::vector<index::Matcher> all_series() {
  return {index::Matcher::make(index::Matcher::Type::equal, "__name__", "requests_total").value()};
}

// Every series holds exactly the samples of [from, to) at each step.
void expect_range(const Database& db, int64_t from, int64_t to, int64_t query_from = INT64_MIN) {
  auto selected = db.querier(query_from, INT64_MAX).select(all_series());
  ASSERT_TRUE(selected) << selected.error().message;
  ASSERT_EQ(selected->size(), static_cast<size_t>(kSeries));
  for (int i = 0; i < kSeries; ++i) {
    const SeriesData& series = (*selected)[static_cast<size_t>(i)];
    EXPECT_EQ(series.labels, labels_of(i));
    ASSERT_EQ(series.samples.size(), static_cast<size_t>((to - from) / kStep)) << series.labels.to_string();
    for (size_t k = 0; k < series.samples.size(); ++k) {
      const int64_t t = from + static_cast<int64_t>(k) * kStep;
      ASSERT_EQ(series.samples[k].t, t);
      ASSERT_EQ(series.samples[k].v, value_at(i, t));
    }
  }
}

std::vector<std::pair<int64_t, int64_t>> block_ranges(const Database& db) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const auto& b : db.blocks()) out.emplace_back(b->meta().min_time, b->meta().max_time);
  return out;
}

TEST(DatabaseBlocks, CutsTheHeadOnceItSpansOneAndAHalfRanges) {
  vigil::testing::TempDir dir;
  auto db = Database::open(dir.path().string(), manual_options());
  ASSERT_TRUE(db) << db.error().message;
  fill(**db, 0, 2 * kHour);
  ASSERT_TRUE((*db)->maintain());
  EXPECT_TRUE((*db)->blocks().empty());
  fill(**db, 2 * kHour, 4 * kHour);
  ASSERT_TRUE((*db)->maintain());
  EXPECT_EQ(block_ranges(**db), (std::vector<std::pair<int64_t, int64_t>>{{0, 2 * kHour}}));
  expect_range(**db, 0, 4 * kHour);
  // The cut range is closed to new samples.
  auto late = (*db)->appender().append(std::vector<SeriesSamples>{{labels_of(0), {{kHour, 1}}}});
  ASSERT_TRUE(late);
  ASSERT_EQ(late->rejects.size(), 1u);
  EXPECT_EQ(late->rejects[0].reason, RejectReason::out_of_bounds);
}

TEST(DatabaseBlocks, ReopenSeesBlocksAndCheckpointedWal) {
  vigil::testing::TempDir dir;
  {
    auto db = Database::open(dir.path().string(), manual_options());
    ASSERT_TRUE(db);
    fill(**db, 0, 5 * kHour);
    ASSERT_TRUE((*db)->maintain());
    ASSERT_EQ((*db)->blocks().size(), 1u);
    fill(**db, 5 * kHour, 6 * kHour);
    ASSERT_TRUE((*db)->close());
  }
  auto db = Database::open(dir.path().string(), manual_options());
  ASSERT_TRUE(db) << db.error().message;
  expect_range(**db, 0, 6 * kHour);
  EXPECT_LT((*db)->replay_stats().samples, static_cast<uint64_t>(kSeries * 6 * kHour / kStep));
}

TEST(DatabaseBlocks, CompactsCompletedWindows) {
  vigil::testing::TempDir dir;
  auto db = Database::open(dir.path().string(), manual_options());
  ASSERT_TRUE(db);
  for (int64_t h = 0; h < 10; h += 1) {
    fill(**db, h * kHour, (h + 1) * kHour);
    ASSERT_TRUE((*db)->maintain());
  }
  EXPECT_EQ(block_ranges(**db), (std::vector<std::pair<int64_t, int64_t>>{{0, 6 * kHour}, {6 * kHour, 8 * kHour}}));
  EXPECT_EQ((*db)->blocks().front()->meta().level, 2u);
  expect_range(**db, 0, 10 * kHour);
}

TEST(DatabaseBlocks, RetentionByTimeDropsOldBlocks) {
  vigil::testing::TempDir dir;
  auto options = manual_options();
  options.retention_time_ms = 5 * kHour;
  auto db = Database::open(dir.path().string(), options);
  ASSERT_TRUE(db);
  for (int64_t h = 0; h < 10; h += 1) {
    fill(**db, h * kHour, (h + 1) * kHour);
    ASSERT_TRUE((*db)->maintain());
  }
  // Newest 10h - 5h: blocks ending by 5h go; [4h, 6h) is kept whole.
  for (const auto& b : (*db)->blocks()) EXPECT_GT(b->meta().max_time, 5 * kHour);
  expect_range(**db, (*db)->blocks().front()->meta().min_time, 10 * kHour);
}

TEST(DatabaseBlocks, RetentionBySizeDropsOldestBlocks) {
  vigil::testing::TempDir dir;
  auto options = manual_options();
  auto db = Database::open(dir.path().string(), options);
  ASSERT_TRUE(db);
  fill(**db, 0, 10 * kHour);
  ASSERT_TRUE((*db)->maintain());
  const size_t before = (*db)->blocks().size();
  ASSERT_GE(before, 2u);
  (*db).reset();
  options.retention_bytes = 1;  // below anything: every block goes
  db = Database::open(dir.path().string(), options);
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->maintain());
  EXPECT_TRUE((*db)->blocks().empty());
  EXPECT_FALSE(fs::exists(dir.path() / "blocks" / "x"));
}

TEST(DatabaseBlocks, DeleteSeriesInBlocksAndHeadSurvivesReopenAndClean) {
  vigil::testing::TempDir dir;
  auto victim = index::Matcher::make(index::Matcher::Type::equal, "instance", "host-3").value();
  {
    auto db = Database::open(dir.path().string(), manual_options());
    ASSERT_TRUE(db);
    fill(**db, 0, 5 * kHour);
    ASSERT_TRUE((*db)->maintain());
    ASSERT_EQ((*db)->blocks().size(), 1u);
    auto deleted = (*db)->delete_series(std::vector{victim}, kHour, 3 * kHour - 1);
    ASSERT_TRUE(deleted) << deleted.error().message;
    EXPECT_EQ(deleted->block_series, 1u);
    EXPECT_EQ(deleted->head_series, 1u);
    ASSERT_TRUE((*db)->close());
  }
  auto check = [&](const Database& db) {
    auto selected = db.querier(INT64_MIN, INT64_MAX).select(std::vector{victim});
    ASSERT_TRUE(selected);
    ASSERT_EQ(selected->size(), 1u);
    for (const auto& s : (*selected)[0].samples) EXPECT_TRUE(s.t < kHour || s.t >= 3 * kHour) << s.t;
    EXPECT_EQ((*selected)[0].samples.size(), static_cast<size_t>(3 * kHour / kStep));
  };
  auto db = Database::open(dir.path().string(), manual_options());
  ASSERT_TRUE(db) << db.error().message;
  check(**db);
  ASSERT_TRUE((*db)->blocks().front()->has_tombstones());
  ASSERT_TRUE((*db)->clean_tombstones());
  EXPECT_FALSE((*db)->blocks().front()->has_tombstones());
  check(**db);
}

TEST(DatabaseBlocks, SnapshotLinksBlocksAndWritesTheHead) {
  vigil::testing::TempDir dir;
  auto db = Database::open(dir.path().string(), manual_options());
  ASSERT_TRUE(db);
  fill(**db, 0, 5 * kHour);
  ASSERT_TRUE((*db)->maintain());
  auto name = (*db)->snapshot(/*skip_head=*/false);
  ASSERT_TRUE(name) << name.error().message;
  const fs::path snapshot = dir.path() / "snapshots" / *name;
  uint64_t samples = 0;
  size_t blocks = 0;
  for (const auto& entry : fs::directory_iterator(snapshot)) {
    auto b = block::Block::open(entry.path().string());
    ASSERT_TRUE(b) << b.error().message;
    samples += (*b)->meta().num_samples;
    ++blocks;
  }
  EXPECT_EQ(blocks, 2u);
  EXPECT_EQ(samples, static_cast<uint64_t>(kSeries * 5 * kHour / kStep));
  auto skipped = (*db)->snapshot(/*skip_head=*/true);
  ASSERT_TRUE(skipped);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path() / "snapshots" / *skipped), fs::directory_iterator()), 1);
}

TEST(DatabaseBlocks, CorruptBlockIsQuarantinedAndTheRestStaysReadable) {
  vigil::testing::TempDir dir;
  std::string corrupted_ulid;
  {
    auto db = Database::open(dir.path().string(), manual_options());
    ASSERT_TRUE(db);
    fill(**db, 0, 7 * kHour);
    ASSERT_TRUE((*db)->maintain());
    ASSERT_EQ((*db)->blocks().size(), 2u);
    corrupted_ulid = (*db)->blocks().front()->meta().ulid;
    ASSERT_TRUE((*db)->close());
  }
  const fs::path chunks = dir.path() / "blocks" / corrupted_ulid / "chunks";
  {
    std::fstream file(chunks, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(static_cast<std::streamoff>(fs::file_size(chunks) / 2));
    char c = 0;
    file.read(&c, 1);
    file.seekp(static_cast<std::streamoff>(fs::file_size(chunks) / 2));
    c = static_cast<char>(c ^ 0x10);
    file.write(&c, 1);
  }
  auto db = Database::open(dir.path().string(), manual_options());
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_EQ((*db)->warnings().size(), 1u);
  EXPECT_NE((*db)->warnings()[0].find(corrupted_ulid), std::string::npos) << (*db)->warnings()[0];
  EXPECT_TRUE(fs::exists(dir.path() / "corrupted" / corrupted_ulid));
  ASSERT_EQ((*db)->blocks().size(), 1u);
  expect_range(**db, 2 * kHour, 7 * kHour, 2 * kHour);
}

TEST(DatabaseBlocks, FlushHeadWritesEverything) {
  vigil::testing::TempDir dir;
  auto db = Database::open(dir.path().string(), manual_options());
  ASSERT_TRUE(db);
  fill(**db, 0, 3 * kHour);
  ASSERT_TRUE((*db)->flush_head());
  EXPECT_EQ((*db)->head().num_series(), 0u);
  uint64_t samples = 0;
  for (const auto& b : (*db)->blocks()) samples += b->meta().num_samples;
  EXPECT_EQ(samples, static_cast<uint64_t>(kSeries * 3 * kHour / kStep));
  expect_range(**db, 0, 3 * kHour);
}

}  // namespace
}  // namespace vigil::storage
