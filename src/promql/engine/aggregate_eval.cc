// Aggregation operators (sum, avg, topk, quantile, count_values, ...) over
// groups of series, evaluated per step with Prometheus's arithmetic.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "promql/engine/evaluator.h"
#include "promql/engine/series_ops.h"
#include "promql/kernels/value_kernels.h"
#include "storage/labels/label_set_builder.h"

namespace vigil::promql::engine {
namespace {

class Grouping {
 public:
  explicit Grouping(const Aggregate& aggregate) : names_(aggregate.grouping), without_(aggregate.without) {
    std::sort(names_.begin(), names_.end());
  }
  void add_name(const std::string& name) {
    names_.push_back(name);
    std::sort(names_.begin(), names_.end());
  }

  storage::LabelSet labels(const storage::LabelSet& labels) const {
    storage::LabelSetBuilder builder(labels);
    if (without_) {
      for (const auto& name : names_) builder.del(name);
      builder.del(storage::kMetricNameLabel);
    } else {
      std::vector<std::string_view> keep(names_.begin(), names_.end());
      builder.keep(keep);
    }
    return builder.labels();
  }

 private:
  std::vector<std::string> names_;
  bool without_;
};

// Output groups in order of first appearance, as Prometheus numbers them.
struct Groups {
  std::vector<storage::LabelSet> labels;
  std::vector<size_t> of_series;
};

Groups group_series(const StepVector& input, const Grouping& grouping) {
  Groups groups;
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash;
  for (const auto& series : input) {
    auto labels = grouping.labels(series.labels);
    auto& candidates = by_hash[labels.hash()];
    size_t index = groups.labels.size();
    for (size_t g : candidates)
      if (groups.labels[g] == labels) index = g;
    if (index == groups.labels.size()) {
      candidates.push_back(index);
      groups.labels.push_back(std::move(labels));
    }
    groups.of_series.push_back(index);
  }
  return groups;
}

std::optional<kernels::Accumulator::Op> accumulator_op(AggregateOp op) {
  using Op = kernels::Accumulator::Op;
  switch (op) {
    case AggregateOp::sum: return Op::sum;
    case AggregateOp::avg: return Op::avg;
    case AggregateOp::count: return Op::count;
    case AggregateOp::min: return Op::min;
    case AggregateOp::max: return Op::max;
    case AggregateOp::group: return Op::group;
    case AggregateOp::stddev: return Op::stddev;
    case AggregateOp::stdvar: return Op::stdvar;
    default: return std::nullopt;
  }
}

StepVector to_series(const Groups& groups, std::vector<double> values, const std::vector<uint32_t>& counts,
                     size_t steps) {
  StepVector out;
  for (size_t g = 0; g < groups.labels.size(); ++g) {
    StepSeries series{groups.labels[g], std::vector<double>(values.begin() + static_cast<ptrdiff_t>(g * steps),
                                                            values.begin() + static_cast<ptrdiff_t>((g + 1) * steps))};
    for (size_t s = 0; s < steps; ++s)
      if (counts[g * steps + s] == 0) series.values[s] = absent();
    out.push_back(std::move(series));
  }
  drop_empty_series(out);
  return out;
}

// sum and count, the aggregations of nearly every dashboard, without the
// general accumulator's per-value dispatch. The sum starts from the first
// value itself, as Prometheus's does (so -0 stays -0).
StepVector sum_or_count(const StepVector& input, const Groups& groups, bool count_only, size_t steps) {
  std::vector<double> totals(groups.labels.size() * steps, 0.0);
  std::vector<uint32_t> counts(groups.labels.size() * steps, 0);
  for (size_t i = 0; i < input.size(); ++i) {
    double* total = &totals[groups.of_series[i] * steps];
    uint32_t* count = &counts[groups.of_series[i] * steps];
    const double* values = input[i].values.data();
    for (size_t s = 0; s < steps; ++s) {
      if (is_absent(values[s])) continue;
      total[s] = count[s] == 0 ? values[s] : total[s] + values[s];
      ++count[s];
    }
  }
  if (count_only)
    for (size_t k = 0; k < totals.size(); ++k) totals[k] = counts[k];
  return to_series(groups, std::move(totals), counts, steps);
}

StepVector accumulate(const StepVector& input, const Groups& groups, kernels::Accumulator::Op op, size_t steps) {
  if (op == kernels::Accumulator::Op::sum || op == kernels::Accumulator::Op::count)
    return sum_or_count(input, groups, op == kernels::Accumulator::Op::count, steps);
  std::vector<kernels::Accumulator> accumulators(groups.labels.size() * steps, kernels::Accumulator(op));
  for (size_t i = 0; i < input.size(); ++i) {
    auto* group = &accumulators[groups.of_series[i] * steps];
    const auto& values = input[i].values;
    for (size_t s = 0; s < steps; ++s)
      if (!is_absent(values[s])) group[s].add(values[s]);
  }
  StepVector out;
  out.reserve(groups.labels.size());
  for (size_t g = 0; g < groups.labels.size(); ++g) {
    StepSeries series{groups.labels[g], std::vector<double>(steps, absent())};
    for (size_t s = 0; s < steps; ++s) {
      const auto& accumulator = accumulators[g * steps + s];
      if (!accumulator.empty()) series.values[s] = accumulator.result();
    }
    out.push_back(std::move(series));
  }
  drop_empty_series(out);
  return out;
}

StepVector quantiles(const StepVector& input, const Groups& groups, double q, size_t steps) {
  StepVector out;
  std::vector<std::vector<size_t>> members(groups.labels.size());
  for (size_t i = 0; i < input.size(); ++i) members[groups.of_series[i]].push_back(i);
  std::vector<double> values;
  for (size_t g = 0; g < groups.labels.size(); ++g) {
    StepSeries series{groups.labels[g], std::vector<double>(steps, absent())};
    for (size_t s = 0; s < steps; ++s) {
      values.clear();
      for (size_t i : members[g])
        if (!is_absent(input[i].values[s])) values.push_back(input[i].values[s]);
      if (!values.empty()) series.values[s] = kernels::quantile(q, values);
    }
    out.push_back(std::move(series));
  }
  drop_empty_series(out);
  return out;
}

// topk and bottomk: the selected input series keep their labels. For one
// step the output is ordered as Prometheus orders it: groups in order, each
// sorted by value, NaN last.
StepVector select_k(StepVector input, const Groups& groups, double k_value, bool top, size_t steps) {
  if (std::isnan(k_value) || k_value >= 9.223372036854775807e18 || k_value < -9.223372036854775808e18)
    fail("Scalar value " + std::string(std::isnan(k_value) ? "NaN" : std::to_string(k_value)) + " overflows int64");
  int64_t k = static_cast<int64_t>(k_value);
  k = std::min<int64_t>(k, static_cast<int64_t>(input.size()));
  if (k < 1) return {};
  auto before = [top](double a, double b) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
    return top ? a > b : a < b;
  };
  std::vector<std::vector<size_t>> members(groups.labels.size());
  for (size_t i = 0; i < input.size(); ++i) members[groups.of_series[i]].push_back(i);
  std::vector<std::vector<double>> kept(input.size());
  std::vector<size_t> order;  // for one step: series in output order
  std::vector<size_t> present;
  for (size_t s = 0; s < steps; ++s) {
    for (const auto& group : members) {
      present.clear();
      for (size_t i : group)
        if (!is_absent(input[i].values[s])) present.push_back(i);
      std::stable_sort(present.begin(), present.end(),
                       [&](size_t a, size_t b) { return before(input[a].values[s], input[b].values[s]); });
      if (present.size() > static_cast<size_t>(k)) present.resize(static_cast<size_t>(k));
      for (size_t i : present) {
        if (kept[i].empty()) kept[i].assign(steps, absent());
        kept[i][s] = input[i].values[s];
        if (steps == 1) order.push_back(i);
      }
    }
  }
  StepVector out;
  if (steps == 1) {
    for (size_t i : order) out.push_back({std::move(input[i].labels), std::move(kept[i])});
    return out;
  }
  for (size_t i = 0; i < input.size(); ++i)
    if (!kept[i].empty()) out.push_back({std::move(input[i].labels), std::move(kept[i])});
  return out;
}

std::string format_count_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buffer[512];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), v, std::chars_format::fixed);
  return std::string(buffer, error == std::errc() ? end : buffer);
}

bool is_valid_label_name(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

StepVector count_by_value(const StepVector& input, const Aggregate& aggregate, const std::string& label, size_t steps) {
  if (!is_valid_label_name(label)) fail("invalid label name \"" + label + "\"");
  Grouping grouping(aggregate);
  if (!aggregate.without) grouping.add_name(label);
  StepVector out;
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash;
  for (size_t s = 0; s < steps; ++s) {
    for (const auto& series : input) {
      if (is_absent(series.values[s])) continue;
      auto labels = grouping.labels(
          storage::LabelSetBuilder(series.labels).set(label, format_count_value(series.values[s])).labels());
      auto& candidates = by_hash[labels.hash()];
      size_t index = out.size();
      for (size_t o : candidates)
        if (out[o].labels == labels) index = o;
      if (index == out.size()) {
        candidates.push_back(index);
        out.push_back({std::move(labels), std::vector<double>(steps, absent())});
      }
      double& count = out[index].values[s];
      count = is_absent(count) ? 1 : count + 1;
    }
  }
  return out;
}

}  // namespace

Evaluated Evaluator::eval_aggregate(const Aggregate& aggregate, const StepGrid& grid) {
  const size_t steps = grid.size();
  Evaluated out;
  if (aggregate.op == AggregateOp::count_values) {
    Evaluated label = eval(*aggregate.param, grid);
    Evaluated input = eval(*aggregate.expr, grid);
    out.vector = count_by_value(input.vector, aggregate, label.string, steps);
    hold_samples(out.vector.size() * steps);
    return out;
  }
  double param = 0;
  if (aggregate.param) {
    auto values = as_scalar(eval(*aggregate.param, grid), steps);
    param = values.empty() ? 0 : values.front();
  }
  Evaluated input = eval(*aggregate.expr, grid);
  const Groups groups = group_series(input.vector, Grouping(aggregate));
  switch (aggregate.op) {
    case AggregateOp::topk:
    case AggregateOp::bottomk:
      out.vector = select_k(std::move(input.vector), groups, param, aggregate.op == AggregateOp::topk, steps);
      break;
    case AggregateOp::quantile: out.vector = quantiles(input.vector, groups, param, steps); break;
    default: out.vector = accumulate(input.vector, groups, *accumulator_op(aggregate.op), steps); break;
  }
  return out;
}

}  // namespace vigil::promql::engine
