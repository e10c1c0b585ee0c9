#include "rules/recording_rule_evaluator.h"

#include <algorithm>

#include <fmt/core.h>

#include "storage/labels/label_set_builder.h"

namespace vigil::rules {

RecordingRuleEvaluator::RecordingRuleEvaluator(RecordingRule rule, std::string query)
    : rule_(std::move(rule)), query_(std::move(query)) {}

Result<Evaluation> RecordingRuleEvaluator::evaluate(const EvaluationContext& context, int64_t time_ms,
                                                    int64_t query_offset_ms, int64_t limit) {
  auto vector = query_vector(context, query_, time_ms - query_offset_ms);
  if (!vector) return std::unexpected(vector.error());
  Evaluation evaluation;
  evaluation.samples.reserve(vector->size());
  for (auto& sample : *vector) {
    storage::LabelSetBuilder builder(sample.labels);
    builder.set(storage::kMetricNameLabel, rule_.record);
    for (const auto& label : rule_.labels) builder.set(label.name, label.value);
    evaluation.samples.push_back({builder.labels(), sample.v});
  }
  std::vector<const storage::LabelSet*> sorted;
  sorted.reserve(evaluation.samples.size());
  for (const auto& sample : evaluation.samples) sorted.push_back(&sample.labels);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return *a < *b; });
  if (std::adjacent_find(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return *a == *b; }) !=
      sorted.end()) {
    return std::unexpected(make_error(ErrorKind::invalid_argument,
                                      "vector contains metrics with the same labelset after applying rule labels"));
  }
  if (limit > 0 && static_cast<int64_t>(evaluation.samples.size()) > limit) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, fmt::format("exceeded limit of {} with {} series",
                                                                               limit, evaluation.samples.size())));
  }
  return evaluation;
}

}  // namespace vigil::rules
