#pragma once
// A recording rule: its expression's vector, renamed to the rule's name and
// given its labels, written back to storage.

#include "rules/rule_evaluator.h"
#include "rules/rule_file.h"

namespace vigil::rules {

class RecordingRuleEvaluator final : public RuleEvaluator {
 public:
  // `query` is the rule's expression in canonical form.
  RecordingRuleEvaluator(RecordingRule rule, std::string query);

  Result<Evaluation> evaluate(const EvaluationContext& context, int64_t time_ms, int64_t query_offset_ms,
                              int64_t limit) override;
  const std::string& name() const override { return rule_.record; }
  const std::string& query() const override { return query_; }
  const RecordingRule& rule() const { return rule_; }

 private:
  RecordingRule rule_;
  std::string query_;
};

}  // namespace vigil::rules
