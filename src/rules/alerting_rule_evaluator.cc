#include "rules/alerting_rule_evaluator.h"

#include <fmt/core.h>

#include "storage/labels/label_set_builder.h"

namespace vigil::rules {
namespace {

constexpr std::string_view kAlertNameLabel = "alertname";
constexpr std::string_view kAlertStateLabel = "alertstate";

}  // namespace

std::string_view to_string(AlertState state) noexcept {
  switch (state) {
    case AlertState::inactive:
      return "inactive";
    case AlertState::pending:
      return "pending";
    case AlertState::firing:
      return "firing";
  }
  return "inactive";
}

AlertingRuleEvaluator::AlertingRuleEvaluator(AlertingRule rule, std::string query, AlertTemplates templates,
                                             bool restored)
    : rule_(std::move(rule)), query_(std::move(query)), templates_(std::move(templates)), restored_(restored) {}

Result<Evaluation> AlertingRuleEvaluator::evaluate(const EvaluationContext& context, int64_t time_ms,
                                                   int64_t query_offset_ms, int64_t limit) {
  auto vector = query_vector(context, query_, time_ms - query_offset_ms);
  if (!vector) return std::unexpected(vector.error());
  Evaluation evaluation;
  std::map<storage::LabelSet, Alert> current;
  for (const auto& sample : *vector) {
    ExpandedAlert expanded = templates_.expand(sample.labels, sample.v, time_ms, context);
    for (auto& warning : expanded.warnings) evaluation.warnings.push_back(std::move(warning));
    storage::LabelSetBuilder builder(sample.labels);
    builder.del(storage::kMetricNameLabel);
    for (const auto& label : expanded.labels) builder.set(label.name, label.value);
    builder.set(kAlertNameLabel, rule_.alert);
    Alert alert{.labels = builder.labels(),
                .annotations = std::move(expanded.annotations),
                .state = AlertState::pending,
                .value = sample.v,
                .active_at_ms = time_ms};
    auto labels = alert.labels;
    if (!current.emplace(std::move(labels), std::move(alert)).second) {
      return std::unexpected(make_error(ErrorKind::invalid_argument,
                                        "vector contains metrics with the same labelset after applying alert labels"));
    }
  }

  std::lock_guard lock(mu_);
  // An alert still pending or firing keeps its times and takes the new value
  // and annotations; anything else starts afresh.
  for (auto& [labels, alert] : current) {
    auto it = active_.find(labels);
    if (it != active_.end() && it->second.state != AlertState::inactive) {
      it->second.value = alert.value;
      it->second.annotations = std::move(alert.annotations);
      continue;
    }
    active_.insert_or_assign(labels, std::move(alert));
  }

  const int64_t hold_ms = rule_.for_duration.count();
  const int64_t keep_firing_ms = rule_.keep_firing_for.count();
  int64_t active_count = 0;
  for (auto it = active_.begin(); it != active_.end();) {
    Alert& alert = it->second;
    bool forget = false;
    if (!current.contains(it->first)) {
      bool keep_firing = false;
      if (alert.state == AlertState::firing && keep_firing_ms > 0) {
        if (alert.keep_firing_since_ms == 0) alert.keep_firing_since_ms = time_ms;
        keep_firing = time_ms - alert.keep_firing_since_ms < keep_firing_ms;
      }
      // A resolved alert is kept a while so that Alertmanager hears of it.
      forget = alert.state == AlertState::pending ||
               (alert.resolved_at_ms != 0 && time_ms - alert.resolved_at_ms > kResolvedRetentionMs);
      if (alert.state != AlertState::inactive && !keep_firing) {
        alert.state = AlertState::inactive;
        alert.resolved_at_ms = time_ms;
      }
      if (!keep_firing) {
        it = forget ? active_.erase(it) : std::next(it);
        continue;
      }
    } else {
      alert.keep_firing_since_ms = 0;
    }
    ++active_count;
    if (alert.state == AlertState::pending && time_ms - alert.active_at_ms >= hold_ms) {
      alert.state = AlertState::firing;
      alert.fired_at_ms = time_ms;
    }
    if (restored_) {
      evaluation.samples.push_back(alerts_sample(alert, std::string(to_string(alert.state))));
      storage::LabelSetBuilder for_state(alert.labels);
      for_state.set(storage::kMetricNameLabel, "ALERTS_FOR_STATE");
      // Whole seconds, as Prometheus writes it (time.Unix()).
      const int64_t active_s =
          alert.active_at_ms >= 0 ? alert.active_at_ms / 1000 : -((-alert.active_at_ms + 999) / 1000);
      evaluation.samples.push_back({for_state.labels(), static_cast<double>(active_s)});
    }
    it = forget ? active_.erase(it) : std::next(it);
  }
  if (limit > 0 && active_count > limit) {
    active_.clear();
    return std::unexpected(make_error(ErrorKind::invalid_argument,
                                      fmt::format("exceeded limit of {} with {} alerts", limit, active_count)));
  }
  return evaluation;
}

RuleSample AlertingRuleEvaluator::alerts_sample(const Alert& alert, const std::string& state) const {
  storage::LabelSetBuilder builder(alert.labels);
  builder.set(storage::kMetricNameLabel, "ALERTS");
  builder.set(kAlertStateLabel, state);
  return {builder.labels(), 1};
}

std::vector<Alert> AlertingRuleEvaluator::take_alerts_to_send(int64_t time_ms, int64_t resend_delay_ms,
                                                              int64_t interval_ms) {
  std::vector<Alert> sent;
  std::lock_guard lock(mu_);
  for (auto& [labels, alert] : active_) {
    if (alert.state == AlertState::pending) continue;
    const bool resolved_since_sent = alert.state == AlertState::inactive && alert.resolved_at_ms > alert.last_sent_ms;
    if (!resolved_since_sent && alert.last_sent_ms + resend_delay_ms >= time_ms) continue;
    alert.last_sent_ms = time_ms;
    // Valid through two missed evaluations or sends.
    alert.valid_until_ms = time_ms + 4 * std::max(resend_delay_ms, interval_ms);
    sent.push_back(alert);
  }
  return sent;
}

void AlertingRuleEvaluator::restore_for_state(const promql::Queryable& data, int64_t time_ms,
                                              const ForStateRestore& settings) {
  std::lock_guard lock(mu_);
  const int64_t hold_ms = rule_.for_duration.count();
  // A rule whose `for` is shorter than the grace period simply waits its
  // `for` again.
  if (hold_ms < settings.grace_period_ms) {
    restored_ = true;
    return;
  }
  for (auto& [labels, alert] : active_) {
    storage::LabelSetBuilder wanted_builder(labels);
    wanted_builder.set(storage::kMetricNameLabel, "ALERTS_FOR_STATE");
    const storage::LabelSet wanted = wanted_builder.labels();
    std::vector<storage::index::Matcher> matchers;
    for (const auto& label : wanted) {
      auto matcher = storage::index::Matcher::make(storage::index::Matcher::Type::equal, label.name, label.value);
      if (matcher) matchers.push_back(std::move(*matcher));
    }
    auto selected = data.select(time_ms - settings.outage_tolerance_ms, time_ms, matchers);
    if (!selected) continue;
    for (size_t i = 0; i < (*selected)->size(); ++i) {
      if ((*selected)->labels(i) != wanted) continue;
      auto samples = (*selected)->samples(i);
      if (!samples || samples->empty()) break;
      // The series ended when the server went down: its last sample says
      // when, and its value since when the alert had been active.
      const int64_t down_at_ms = samples->back().t / 1000 * 1000;
      const int64_t restored_active_ms = static_cast<int64_t>(samples->back().v) * 1000;
      const int64_t remaining_ms = hold_ms - (down_at_ms - restored_active_ms);
      if (remaining_ms <= 0) {
        // It was firing: the next evaluation decides again.
        alert.active_at_ms = restored_active_ms;
      } else if (remaining_ms < settings.grace_period_ms) {
        alert.active_at_ms = time_ms + settings.grace_period_ms - hold_ms;
      } else {
        alert.active_at_ms = restored_active_ms + (time_ms - down_at_ms);
      }
      break;
    }
  }
  restored_ = true;
}

std::vector<Alert> AlertingRuleEvaluator::alerts() const {
  std::lock_guard lock(mu_);
  std::vector<Alert> alerts;
  alerts.reserve(active_.size());
  for (const auto& [labels, alert] : active_) alerts.push_back(alert);
  return alerts;
}

AlertState AlertingRuleEvaluator::state() const {
  std::lock_guard lock(mu_);
  AlertState state = AlertState::inactive;
  for (const auto& [labels, alert] : active_) {
    if (alert.state == AlertState::firing) return AlertState::firing;
    if (alert.state == AlertState::pending) state = AlertState::pending;
  }
  return state;
}

void AlertingRuleEvaluator::adopt_state(const AlertingRuleEvaluator& previous) {
  std::scoped_lock lock(mu_, previous.mu_);
  active_ = previous.active_;
  restored_ = previous.restored_;
}

}  // namespace vigil::rules
