#pragma once
// The failure texts of `promtool test rules` (Prometheus 2.42), which
// `vigil test rules` prints so that its reports read the same: expected and
// got alerts as indented lists, samples as `{labels} value` with the value
// in Go's %E form, times as Prometheus durations.

#include <cstdint>
#include <string>
#include <vector>

#include "core/duration.h"
#include "storage/labels/label_set.h"

namespace vigil::rules {

struct AlertText {
  std::vector<storage::Label> labels;       // alertname included, sorted by name
  std::vector<storage::Label> annotations;  // sorted by name
  friend auto operator<=>(const AlertText&, const AlertText&) = default;
};

struct SampleText {
  storage::LabelSet labels;
  double value = 0;
};

// An alert test whose firing alerts differ from the expected ones.
std::string alert_mismatch(const std::string& test_name, const std::string& alertname, Duration eval_time,
                           const std::vector<AlertText>& expected, const std::vector<AlertText>& got);

// A PromQL test whose result differs from the expected samples.
std::string sample_mismatch(const std::string& expr, Duration eval_time, const std::vector<SampleText>& expected,
                            const std::vector<SampleText>& got);

// A PromQL test whose query failed.
std::string query_failure(const std::string& expr, Duration eval_time, const std::string& error);

// A rule whose evaluation failed at `time_ms` (which ends the test).
std::string rule_failure(const std::string& rule, int64_t time_ms, const std::string& error);

}  // namespace vigil::rules
