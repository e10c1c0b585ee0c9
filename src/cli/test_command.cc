#include <cstdio>
#include <string_view>

#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "rules/rule_unit_test.h"

namespace vigil::cli {
namespace {

// Written at once, so that the report interleaves with stderr as promtool's
// (unbuffered) does when both go to one file.
void print_out(std::string_view text) {
  fmt::print("{}", text);
  std::fflush(stdout);
}

}  // namespace

int run_test_rules(const std::vector<std::string>& files) {
  // promtool's report: the heading and the blank lines on stdout, warnings
  // and failures on stderr.
  bool all_passed = true;
  for (const auto& file : files) {
    print_out(fmt::format("Unit Testing:  {}\n", file));
    const rules::RuleUnitTestReport report = rules::run_rule_unit_test(file);
    for (const auto& warning : report.warnings) fmt::print(stderr, "  WARNING: {}\n", warning);
    if (report.passed()) {
      print_out("  SUCCESS\n\n");
      continue;
    }
    all_passed = false;
    fmt::print(stderr, "  FAILED:\n");
    for (const auto& failure : report.failures) {
      fmt::print(stderr, "{}\n", failure);
      print_out("\n");
    }
    print_out("\n");
  }
  return all_passed ? kExitOk : kExitTestsFailed;
}

}  // namespace vigil::cli
