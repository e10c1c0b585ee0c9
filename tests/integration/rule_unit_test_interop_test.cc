// `vigil test rules` against Prometheus 2.42's `promtool test rules`: every
// test file under tests/rules/testdata/unit/ passes or fails alike in both
// (and as its name says: pass_* or fail_*). Skipped without promtool.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

std::vector<std::filesystem::path> test_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(VIGIL_RULE_UNIT_TESTDATA_DIR)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".yml") && !name.ends_with(".rules.yml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Without promtool: the command's exit codes and the report's shape.
TEST(RuleUnitTestCli, ExitCodesAndReport) {
  const std::string dir = VIGIL_RULE_UNIT_TESTDATA_DIR;
  auto passing = run_vigil({"test", "rules", dir + "/pass_alerts.yml", dir + "/pass_promql.yml"});
  EXPECT_EQ(passing.exit_code, 0) << passing.err;
  EXPECT_EQ(passing.out, "Unit Testing:  " + dir + "/pass_alerts.yml\n  SUCCESS\n\nUnit Testing:  " + dir +
                             "/pass_promql.yml\n  SUCCESS\n\n");
  auto failing = run_vigil({"test", "rules", dir + "/fail_wrong_value.yml", dir + "/pass_alerts.yml"});
  EXPECT_EQ(failing.exit_code, 1);
  EXPECT_TRUE(failing.err.starts_with("  FAILED:\n    expr: \"job:up:sum\", time: 2m,\n")) << failing.err;
  EXPECT_NE(failing.out.find("pass_alerts.yml\n  SUCCESS"), std::string::npos) << failing.out;
  auto missing = run_vigil({"test", "rules", dir + "/no-such-file.yml"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot read the rule test file"), std::string::npos) << missing.err;
  EXPECT_EQ(run_vigil({"test", "rules"}).exit_code, 2);  // no file: a usage error
}

TEST(RuleUnitTestInterop, SamePassOrFailAsPromtool) {
  auto promtool = find_program("promtool");
  if (!promtool) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  const auto files = test_files();
  ASSERT_GT(files.size(), 10U);
  for (const auto& file : files) {
    const std::string name = file.filename().string();
    // Both resolve rule files against the test file's directory.
    auto theirs = run_program({*promtool, "test", "rules", file.string()});
    auto ours = run_vigil({"test", "rules", file.string()});
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << name << "\npromtool:\n"
                                                << theirs.out << theirs.err << "\nvigil:\n"
                                                << ours.out << ours.err;
    EXPECT_EQ(ours.exit_code, name.starts_with("pass_") ? 0 : 1) << name << "\n" << ours.out << ours.err;
  }
}

// Files whose report words a problem in Vigil's own way: a rule file's
// position ("file:line" where Prometheus writes "file: line:col"), and the
// test file's own problems, which Vigil reports with file:line.
constexpr const char* kOwnWording[] = {"fail_bad_rule_file.yml", "fail_bad_series.yml", "fail_unknown_field.yml"};

// Every other report reads as promtool's, byte for byte: headings, alert
// and sample mismatches, query and rule evaluation errors.
TEST(RuleUnitTestInterop, ReportTextMatchesPromtool) {
  auto promtool = find_program("promtool");
  if (!promtool) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  for (const auto& file : test_files()) {
    const std::string name = file.filename().string();
    if (std::ranges::find(kOwnWording, name) != std::end(kOwnWording)) continue;
    auto theirs = run_program({*promtool, "test", "rules", file.string()});
    auto ours = run_vigil({"test", "rules", file.string()});
    EXPECT_EQ(ours.out, theirs.out) << name;
    EXPECT_EQ(ours.err, theirs.err) << name;
  }
}

}  // namespace
}  // namespace vigil::testing
