#pragma once
// One loaded rule group: its rules evaluated in order at a time, their
// samples written to storage, staleness markers for the series a rule
// stopped yielding, and alerts handed to the sink. Evaluations of one group
// never overlap (the scheduler guarantees it); status reads may come from
// any thread.

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "rules/alert_sink.h"
#include "rules/alerting_rule_evaluator.h"
#include "rules/recording_rule_evaluator.h"
#include "rules/rule_file.h"
#include "storage/appender.h"
#include "vigil/log/logger.h"

namespace vigil::rules {

struct GroupSettings {
  int64_t interval_ms = 60'000;      // the group's own, else the global evaluation interval
  int64_t query_offset_ms = 0;       // the group's own, else the global rule query offset
  int64_t resend_delay_ms = 60'000;  // Prometheus's --rules.alert.resend-delay
};

class RuleGroupEvaluator {
 public:
  // Builds the group's rules from a checked rule file; `restored` as for
  // AlertingRuleEvaluator. Fails when a template does not parse.
  static Result<std::unique_ptr<RuleGroupEvaluator>> create(const std::string& file, const RuleGroup& group,
                                                            const GroupSettings& settings, bool restored);

  // Evaluates every rule at `time_ms` (the rules see time_ms - query
  // offset) and appends what they yield.
  void evaluate(const EvaluationContext& context, int64_t time_ms, storage::Appender& appender, AlertSink* sink,
                const log::Logger& logger);

  // Writes staleness markers at `time_ms` for every series the group wrote
  // last: when the group goes away on a reload or at shutdown.
  void mark_stale(int64_t time_ms, storage::Appender& appender, const log::Logger& logger);

  // After a reload: takes over the alerts and last series of the same group
  // of the previous configuration, rule by rule where name and labels agree.
  void adopt_state(RuleGroupEvaluator& previous);

  // Restores the `for` state of alerting rules after a server start.
  void restore_for_state(const promql::Queryable& data, int64_t time_ms, const ForStateRestore& settings);

  const std::string& file() const { return file_; }
  const std::string& name() const { return name_; }
  int64_t limit() const { return limit_; }
  const GroupSettings& settings() const { return settings_; }
  const std::vector<std::unique_ptr<RuleEvaluator>>& rules() const { return rules_; }
  int64_t last_evaluation_ms() const;
  double evaluation_seconds() const;

 private:
  RuleGroupEvaluator() = default;

  std::string file_;
  std::string name_;
  int64_t limit_ = 0;
  GroupSettings settings_;
  std::vector<std::unique_ptr<RuleEvaluator>> rules_;
  // Per rule: the series its last successful evaluation wrote.
  std::vector<std::set<storage::LabelSet>> previous_series_;
  // Series of rules a reload removed, marked stale at the next evaluation.
  std::vector<storage::LabelSet> stale_on_next_;
  mutable std::mutex mu_;
  int64_t last_evaluation_ms_ = 0;  // guarded by mu_
  double evaluation_seconds_ = 0;   // guarded by mu_
};

// The URL of an alert's expression in the expression browser, as
// Prometheus writes an alert's generatorURL.
std::string generator_url(const std::string& external_url, const std::string& query);

}  // namespace vigil::rules
