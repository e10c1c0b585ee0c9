#pragma once
// Prometheus rule files (`groups:` of recording and alerting rules) as
// Prometheus 2.x reads them: the same keys, the same checks, and every
// problem reported as "<file>:<line>: <what>", all of them in one pass so a
// `vigil check rules` run shows everything wrong with a file.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/duration.h"
#include "core/error.h"
#include "storage/labels/label_set.h"

namespace vigil::rules {

struct RecordingRule {
  std::string record;
  std::string expr;
  storage::LabelSet labels;
  int line = 0;
};

struct AlertingRule {
  std::string alert;
  std::string expr;
  Duration for_duration{0};
  Duration keep_firing_for{0};
  // Label and annotation values are templates, expanded per alert.
  std::vector<storage::Label> labels;
  std::vector<storage::Label> annotations;
  int line = 0;
};

using Rule = std::variant<RecordingRule, AlertingRule>;

struct RuleGroup {
  std::string name;
  std::optional<Duration> interval;      // absent: the global evaluation interval
  int64_t limit = 0;                     // 0: no limit on series or alerts per rule
  std::optional<Duration> query_offset;  // absent: the global rule query offset
  std::vector<Rule> rules;
  int line = 0;
};

struct RuleFile {
  std::string path;
  std::vector<RuleGroup> groups;
};

// Parses and checks the text of one rule file; `path` names it in errors.
// An invalid file is an ErrorKind::invalid_config error listing every
// problem, one per line.
Result<RuleFile> parse_rule_file(std::string_view text, std::string_view path);

// Reads and parses the file at `path`.
Result<RuleFile> load_rule_file(const std::string& path);

}  // namespace vigil::rules
