#pragma once
// A rule of a loaded group, evaluated at a time: what the group loop, the
// API and `vigil test rules` see of recording and alerting rules alike.

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "rules/evaluation_context.h"
#include "storage/labels/label_set.h"

namespace vigil::rules {

// A sample a rule writes at its evaluation time.
struct RuleSample {
  storage::LabelSet labels;
  double value = 0;
};

// Prometheus's rule health: unknown until evaluated, then ok or err.
struct RuleHealth {
  std::string health = "unknown";
  std::string last_error;
  int64_t last_evaluation_ms = 0;  // 0: never evaluated
  double evaluation_seconds = 0;
};

struct Evaluation {
  std::vector<RuleSample> samples;
  std::vector<std::string> warnings;  // template expansion failures, for the log
};

class RuleEvaluator {
 public:
  virtual ~RuleEvaluator() = default;
  // `time_ms` is the group's evaluation time; the expression is evaluated,
  // and samples written, at time_ms - query_offset_ms. `limit` > 0 bounds the
  // series (recording) or alerts (alerting) a rule may yield.
  virtual Result<Evaluation> evaluate(const EvaluationContext& context, int64_t time_ms, int64_t query_offset_ms,
                                      int64_t limit) = 0;
  virtual const std::string& name() const = 0;
  // The expression in PromQL's canonical form, as Prometheus shows it.
  virtual const std::string& query() const = 0;

  // After an evaluation: `error` empty when it succeeded.
  void record_health(std::string error, int64_t time_ms, double seconds);
  RuleHealth health() const;

 protected:
  mutable std::mutex mu_;

 private:
  RuleHealth health_;
};

}  // namespace vigil::rules
