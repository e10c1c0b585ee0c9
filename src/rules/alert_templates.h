#pragma once
// The label and annotation values of an alerting rule are Go templates,
// expanded for each alert with $labels, $value, $externalLabels and
// $externalURL, and functions such as humanize and query. A template that
// fails to expand yields Prometheus's "<error expanding template: ...>" text
// and a warning; it never stops the evaluation.

#include <string>
#include <vector>

#include "core/error.h"
#include "rules/evaluation_context.h"
#include "rules/rule_file.h"
#include "storage/labels/label_set.h"

namespace vigil::rules {

struct ExpandedAlert {
  std::vector<storage::Label> labels;       // the rule's labels, expanded
  std::vector<storage::Label> annotations;  // the rule's annotations, expanded
  std::vector<std::string> warnings;        // one per template that failed
};

class AlertTemplates {
 public:
  // Parses every label and annotation value of `rule`; a value that does not
  // parse is an error naming it.
  static Result<AlertTemplates> compile(const AlertingRule& rule);

  // `labels` are the sample's (with __name__ if it has one), `time_ms` the
  // evaluation time that `query` in a template evaluates at.
  ExpandedAlert expand(const storage::LabelSet& labels, double value, int64_t time_ms,
                       const EvaluationContext& context) const;

 private:
  std::string name_;  // __alert_<alertname>, as Prometheus names them in errors
  std::vector<storage::Label> labels_;
  std::vector<storage::Label> annotations_;
};

}  // namespace vigil::rules
