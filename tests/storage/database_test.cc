// The database across restarts: what was acknowledged is there after reopening.

#include "storage/database.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/vigil_process.h"

namespace vigil::storage {
namespace {

SeriesSamples series(const std::string& job, std::vector<Sample> samples) {
  return {LabelSet::from({{"__name__", "up"}, {"job", job}}).value(), std::move(samples)};
}

TEST(Database, AcknowledgedSamplesSurviveReopen) {
  vigil::testing::TempDir dir;
  uint64_t ref_a;
  {
    auto db = Database::open(dir.path().string());
    ASSERT_TRUE(db) << db.error().message;
    for (int round = 0; round < 10; ++round) {
      std::vector<SeriesSamples> batch;
      for (int j = 0; j < 20; ++j) {
        batch.push_back(series("job" + std::to_string(j), {{round * 1000, round + j + 0.5}}));
      }
      auto out = (*db)->appender().append(batch);
      ASSERT_TRUE(out) << out.error().message;
      ASSERT_EQ(out->appended, 20u);
    }
    ref_a = (*db)->head().find(series("job3", {}).labels)->ref();
    ASSERT_TRUE((*db)->close());
  }
  auto db = Database::open(dir.path().string());
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ((*db)->replay_stats().series, 20u);
  EXPECT_EQ((*db)->replay_stats().samples, 200u);
  EXPECT_EQ((*db)->head().num_series(), 20u);
  EXPECT_EQ((*db)->head().find(series("job3", {}).labels)->ref(), ref_a);
  auto samples = (*db)->head().samples(ref_a, INT64_MIN, INT64_MAX);
  ASSERT_EQ(samples.size(), 10u);
  EXPECT_EQ(samples[9].t, 9000);
  EXPECT_EQ(samples[9].v, 12.5);
  // New series after a restart get refs that do not collide with replayed ones.
  ASSERT_TRUE((*db)->appender().append(std::vector{series("new", {{1, 1}})}));
  EXPECT_GT((*db)->head().find(series("new", {}).labels)->ref(), 20u);
}

TEST(Database, TornWalTailIsRepairedAndReported) {
  vigil::testing::TempDir dir;
  {
    auto db = Database::open(dir.path().string(), {.head = {}, .wal = {.fsync = wal::WalOptions::Fsync::always}});
    ASSERT_TRUE(db);
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE((*db)->appender().append(std::vector{series("a", {{i, 1.0 * i}})}));
    }
  }
  auto segment = dir.path() / "wal" / "00000000";
  ASSERT_TRUE(std::filesystem::exists(segment));
  std::filesystem::resize_file(segment, std::filesystem::file_size(segment) - 3);  // a torn last write
  auto db = Database::open(dir.path().string());
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_FALSE((*db)->warnings().empty());
  EXPECT_EQ((*db)->replay_stats().samples, 4u);  // the torn fifth is gone, the rest is intact
  ASSERT_TRUE((*db)->appender().append(std::vector{series("a", {{10, 10}})}));
}

}  // namespace
}  // namespace vigil::storage
