#include "rules/rule_group_evaluator.h"

#include <chrono>
#include <map>

#include "core/url_escape.h"
#include "promql/parser.h"
#include "promql/printer.h"
#include "storage/labels/label_set_builder.h"

namespace vigil::rules {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// What identifies a rule across a reload, as in Prometheus: its name and
// its (unexpanded) labels.
std::string identity(const RuleEvaluator& rule) {
  std::string key = rule.name();
  key += '\xff';
  auto add = [&key](const auto& labels) {
    for (const auto& label : labels) {
      key += label.name;
      key += '=';
      key += label.value;
      key += '\xff';
    }
  };
  if (const auto* recording = dynamic_cast<const RecordingRuleEvaluator*>(&rule)) add(recording->rule().labels);
  if (const auto* alerting = dynamic_cast<const AlertingRuleEvaluator*>(&rule)) add(alerting->rule().labels);
  return key;
}

std::vector<OutgoingAlert> outgoing(const std::vector<Alert>& alerts, const EvaluationContext& context,
                                    const std::string& query) {
  std::vector<OutgoingAlert> out;
  out.reserve(alerts.size());
  const std::string url = generator_url(context.external_url, query);
  for (const auto& alert : alerts) {
    storage::LabelSetBuilder labels(alert.labels);
    for (const auto& external : context.external_labels) {
      if (alert.labels.get(external.name).empty()) labels.set(external.name, external.value);
    }
    out.push_back({.labels = labels.labels(),
                   .annotations = alert.annotations,
                   .starts_at_ms = alert.fired_at_ms,
                   .ends_at_ms = alert.resolved_at_ms != 0 ? alert.resolved_at_ms : alert.valid_until_ms,
                   .generator_url = url});
  }
  return out;
}

// Prometheus makes a result the storage refused the rule's last error, in
// its storage's words; refused staleness markers (batch entries from
// `result_series` on) are only logged.
std::string result_reject_error(const storage::AppendOutcome& outcome, size_t result_series) {
  for (const auto& reject : outcome.rejects) {
    if (reject.series_index >= result_series) continue;
    switch (reject.reason) {
      case storage::RejectReason::out_of_order:
        return "out of order sample";
      case storage::RejectReason::duplicate_timestamp:
        return "duplicate sample for timestamp";
      case storage::RejectReason::out_of_bounds:
        return "out of bounds";
      default:
        return outcome.first_error;
    }
  }
  return "";
}

}  // namespace

std::string generator_url(const std::string& external_url, const std::string& query) {
  std::string url = external_url;
  url += "/graph?g0.expr=";
  append_query_escaped(url, query);
  url += "&g0.tab=1";
  return url;
}

Result<std::unique_ptr<RuleGroupEvaluator>> RuleGroupEvaluator::create(const std::string& file, const RuleGroup& group,
                                                                       const GroupSettings& settings, bool restored) {
  std::unique_ptr<RuleGroupEvaluator> evaluator(new RuleGroupEvaluator());
  evaluator->file_ = file;
  evaluator->name_ = group.name;
  evaluator->limit_ = group.limit;
  evaluator->settings_ = settings;
  if (group.interval) evaluator->settings_.interval_ms = group.interval->count();
  if (group.query_offset) evaluator->settings_.query_offset_ms = group.query_offset->count();
  for (const auto& rule : group.rules) {
    const std::string& expr = std::visit([](const auto& r) -> const std::string& { return r.expr; }, rule);
    auto parsed = promql::parse_expr(expr);
    if (!parsed) return std::unexpected(parsed.error());
    std::string query = promql::to_string(*parsed);
    if (const auto* recording = std::get_if<RecordingRule>(&rule)) {
      evaluator->rules_.push_back(std::make_unique<RecordingRuleEvaluator>(*recording, std::move(query)));
    } else {
      const auto& alerting = std::get<AlertingRule>(rule);
      auto templates = AlertTemplates::compile(alerting);
      if (!templates) return std::unexpected(templates.error());
      evaluator->rules_.push_back(
          std::make_unique<AlertingRuleEvaluator>(alerting, std::move(query), std::move(*templates), restored));
    }
  }
  evaluator->previous_series_.resize(evaluator->rules_.size());
  return evaluator;
}

void RuleGroupEvaluator::evaluate(const EvaluationContext& context, int64_t time_ms, storage::Appender& appender,
                                  AlertSink* sink, const log::Logger& logger) {
  const auto group_start = std::chrono::steady_clock::now();
  const int64_t sample_ms = time_ms - settings_.query_offset_ms;
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (context.stop.stop_requested()) return;
    RuleEvaluator& rule = *rules_[i];
    const auto rule_start = std::chrono::steady_clock::now();
    auto evaluation = rule.evaluate(context, time_ms, settings_.query_offset_ms, limit_);
    if (!evaluation) {
      rule.record_health(evaluation.error().message, time_ms, seconds_since(rule_start));
      if (evaluation.error().kind != ErrorKind::unavailable) {
        logger.warn("evaluating rule failed", {{"group", name_},
                                               {"file", file_},
                                               {"rule", rule.name()},
                                               {"index", static_cast<long>(i)},
                                               {"error", evaluation.error().message}});
      }
      continue;
    }
    for (const auto& warning : evaluation->warnings) {
      logger.warn("expanding alert template failed", {{"group", name_}, {"rule", rule.name()}, {"error", warning}});
    }
    if (sink) {
      if (auto* alerting = dynamic_cast<AlertingRuleEvaluator*>(&rule)) {
        auto alerts = alerting->take_alerts_to_send(time_ms, settings_.resend_delay_ms, settings_.interval_ms);
        if (!alerts.empty()) sink->send(outgoing(alerts, context, rule.query()));
      }
    }

    std::vector<storage::SeriesSamples> batch;
    batch.reserve(evaluation->samples.size());
    std::set<storage::LabelSet> written;
    for (auto& sample : evaluation->samples) {
      written.insert(sample.labels);
      batch.push_back({std::move(sample.labels), {{sample_ms, sample.value}}});
    }
    const size_t result_series = batch.size();
    for (const auto& labels : previous_series_[i]) {
      if (!written.contains(labels)) batch.push_back({labels, {{sample_ms, storage::stale_nan()}}});
    }
    auto appended = appender.append(batch);
    std::string append_error;
    if (!appended) {
      logger.warn("writing rule results failed",
                  {{"group", name_}, {"rule", rule.name()}, {"error", appended.error().message}});
      append_error = appended.error().message;
    } else if (!appended->rejects.empty()) {
      logger.warn("some rule results were not stored", {{"group", name_},
                                                        {"rule", rule.name()},
                                                        {"rejected", static_cast<long>(appended->rejects.size())},
                                                        {"first", appended->first_error}});
      append_error = result_reject_error(*appended, result_series);
    }
    previous_series_[i] = std::move(written);
    rule.record_health(std::move(append_error), time_ms, seconds_since(rule_start));
  }
  if (!stale_on_next_.empty()) {
    std::vector<storage::SeriesSamples> batch;
    for (auto& labels : stale_on_next_) batch.push_back({std::move(labels), {{sample_ms, storage::stale_nan()}}});
    stale_on_next_.clear();
    (void)appender.append(batch);
  }
  std::lock_guard lock(mu_);
  last_evaluation_ms_ = time_ms;
  evaluation_seconds_ = seconds_since(group_start);
}

void RuleGroupEvaluator::mark_stale(int64_t time_ms, storage::Appender& appender, const log::Logger& logger) {
  std::vector<storage::SeriesSamples> batch;
  for (auto& series : previous_series_) {
    for (const auto& labels : series) batch.push_back({labels, {{time_ms, storage::stale_nan()}}});
  }
  for (const auto& labels : stale_on_next_) batch.push_back({labels, {{time_ms, storage::stale_nan()}}});
  if (batch.empty()) return;
  if (auto appended = appender.append(batch); !appended) {
    logger.warn("writing staleness markers failed", {{"group", name_}, {"error", appended.error().message}});
  }
}

void RuleGroupEvaluator::adopt_state(RuleGroupEvaluator& previous) {
  {
    std::scoped_lock lock(mu_, previous.mu_);
    last_evaluation_ms_ = previous.last_evaluation_ms_;
    evaluation_seconds_ = previous.evaluation_seconds_;
  }
  std::map<std::string, std::vector<size_t>> unclaimed;
  for (size_t i = 0; i < previous.rules_.size(); ++i) unclaimed[identity(*previous.rules_[i])].push_back(i);
  for (size_t i = 0; i < rules_.size(); ++i) {
    auto it = unclaimed.find(identity(*rules_[i]));
    if (it == unclaimed.end() || it->second.empty()) continue;
    const size_t from = it->second.front();
    it->second.erase(it->second.begin());
    previous_series_[i] = previous.previous_series_[from];
    auto* alerting = dynamic_cast<AlertingRuleEvaluator*>(rules_[i].get());
    auto* previous_alerting = dynamic_cast<AlertingRuleEvaluator*>(previous.rules_[from].get());
    if (alerting && previous_alerting) alerting->adopt_state(*previous_alerting);
  }
  // Rules that are gone: their series end at the next evaluation.
  stale_on_next_ = previous.stale_on_next_;
  for (const auto& [key, indexes] : unclaimed) {
    for (size_t from : indexes) {
      stale_on_next_.insert(stale_on_next_.end(), previous.previous_series_[from].begin(),
                            previous.previous_series_[from].end());
    }
  }
}

void RuleGroupEvaluator::restore_for_state(const promql::Queryable& data, int64_t time_ms,
                                           const ForStateRestore& settings) {
  for (auto& rule : rules_) {
    if (auto* alerting = dynamic_cast<AlertingRuleEvaluator*>(rule.get())) {
      alerting->restore_for_state(data, time_ms, settings);
    }
  }
}

int64_t RuleGroupEvaluator::last_evaluation_ms() const {
  std::lock_guard lock(mu_);
  return last_evaluation_ms_;
}

double RuleGroupEvaluator::evaluation_seconds() const {
  std::lock_guard lock(mu_);
  return evaluation_seconds_;
}

}  // namespace vigil::rules
