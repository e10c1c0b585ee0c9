#pragma once
// An alerting rule and the state of its alerts, kept as Prometheus 2.x
// keeps it: each label set the expression yields is an alert, pending until
// it has lasted `for`, then firing; one that stops being yielded resolves
// (or, with keep_firing_for, keeps firing that long) and is reported as
// resolved for 15 minutes. Each evaluation writes ALERTS{alertstate} and
// ALERTS_FOR_STATE (the time the alert became active) for every pending and
// firing alert, once the rule's state has been restored after a start.

#include <cstdint>
#include <map>
#include <vector>

#include "rules/alert.h"
#include "rules/alert_templates.h"
#include "rules/rule_evaluator.h"
#include "rules/rule_file.h"

namespace vigil::rules {

// How long a resolved alert is still sent to Alertmanager as resolved.
inline constexpr int64_t kResolvedRetentionMs = 15 * 60 * 1000;

// Prometheus's --rules.alert.* settings for restoring `for` state.
struct ForStateRestore {
  int64_t outage_tolerance_ms = 60 * 60 * 1000;  // older ALERTS_FOR_STATE samples are ignored
  int64_t grace_period_ms = 10 * 60 * 1000;      // least time an alert pends after a restore
};

class AlertingRuleEvaluator final : public RuleEvaluator {
 public:
  // `restored`: false on a server start, until restore_for_state has run;
  // meanwhile no ALERTS series are written.
  AlertingRuleEvaluator(AlertingRule rule, std::string query, AlertTemplates templates, bool restored);

  Result<Evaluation> evaluate(const EvaluationContext& context, int64_t time_ms, int64_t query_offset_ms,
                              int64_t limit) override;
  const std::string& name() const override { return rule_.alert; }
  const std::string& query() const override { return query_; }
  const AlertingRule& rule() const { return rule_; }

  // The alerts to send to Alertmanager after an evaluation at `time_ms`:
  // firing ones at most every `resend_delay_ms`, and resolved ones once;
  // each valid for four times max(resend delay, interval).
  std::vector<Alert> take_alerts_to_send(int64_t time_ms, int64_t resend_delay_ms, int64_t interval_ms);

  // Moves the active time of pending alerts as Prometheus does after a
  // restart, from the ALERTS_FOR_STATE samples storage has.
  void restore_for_state(const promql::Queryable& data, int64_t time_ms, const ForStateRestore& settings);

  // Pending, firing and recently resolved alerts, by labels.
  std::vector<Alert> alerts() const;
  // firing if any alert fires, else pending if any pends, else inactive.
  AlertState state() const;

  // Takes over the alerts of the rule this one replaces on a reload.
  void adopt_state(const AlertingRuleEvaluator& previous);

 private:
  RuleSample alerts_sample(const Alert& alert, const std::string& state) const;

  AlertingRule rule_;
  std::string query_;
  AlertTemplates templates_;
  bool restored_;
  std::map<storage::LabelSet, Alert> active_;  // guarded by mu_
};

}  // namespace vigil::rules
