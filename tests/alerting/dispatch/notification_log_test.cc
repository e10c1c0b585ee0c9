#include "alerting/dispatch/notification_log.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace vigil::alerting {
namespace {

class NotificationLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vigil-nflog-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "nflog").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::string path_;
};

TimePoint at(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

TEST_F(NotificationLogTest, EntriesSurviveAReopenAndTheLastOneWins) {
  const std::string key = notification_log_key("{}:{a=\"\t%\n\"}", "team", "webhook[0]");
  {
    auto log = NotificationLog::open(path_, std::chrono::hours(1));
    ASSERT_TRUE(log) << log.error().message;
    ASSERT_TRUE((*log)->log(key, {{1, 2}, {}, at(1000), {}}));
    ASSERT_TRUE((*log)->log(key, {{2}, {1}, at(2000), {}}));
  }
  auto log = NotificationLog::open(path_, std::chrono::hours(1));
  ASSERT_TRUE(log) << log.error().message;
  auto entry = (*log)->query(key);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->firing, (std::set<uint64_t>{2}));
  EXPECT_EQ(entry->resolved, (std::set<uint64_t>{1}));
  EXPECT_EQ(entry->sent_at, at(2000));
  EXPECT_EQ(entry->expires_at, at(2000) + std::chrono::hours(1));
  (*log)->collect(at(2000) + std::chrono::hours(2));
  EXPECT_FALSE((*log)->query(key));
}

TEST_F(NotificationLogTest, ATornLastLineIsDroppedAndOtherDamageIsAnError) {
  std::ofstream(path_) << "k\t1000\t3601000\ta\t\nk2\t10";
  auto log = NotificationLog::open(path_, std::chrono::hours(1));
  ASSERT_TRUE(log) << log.error().message;
  EXPECT_TRUE((*log)->query("k"));
  EXPECT_FALSE((*log)->query("k2"));

  std::ofstream(path_) << "k\t1000\t3601000\ta\t\nnot an entry\nk2\t1\t2\t\t\n";
  auto damaged = NotificationLog::open(path_, std::chrono::hours(1));
  ASSERT_FALSE(damaged);
  EXPECT_EQ(damaged.error().message, path_ + ":2: not a notification log entry");
}

// Found by fuzz_notification_log: milliseconds that overflow a nanosecond time
// point were converted anyway (undefined behaviour); such a line is damage.
TEST_F(NotificationLogTest, ATimeBeyondTheClocksRangeIsDamage) {
  std::ofstream(path_) << "k\t10088888888801300\t60\ta,b\t\nk2\t1\t2\t\t\n";
  auto damaged = NotificationLog::open(path_, std::chrono::hours(1));
  ASSERT_FALSE(damaged);
  EXPECT_EQ(damaged.error().message, path_ + ":1: not a notification log entry");
}

}  // namespace
}  // namespace vigil::alerting
