#pragma once
// One test of a rule unit-test file run as Prometheus 2.42's promtool runs
// it: the input series written into an in-memory head as time reaches them,
// every rule group evaluated at each evaluation interval from 0 to the
// latest eval_time (in group_eval_order; groups it does not name come
// first), alerting rules counted as restored so ALERTS series are written
// from the start; alert tests compare the firing alerts after the
// evaluation at or just before their eval_time, PromQL tests query the
// final storage.

#include <string>
#include <vector>

#include "core/duration.h"
#include "rules/rule_file.h"
#include "rules/rule_test_file.h"

namespace vigil::rules {

struct RuleTestSettings {
  Duration evaluation_interval{60'000};
  std::vector<std::string> group_eval_order;
};

// The test's failures as promtool words them, none when it passed. A rule
// that fails to evaluate ends the test there.
std::vector<std::string> run_rule_test(const RuleTestGroup& test, const std::vector<RuleFile>& rule_files,
                                       const RuleTestSettings& settings);

}  // namespace vigil::rules
