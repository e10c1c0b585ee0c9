#include "rules/rule_test_run.h"

#include <algorithm>
#include <map>
#include <memory>

#include "promql/engine/storage_queryable.h"
#include "rules/rule_group_evaluator.h"
#include "rules/rule_test_text.h"
#include "storage/head/head.h"
#include "storage/sample.h"

namespace vigil::rules {
namespace {

// Writes the input series into storage as evaluation time reaches their
// samples, as promtool's lazy loader does: a query never sees a sample
// later than the last evaluation. A series given twice takes its last
// values, as there.
class InputFeed {
 public:
  InputFeed(const std::vector<InputSeries>& series, int64_t step_ms) : step_ms_(step_ms) {
    std::map<storage::LabelSet, size_t> index;
    for (const auto& one : series) {
      auto [it, added] = index.emplace(one.labels, series_.size());
      if (added) {
        series_.push_back(&one);
      } else {
        series_[it->second] = &one;
      }
    }
    next_.assign(series_.size(), 0);
  }

  void write_until(int64_t time_ms, storage::Appender& appender) {
    std::vector<storage::SeriesSamples> batch;
    for (size_t i = 0; i < series_.size(); ++i) {
      storage::SeriesSamples out{series_[i]->labels, {}};
      const auto& values = series_[i]->values;
      for (; next_[i] < values.size() && static_cast<int64_t>(next_[i]) * step_ms_ <= time_ms; ++next_[i]) {
        if (values[next_[i]].kind != promql::ValueKind::number) continue;  // `_`: an empty slot
        out.samples.push_back({static_cast<int64_t>(next_[i]) * step_ms_, values[next_[i]].value});
      }
      if (!out.samples.empty()) batch.push_back(std::move(out));
    }
    if (!batch.empty()) (void)appender.append(batch);
  }

 private:
  std::vector<const InputSeries*> series_;
  int64_t step_ms_;
  std::vector<size_t> next_;  // per series: the first slot not yet written
};

struct LoadedGroups {
  std::vector<std::unique_ptr<RuleGroupEvaluator>> groups;  // in evaluation order
  std::string error;
};

LoadedGroups load_groups(const std::vector<RuleFile>& rule_files, const RuleTestSettings& settings) {
  std::map<std::string, size_t> order;
  for (size_t i = 0; i < settings.group_eval_order.size(); ++i) order.emplace(settings.group_eval_order[i], i);
  const GroupSettings group_settings{.interval_ms = settings.evaluation_interval.count()};
  std::vector<std::pair<size_t, std::unique_ptr<RuleGroupEvaluator>>> ranked;
  for (const auto& file : rule_files) {
    for (const auto& group : file.groups) {
      auto evaluator = RuleGroupEvaluator::create(file.path, group, group_settings, /*restored=*/true);
      if (!evaluator) return {{}, file.path + ": " + evaluator.error().message};
      auto rank = order.find(group.name);
      ranked.emplace_back(rank == order.end() ? 0 : rank->second, std::move(*evaluator));
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  LoadedGroups loaded;
  for (auto& [rank, group] : ranked) loaded.groups.push_back(std::move(group));
  return loaded;
}

// The firing alerts of every alerting rule called `alertname`, in any group.
std::vector<AlertText> firing_alerts(const std::vector<std::unique_ptr<RuleGroupEvaluator>>& groups,
                                     const std::string& alertname) {
  std::vector<AlertText> out;
  for (const auto& group : groups) {
    for (const auto& rule : group->rules()) {
      const auto* alerting = dynamic_cast<const AlertingRuleEvaluator*>(rule.get());
      if (alerting == nullptr || alerting->name() != alertname) continue;
      for (const auto& alert : alerting->alerts()) {
        if (alert.state != AlertState::firing) continue;
        AlertText text{{alert.labels.begin(), alert.labels.end()}, alert.annotations};
        std::sort(text.annotations.begin(), text.annotations.end());  // by name, as promtool holds them
        out.push_back(std::move(text));
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<AlertText> expected_alerts(const AlertTestCase& test) {
  std::vector<AlertText> out;
  for (const auto& alert : test.alerts) {
    // The test names the rule's labels; the alert also carries alertname.
    AlertText text{{}, alert.annotations};
    for (const auto& label : alert.labels)
      if (label.name != "alertname") text.labels.push_back(label);
    text.labels.push_back({"alertname", test.alertname});
    std::sort(text.labels.begin(), text.labels.end());
    out.push_back(std::move(text));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Equal as Go's reflect.DeepEqual finds promtool's samples: NaN never
// equals NaN.
bool same_samples(const std::vector<SampleText>& a, const std::vector<SampleText>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].labels != b[i].labels || !(a[i].value == b[i].value)) return false;
  }
  return true;
}

void sort_by_labels(std::vector<SampleText>& samples) {
  std::stable_sort(samples.begin(), samples.end(),
                   [](const SampleText& a, const SampleText& b) { return a.labels < b.labels; });
}

std::optional<std::string> check_promql(const PromqlTestCase& test, const EvaluationContext& context) {
  auto vector = query_vector(context, test.expr, test.eval_time.count());
  if (!vector) return query_failure(test.expr, test.eval_time, vector.error().message);
  std::vector<SampleText> got;
  for (const auto& sample : *vector) got.push_back({sample.labels, sample.v});
  std::vector<SampleText> expected;
  for (const auto& sample : test.samples) expected.push_back({sample.labels, sample.value});
  sort_by_labels(got);
  sort_by_labels(expected);
  if (same_samples(expected, got)) return std::nullopt;
  return sample_mismatch(test.expr, test.eval_time, expected, got);
}

}  // namespace

std::vector<std::string> run_rule_test(const RuleTestGroup& test, const std::vector<RuleFile>& rule_files,
                                       const RuleTestSettings& settings) {
  const int64_t step_ms = std::max<int64_t>(settings.evaluation_interval.count(), 1);
  LoadedGroups loaded = load_groups(rule_files, settings);
  if (!loaded.error.empty()) return {loaded.error};

  // Prometheus's test storage takes no sample older than a series' newest.
  storage::head::HeadOptions head_options;
  head_options.out_of_order_window_ms = 0;
  storage::head::Head head(head_options);
  const promql::HeadQueryable data(head);
  const promql::Engine engine(promql::EngineOptions{.default_subquery_step_ms = step_ms, .parallelism = 1});
  const EvaluationContext context{
      .engine = engine, .data = data, .external_labels = test.external_labels, .external_url = test.external_url};
  const log::Logger quiet("rules-test", nullptr, log::Level::error, nullptr);

  std::vector<const AlertTestCase*> alert_tests;
  int64_t last_ms = 0;
  for (const auto& alert_test : test.alert_tests) {
    alert_tests.push_back(&alert_test);
    last_ms = std::max(last_ms, alert_test.eval_time.count());
  }
  for (const auto& promql_test : test.promql_tests) last_ms = std::max(last_ms, promql_test.eval_time.count());
  std::stable_sort(alert_tests.begin(), alert_tests.end(),
                   [](const auto* a, const auto* b) { return a->eval_time < b->eval_time; });

  std::vector<std::string> failures;
  InputFeed input(test.input_series, test.interval.count() > 0 ? test.interval.count() : step_ms);
  size_t next_alert_test = 0;
  for (int64_t ts = 0; ts <= last_ms; ts += step_ms) {
    input.write_until(ts, head);
    bool rule_failed = false;
    for (const auto& group : loaded.groups) {
      group->evaluate(context, ts, head, nullptr, quiet);
      for (const auto& rule : group->rules()) {
        if (const RuleHealth health = rule->health(); health.health == "err") {
          failures.push_back(rule_failure(rule->name(), ts, health.last_error));
          rule_failed = true;
        }
      }
    }
    if (rule_failed) return failures;
    // Alert tests between this evaluation and the next see this one.
    for (; next_alert_test < alert_tests.size() && alert_tests[next_alert_test]->eval_time.count() < ts + step_ms;
         ++next_alert_test) {
      const AlertTestCase& alert_test = *alert_tests[next_alert_test];
      auto got = firing_alerts(loaded.groups, alert_test.alertname);
      auto expected = expected_alerts(alert_test);
      if (got != expected) {
        failures.push_back(alert_mismatch(test.name, alert_test.alertname, alert_test.eval_time, expected, got));
      }
    }
  }
  for (const auto& promql_test : test.promql_tests) {
    if (auto failure = check_promql(promql_test, context)) failures.push_back(std::move(*failure));
  }
  return failures;
}

}  // namespace vigil::rules
