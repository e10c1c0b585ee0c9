#pragma once
// `vigil test rules FILE`: one rule unit-test file read, its rule files
// found and loaded, and each of its tests run, with the outcome in the words
// of Prometheus 2.42's `promtool test rules`.

#include <string>
#include <vector>

namespace vigil::rules {

struct RuleUnitTestReport {
  std::vector<std::string> warnings;  // rule file patterns that matched no file
  // Every failure: a file that cannot be read or is invalid, a rule file
  // that does not load, a failed rule evaluation, a test whose result
  // differs. Each may span lines.
  std::vector<std::string> failures;
  bool passed() const { return failures.empty(); }
};

RuleUnitTestReport run_rule_unit_test(const std::string& path);

}  // namespace vigil::rules
