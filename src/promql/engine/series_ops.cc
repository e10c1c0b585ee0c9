#include "promql/engine/series_ops.h"

#include <algorithm>
#include <unordered_map>

#include "promql/engine/evaluator.h"
#include "storage/labels/label_set_builder.h"

namespace vigil::promql::engine {

storage::LabelSet without_metric_name(const storage::LabelSet& labels) {
  if (labels.get(storage::kMetricNameLabel).empty()) return labels;
  return storage::LabelSetBuilder(labels).del(storage::kMetricNameLabel).labels();
}

void drop_empty_series(StepVector& vector) {
  std::erase_if(vector, [](const StepSeries& series) { return series.empty(); });
}

void merge_same_labels(StepVector& vector, Collisions rule) {
  drop_empty_series(vector);
  if (vector.size() < 2) return;
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash;
  by_hash.reserve(vector.size());
  bool any_duplicate = false;
  for (size_t i = 0; i < vector.size(); ++i) {
    auto& slot = by_hash[vector[i].labels.hash()];
    for (size_t j : slot)
      if (vector[j].labels == vector[i].labels) any_duplicate = true;
    slot.push_back(i);
  }
  if (!any_duplicate) return;
  if (rule == Collisions::whole_range) fail("vector cannot contain metrics with the same labelset");
  std::vector<bool> merged_away(vector.size(), false);
  for (size_t i = 0; i < vector.size(); ++i) {
    if (merged_away[i]) continue;
    for (size_t j : by_hash[vector[i].labels.hash()]) {
      if (j <= i || merged_away[j] || vector[j].labels != vector[i].labels) continue;
      auto& into = vector[i].values;
      const auto& from = vector[j].values;
      for (size_t s = 0; s < into.size(); ++s) {
        if (is_absent(from[s])) continue;
        if (!is_absent(into[s])) fail("vector cannot contain metrics with the same labelset");
        into[s] = from[s];
      }
      merged_away[j] = true;
    }
  }
  size_t out = 0;
  for (size_t i = 0; i < vector.size(); ++i) {
    if (merged_away[i]) continue;
    // Not onto itself: a vector moved onto itself is left empty.
    if (out != i) vector[out] = std::move(vector[i]);
    ++out;
  }
  vector.resize(out);
}

void UniqueLabels::add(const StepVector& block) {
  for (const auto& series : block) {
    auto& same_hash = by_hash_[series.labels.hash()];
    for (const auto& labels : same_hash)
      if (labels == series.labels) fail("vector cannot contain metrics with the same labelset");
    same_hash.push_back(series.labels);
  }
}

}  // namespace vigil::promql::engine
