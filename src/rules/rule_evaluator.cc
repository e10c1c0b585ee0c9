#include "rules/rule_evaluator.h"

namespace vigil::rules {

void RuleEvaluator::record_health(std::string error, int64_t time_ms, double seconds) {
  std::lock_guard lock(mu_);
  health_.health = error.empty() ? "ok" : "err";
  health_.last_error = std::move(error);
  health_.last_evaluation_ms = time_ms;
  health_.evaluation_seconds = seconds;
}

RuleHealth RuleEvaluator::health() const {
  std::lock_guard lock(mu_);
  return health_;
}

}  // namespace vigil::rules
