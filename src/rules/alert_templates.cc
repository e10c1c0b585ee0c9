#include "rules/alert_templates.h"

namespace vigil::rules {

Result<AlertTemplates> AlertTemplates::compile(const AlertingRule& rule) {
  AlertTemplates templates;
  templates.name_ = "__alert_" + rule.alert;
  templates.labels_ = rule.labels;
  templates.annotations_ = rule.annotations;
  return templates;
}

ExpandedAlert AlertTemplates::expand(const storage::LabelSet&, double, int64_t, const EvaluationContext&) const {
  return {labels_, annotations_, {}};
}

}  // namespace vigil::rules
