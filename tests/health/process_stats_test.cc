#include "health/process_stats.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace vigil::health {
namespace {

// A real /proc/<pid>/stat line whose command name contains ") (" and spaces.
constexpr std::string_view kStat =
    "4242 (evil) (name x) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 150 0 0 20 0 7 0 "
    "5000 104857600 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

constexpr std::string_view kLimits =
    "Limit                     Soft Limit           Hard Limit           Units     \n"
    "Max cpu time              unlimited            unlimited            seconds   \n"
    "Max open files            1024                 1048576              files     \n"
    "Max address space         unlimited            unlimited            bytes     \n";

TEST(ProcStat, ParsesFieldsAfterTheCommandName) {
  ProcUnits units{100, 4096, 1'700'000'000};
  ProcessStats stats;
  ASSERT_TRUE(parse_proc_stat(kStat, units, stats));
  EXPECT_DOUBLE_EQ(stats.cpu_seconds, 4.0);  // (250 + 150) ticks / 100
  EXPECT_EQ(stats.threads, 7u);
  EXPECT_DOUBLE_EQ(stats.start_time_seconds, 1'700'000'050.0);
  EXPECT_EQ(stats.virtual_bytes, 104857600u);
  EXPECT_EQ(stats.resident_bytes, 2560u * 4096);
}

TEST(ProcStat, RejectsTruncatedContent) {
  ProcessStats stats;
  EXPECT_FALSE(parse_proc_stat("4242 (x) S 1 2 3", ProcUnits{}, stats));
  EXPECT_FALSE(parse_proc_stat("no parenthesis", ProcUnits{}, stats));
  EXPECT_FALSE(parse_proc_stat("", ProcUnits{}, stats));
}

TEST(ProcLimits, ParsesSoftLimitsAndUnlimited) {
  ProcessStats stats;
  ASSERT_TRUE(parse_proc_limits(kLimits, stats));
  EXPECT_DOUBLE_EQ(stats.max_fds, 1024);
  EXPECT_DOUBLE_EQ(stats.max_virtual_bytes, 18446744073709551616.0);
  EXPECT_FALSE(parse_proc_limits("Max open files   lots\n", stats));
}

TEST(ProcStat, BootTime) {
  EXPECT_EQ(parse_boot_time("cpu  1 2 3\nbtime 1700000000\nprocesses 5\n").value(), 1700000000.0);
  EXPECT_FALSE(parse_boot_time("cpu 1\n"));
}

TEST(ProcessStats, ReadsThisProcess) {
  auto units = read_proc_units();
  ASSERT_TRUE(units) << units.error().message;
  auto stats = read_process_stats("/proc/self", *units);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_GT(stats->resident_bytes, 0u);
  EXPECT_GE(stats->threads, 1u);
  EXPECT_GE(stats->open_fds, 3u);
  EXPECT_GT(stats->start_time_seconds, 1.6e9);
  EXPECT_FALSE(read_process_stats("/proc/does-not-exist", *units));
}

}  // namespace
}  // namespace vigil::health
