#pragma once
// Label and series bookkeeping shared by the evaluator's nodes.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "promql/engine/step_values.h"
#include "storage/labels/label_set.h"

namespace vigil::promql::engine {

storage::LabelSet without_metric_name(const storage::LabelSet& labels);

// Drops series with no value at any step.
void drop_empty_series(StepVector& vector);

// Prometheus refuses a result in which two series have the same labels:
// `per_step` checks only series that have values at the same step (and
// merges the others into one series, as its step-by-step evaluation does);
// otherwise any two non-empty series with equal labels are an error.
enum class Collisions { per_step, whole_range };
void merge_same_labels(StepVector& vector, Collisions rule);

// The whole-range check over a result that arrives in blocks: fails on a
// label set seen before.
class UniqueLabels {
 public:
  void add(const StepVector& block);

 private:
  std::unordered_map<uint64_t, std::vector<storage::LabelSet>> by_hash_;
};

}  // namespace vigil::promql::engine
