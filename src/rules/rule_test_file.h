#pragma once
// A rule unit-test file in the format of Prometheus 2.42's `promtool test
// rules`: rule files to load, input series in series notation, and the
// alerts and PromQL results expected at given times. Reading checks what can
// be checked without evaluating (keys, durations, series notation, the
// labels of expected samples) and reports every problem as
// "<file>:<line>: <what>".

#include <string>
#include <string_view>
#include <vector>

#include "core/duration.h"
#include "core/error.h"
#include "promql/series_notation.h"
#include "storage/labels/label_set.h"

namespace vigil::rules {

struct InputSeries {
  storage::LabelSet labels;
  std::vector<promql::SequenceValue> values;  // numbers (maybe stale) and omitted slots
};

struct ExpectedAlert {
  std::vector<storage::Label> labels;  // without alertname, sorted by name
  std::vector<storage::Label> annotations;
};

struct AlertTestCase {
  Duration eval_time{0};
  std::string alertname;
  std::vector<ExpectedAlert> alerts;  // the firing ones; empty: none fires
};

struct ExpectedSample {
  storage::LabelSet labels;
  double value = 0;
};

struct PromqlTestCase {
  std::string expr;
  Duration eval_time{0};
  std::vector<ExpectedSample> samples;
};

struct RuleTestGroup {
  std::string name;
  Duration interval{0};  // the input series' step; the file's evaluation_interval when absent or zero
  std::vector<InputSeries> input_series;
  std::vector<AlertTestCase> alert_tests;
  std::vector<PromqlTestCase> promql_tests;
  storage::LabelSet external_labels;
  std::string external_url;
};

struct RuleTestFile {
  std::string path;
  std::vector<std::string> rule_files;  // as written: relative to the file's directory, globs allowed
  Duration evaluation_interval{60'000};
  std::vector<std::string> group_eval_order;
  std::vector<RuleTestGroup> tests;
};

// Parses the text of a test file; `path` names it in errors. An invalid file
// is an ErrorKind::invalid_config error listing every problem, one per line.
Result<RuleTestFile> parse_rule_test_file(std::string_view text, std::string_view path);

}  // namespace vigil::rules
