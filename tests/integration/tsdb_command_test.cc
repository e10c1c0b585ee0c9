// `vigil tsdb analyze` and `vigil tsdb dump` on a storage directory written
// by this process.

#include <gtest/gtest.h>
#include <signal.h>

#include <cmath>
#include <limits>

#include "integration/stored_data.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

constexpr int64_t kT0 = 1'700'000'000'000;  // 2023-11-14T22:13:20Z, in the block ending at midnight
constexpr int64_t kT1 = 1'700'006'460'000;  // 2023-11-15T00:01:00Z, after it: the head takes it

class TsdbCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    // Two series in a block; in the head, one of them goes on and a new one starts.
    store(data_,
          {make_series({{"__name__", "up"}, {"job", "a"}}, {{kT0, 1}, {kT0 + 1000, 0}}),
           make_series({{"__name__", "up"}, {"job", "b"}}, {{kT0, 1.5}})},
          true);
    store(data_,
          {make_series({{"__name__", "up"}, {"job", "a"}}, {{kT1, 1}}),
           make_series({{"__name__", "http_requests_total"}, {"code", "200"}, {"job", "a"}},
                       {{kT1, 1e6}, {kT1 + 1000, 0.005}})},
          false);
  }

  TempDir dir_;
  std::string data_ = (dir_.path() / "data").string();
};

TEST_F(TsdbCommand, DumpPrintsEverySampleAsPromtoolDoes) {
  auto result = run_vigil({"tsdb", "dump", data_});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "{__name__=\"http_requests_total\", code=\"200\", job=\"a\"} 1e+06 1700006460000\n"
            "{__name__=\"http_requests_total\", code=\"200\", job=\"a\"} 0.005 1700006461000\n"
            "{__name__=\"up\", job=\"a\"} 1 1700000000000\n"
            "{__name__=\"up\", job=\"a\"} 0 1700000001000\n"
            "{__name__=\"up\", job=\"a\"} 1 1700006460000\n"
            "{__name__=\"up\", job=\"b\"} 1.5 1700000000000\n");
}

TEST_F(TsdbCommand, DumpSelectorsAndTimeRange) {
  auto result = run_vigil({"tsdb", "dump", data_, "--min-time", "1700000001000", "--max-time", "2023-11-15T00:01:00Z",
                           R"(up{job="a"})", R"({job=~"a|b", __name__="up"})"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "{__name__=\"up\", job=\"a\"} 0 1700000001000\n"
            "{__name__=\"up\", job=\"a\"} 1 1700006460000\n");
}

TEST_F(TsdbCommand, DumpWritesSpecialValuesAsPrometheus) {
  TempDir other;
  const std::string data = (other.path() / "data").string();
  store(data,
        {make_series({{"__name__", "v"}}, {{1, std::numeric_limits<double>::quiet_NaN()},
                                           {2, std::numeric_limits<double>::infinity()},
                                           {3, -std::numeric_limits<double>::infinity()},
                                           {4, 0.1},
                                           {5, 1234567.0},
                                           {6, -2e-7}})},
        false);
  auto result = run_vigil({"tsdb", "dump", data});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "{__name__=\"v\"} NaN 1\n{__name__=\"v\"} +Inf 2\n{__name__=\"v\"} -Inf 3\n"
            "{__name__=\"v\"} 0.1 4\n{__name__=\"v\"} 1.234567e+06 5\n{__name__=\"v\"} -2e-07 6\n");
}

TEST_F(TsdbCommand, DumpRejectsABadSelectorOrTime) {
  auto bad = run_vigil({"tsdb", "dump", data_, "up{job=}"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("1:8: unexpected \"}\" in label matching, expected string"), std::string::npos) << bad.err;
  auto time = run_vigil({"tsdb", "dump", data_, "--min-time", "soon"});
  EXPECT_EQ(time.exit_code, 2);
  EXPECT_NE(time.err.find("--min-time"), std::string::npos) << time.err;
}

TEST_F(TsdbCommand, AnalyzeReportsBlocksHeadCardinalityAndChurn) {
  auto result = run_vigil({"tsdb", "analyze", data_, "--limit", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string& out = result.out;
  for (const char* expected : {
           "Blocks: 1\n",
           "Head: 2 series, 3 samples, 2023-11-15T00:01:00.000Z to 2023-11-15T00:01:01.000Z\n",
           "Total: 3 series, 6 samples\n",
           "1 series start after the first range, 1 end before the last\n",
           "Highest cardinality labels (distinct values):\n         2 __name__\n         2 job\n",
           "Label pairs with most series:\n         2 __name__=\"up\"\n         2 job=\"a\"\n",
           "Metric names with most series:\n         2 up\n         1 http_requests_total\n",
       }) {
    EXPECT_NE(out.find(expected), std::string::npos) << "missing: " << expected << "\nin:\n" << out;
  }
  EXPECT_NE(out.find("bytes per sample overall"), std::string::npos) << out;
}

TEST_F(TsdbCommand, LeavesTheDataAsItWas) {
  ASSERT_EQ(run_vigil({"tsdb", "analyze", data_}).exit_code, 0);
  ASSERT_EQ(run_vigil({"tsdb", "dump", data_}).exit_code, 0);
  auto all = read_all(data_);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].samples.size(), 3u);
}

TEST_F(TsdbCommand, RefusesWhileAServerRunsOnTheDirectory) {
  VigilProcess vigil({}, {}, data_);
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  for (const char* command : {"analyze", "dump"}) {
    auto result = run_vigil({"tsdb", command, data_});
    EXPECT_EQ(result.exit_code, 1) << command;
    EXPECT_NE(result.err.find("is in use by another vigil process"), std::string::npos) << result.err;
  }
  EXPECT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
}

TEST(TsdbCommandErrors, MissingDirectoryIsNotCreated) {
  TempDir dir;
  const std::string missing = (dir.path() / "nothing").string();
  auto result = run_vigil({"tsdb", "analyze", missing});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find(missing + ": no such storage directory"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(missing));
}

}  // namespace
}  // namespace vigil::testing
