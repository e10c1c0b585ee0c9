// Aggregation operators (sum, avg, topk, quantile, count_values, ...) over
// groups of series, evaluated per step with Prometheus's arithmetic.

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "promql/engine/evaluator.h"
#include "promql/engine/series_ops.h"
#include "core/go_text.h"
#include "promql/kernels/value_kernels.h"
#include "storage/labels/label_set_builder.h"
#include "storage/labels/validation.h"

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

// Output groups numbered in order of first appearance, as Prometheus numbers
// them, assigned as series arrive.
class GroupIndex {
 public:
  explicit GroupIndex(Grouping grouping) : grouping_(std::move(grouping)) {}

  size_t group_of(const storage::LabelSet& series_labels) {
    auto labels = grouping_.labels(series_labels);
    auto& candidates = by_hash_[labels.hash()];
    for (size_t g : candidates)
      if (labels_[g] == labels) return g;
    candidates.push_back(labels_.size());
    labels_.push_back(std::move(labels));
    return labels_.size() - 1;
  }
  const std::vector<storage::LabelSet>& labels() const noexcept { return labels_; }

 private:
  Grouping grouping_;
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash_;
  std::vector<storage::LabelSet> labels_;
};

struct Groups {
  std::vector<storage::LabelSet> labels;
  std::vector<size_t> of_series;
};

Groups group_series(const StepVector& input, const Grouping& grouping) {
  GroupIndex index(grouping);
  Groups groups;
  for (const auto& series : input) groups.of_series.push_back(index.group_of(series.labels));
  groups.labels = index.labels();
  return groups;
}

std::optional<kernels::Accumulator::Op> accumulator_op(AggregateOp op) {
  using Op = kernels::Accumulator::Op;
  switch (op) {
    case AggregateOp::sum:
      return Op::sum;
    case AggregateOp::avg:
      return Op::avg;
    case AggregateOp::count:
      return Op::count;
    case AggregateOp::min:
      return Op::min;
    case AggregateOp::max:
      return Op::max;
    case AggregateOp::group:
      return Op::group;
    case AggregateOp::stddev:
      return Op::stddev;
    case AggregateOp::stdvar:
      return Op::stdvar;
    default:
      return std::nullopt;
  }
}

// One value per group and step, fed series by series in input order (the
// order Prometheus adds in). sum and count, the aggregations of nearly every
// dashboard, skip the general accumulator's per-value dispatch; their sum
// starts from the first value itself, as Prometheus's does (so -0 stays -0).
class Accumulation {
 public:
  Accumulation(kernels::Accumulator::Op op, size_t steps)
      : op_(op), steps_(steps), plain_(op == kernels::Accumulator::Op::sum || op == kernels::Accumulator::Op::count) {}

  void add(size_t group, const std::vector<double>& values) {
    if (plain_) {
      if (totals_.size() < (group + 1) * steps_) {
        totals_.resize((group + 1) * steps_, 0.0);
        counts_.resize((group + 1) * steps_, 0);
      }
      double* total = &totals_[group * steps_];
      uint32_t* count = &counts_[group * steps_];
      for (size_t s = 0; s < steps_; ++s) {
        if (is_absent(values[s])) continue;
        total[s] = count[s] == 0 ? values[s] : total[s] + values[s];
        ++count[s];
      }
      return;
    }
    if (accumulators_.size() < (group + 1) * steps_)
      accumulators_.resize((group + 1) * steps_, kernels::Accumulator(op_));
    auto* accumulator = &accumulators_[group * steps_];
    for (size_t s = 0; s < steps_; ++s)
      if (!is_absent(values[s])) accumulator[s].add(values[s]);
  }

  StepVector result(const std::vector<storage::LabelSet>& labels) const {
    StepVector out;
    for (size_t g = 0; g < labels.size(); ++g) {
      StepSeries series{labels[g], std::vector<double>(steps_, absent())};
      for (size_t s = 0; s < steps_; ++s) {
        const size_t k = g * steps_ + s;
        if (plain_) {
          if (k < counts_.size() && counts_[k] > 0)
            series.values[s] = op_ == kernels::Accumulator::Op::count ? counts_[k] : totals_[k];
        } else if (k < accumulators_.size() && !accumulators_[k].empty()) {
          series.values[s] = accumulators_[k].result();
        }
      }
      out.push_back(std::move(series));
    }
    drop_empty_series(out);
    return out;
  }

 private:
  kernels::Accumulator::Op op_;
  size_t steps_;
  bool plain_;
  std::vector<double> totals_;
  std::vector<uint32_t> counts_;
  std::vector<kernels::Accumulator> accumulators_;
};

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

StepVector count_by_value(const StepVector& input, const Aggregate& aggregate, const std::string& label, size_t steps) {
  if (!storage::is_valid_label_name(label)) fail("invalid label name \"" + label + "\"");
  Grouping grouping(aggregate);
  if (!aggregate.without) grouping.add_name(label);
  StepVector out;
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash;
  for (size_t s = 0; s < steps; ++s) {
    for (const auto& series : input) {
      if (is_absent(series.values[s])) continue;
      auto labels = grouping.labels(
          storage::LabelSetBuilder(series.labels).set(label, format_go_float_fixed(series.values[s])).labels());
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
    return out;
  }
  double param = 0;
  if (aggregate.param) {
    auto values = as_scalar(eval(*aggregate.param, grid), steps);
    param = values.empty() ? 0 : values.front();
  }
  if (const auto op = accumulator_op(aggregate.op)) {
    // Series are folded into their groups as they come, a block at a time.
    GroupIndex groups{Grouping(aggregate)};
    Accumulation accumulation(*op, steps);
    eval_in_blocks(*aggregate.expr, grid, [&](StepVector&& block) {
      for (const auto& series : block) accumulation.add(groups.group_of(series.labels), series.values);
    });
    out.vector = accumulation.result(groups.labels());
    return out;
  }
  Evaluated input = eval(*aggregate.expr, grid);
  const Groups groups = group_series(input.vector, Grouping(aggregate));
  if (aggregate.op == AggregateOp::quantile) {
    out.vector = quantiles(input.vector, groups, param, steps);
  } else {
    out.vector = select_k(std::move(input.vector), groups, param, aggregate.op == AggregateOp::topk, steps);
  }
  return out;
}

}  // namespace vigil::promql::engine
