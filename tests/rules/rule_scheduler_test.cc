#include "rules/rule_scheduler.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "rule_test_support.h"

namespace vigil::rules {
namespace {

using namespace std::chrono_literals;

class RuleSchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vigil-rule-scheduler-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    const int64_t now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    fixture_.data.add({{"__name__", "x"}, {"job", "a"}}, {{now - 1000, 2}, {now + 3'600'000, 2}});
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  RuleSchedulerOptions options() const {
    RuleSchedulerOptions o;
    o.defaults.interval_ms = 50;
    return o;
  }

  template <class Predicate>
  static bool eventually(Predicate predicate) {
    for (int i = 0; i < 200; ++i) {
      if (predicate()) return true;
      std::this_thread::sleep_for(10ms);
    }
    return predicate();
  }

  std::filesystem::path dir_;
  testing::EngineFixture fixture_;
  testing::RecordingAppender appender_;
  log::Logger logger_{"test", nullptr, log::Level::error, nullptr};
};

const char* kRules = R"(groups:
- name: g
  rules:
  - alert: XHigh
    expr: x > 1
    for: 1h
)";

TEST_F(RuleSchedulerTest, RunsGroupsOnTheirIntervalAndKeepsStateAcrossAReload) {
  const std::string file = write("a.yml", kRules);
  RuleScheduler scheduler(fixture_.engine, fixture_.data, appender_, nullptr, options(), logger_);
  ASSERT_TRUE(scheduler.load({(dir_ / "*.yml").string()}));
  ASSERT_EQ(scheduler.groups().size(), 1U);
  auto alerts_of = [&] {
    return dynamic_cast<const AlertingRuleEvaluator&>(*scheduler.groups().at(0)->rules().at(0)).alerts();
  };
  ASSERT_TRUE(eventually([&] { return alerts_of().size() == 1; }));
  const int64_t active_at = alerts_of()[0].active_at_ms;

  write("a.yml", std::string(kRules) + "    labels: {}\n");  // the same rule, reloaded
  ASSERT_TRUE(scheduler.load({(dir_ / "*.yml").string()}));
  ASSERT_EQ(alerts_of().size(), 1U);
  EXPECT_EQ(alerts_of()[0].active_at_ms, active_at);
}

TEST_F(RuleSchedulerTest, ABadFileKeepsTheRunningGroups) {
  write("a.yml", kRules);
  RuleScheduler scheduler(fixture_.engine, fixture_.data, appender_, nullptr, options(), logger_);
  ASSERT_TRUE(scheduler.load({(dir_ / "*.yml").string()}));
  write("b.yml", "groups:\n- name: h\n  rules:\n  - record: r\n    expr: sum(\n");
  auto reloaded = scheduler.load({(dir_ / "*.yml").string()});
  ASSERT_FALSE(reloaded);
  EXPECT_NE(reloaded.error().message.find("b.yml:5:"), std::string::npos) << reloaded.error().message;
  ASSERT_EQ(scheduler.groups().size(), 1U);
  EXPECT_EQ(scheduler.groups()[0]->name(), "g");
}

TEST_F(RuleSchedulerTest, RemovedGroupsAndAStopEndTheirSeries) {
  write("a.yml", "groups:\n- name: g\n  rules:\n  - record: r\n    expr: x\n");
  {
    RuleScheduler scheduler(fixture_.engine, fixture_.data, appender_, nullptr, options(), logger_);
    ASSERT_TRUE(scheduler.load({(dir_ / "*.yml").string()}));
    ASSERT_TRUE(eventually([&] { return scheduler.groups()[0]->last_evaluation_ms() != 0; }));
  }
  const auto& written = appender_.written.at(R"(r{job="a"})");
  ASSERT_GE(written.size(), 2U);
  EXPECT_TRUE(storage::is_stale_nan(written.back().v));
}

TEST(LoadRuleFiles, APatternMatchingNothingIsNotAnError) {
  auto files = load_rule_files({"/nonexistent/dir/*.yml"});
  ASSERT_TRUE(files);
  EXPECT_TRUE(files->empty());
}

}  // namespace
}  // namespace vigil::rules
