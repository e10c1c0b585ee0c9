#pragma once
// The label and annotation values of an alerting rule are Go templates,
// expanded for each alert as Prometheus expands them: with $labels, $value,
// $externalLabels and $externalURL defined, missing labels as "", and
// Prometheus's functions (humanize, query, ...). A template that fails to
// expand yields Prometheus's "<error expanding template: ...>" text and a
// warning; it never stops the evaluation.

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
  // Parses every label and annotation value of `rule`. An error lists each
  // one that does not parse, as Prometheus's rule checks word it:
  // `label "x": template: __alert_Name:1: function "f" not defined`.
  static Result<AlertTemplates> compile(const AlertingRule& rule);

  // `labels` are the sample's (with __name__ if it has one); `query` in a
  // template evaluates at `time_ms`.
  ExpandedAlert expand(const storage::LabelSet& labels, double value, int64_t time_ms,
                       const EvaluationContext& context) const;

 private:
  // Templates are parsed when a rule loads, to find errors, and again when
  // they are expanded, as Prometheus does: thousands of rules then hold
  // only their texts, and only alerts pay for parsing.
  struct Compiled {
    std::string name;
    std::string text;      // with Prometheus's definitions in front when it has actions
    bool literal = false;  // no action: the text is its own expansion
  };

  std::string template_name_;  // __alert_<alertname>
  std::vector<Compiled> labels_;
  std::vector<Compiled> annotations_;
};

}  // namespace vigil::rules
