// Function calls: those over a range vector are computed series by series
// with a sliding window; the others over instant vectors and scalars.

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <unordered_map>

#include "promql/engine/evaluator.h"
#include "promql/engine/go_float.h"
#include "promql/engine/series_ops.h"
#include "promql/kernels/range_kernels.h"
#include "promql/kernels/value_kernels.h"
#include "storage/labels/label_set_builder.h"

namespace vigil::promql::engine {
namespace {

// The kernel of a function over a range vector, given the step's scalar
// arguments (by argument position) and its evaluation time.
using RangeKernel = std::optional<double> (*)(const kernels::Window&, const std::vector<double>& args, int64_t ts);

RangeKernel find_range_kernel(std::string_view name) {
  using W = const kernels::Window&;
  using A = const std::vector<double>&;
  static const std::unordered_map<std::string_view, RangeKernel> kKernels = {
      {"rate", [](W w, A, int64_t) { return kernels::extrapolated_rate(w, true, true); }},
      {"increase", [](W w, A, int64_t) { return kernels::extrapolated_rate(w, true, false); }},
      {"delta", [](W w, A, int64_t) { return kernels::extrapolated_rate(w, false, false); }},
      {"irate", [](W w, A, int64_t) { return kernels::instant_rate(w, true); }},
      {"idelta", [](W w, A, int64_t) { return kernels::instant_rate(w, false); }},
      {"changes", [](W w, A, int64_t) { return kernels::changes(w); }},
      {"resets", [](W w, A, int64_t) { return kernels::resets(w); }},
      {"deriv", [](W w, A, int64_t) { return kernels::deriv(w); }},
      {"predict_linear", [](W w, A a, int64_t ts) { return kernels::predict_linear(w, a[1], ts); }},
      {"holt_winters", [](W w, A a, int64_t) { return kernels::holt_winters(w, a[1], a[2]); }},
      {"avg_over_time", [](W w, A, int64_t) { return kernels::avg_over_time(w); }},
      {"sum_over_time", [](W w, A, int64_t) { return kernels::sum_over_time(w); }},
      {"count_over_time", [](W w, A, int64_t) { return kernels::count_over_time(w); }},
      {"min_over_time", [](W w, A, int64_t) { return kernels::min_over_time(w); }},
      {"max_over_time", [](W w, A, int64_t) { return kernels::max_over_time(w); }},
      {"stddev_over_time", [](W w, A, int64_t) { return kernels::stddev_over_time(w); }},
      {"stdvar_over_time", [](W w, A, int64_t) { return kernels::stdvar_over_time(w); }},
      {"last_over_time", [](W w, A, int64_t) { return kernels::last_over_time(w); }},
      {"present_over_time", [](W w, A, int64_t) { return kernels::present_over_time(w); }},
      {"quantile_over_time", [](W w, A a, int64_t) { return kernels::quantile_over_time(w, a[0]); }},
      {"mad_over_time", [](W w, A, int64_t) { return kernels::mad_over_time(w); }},
  };
  auto it = kKernels.find(name);
  return it == kKernels.end() ? nullptr : it->second;
}

// Prometheus's labels for absent() and absent_over_time(): the equality
// matchers of a selector argument, minus any label matched twice.
storage::LabelSet absent_labels(const Expr& arg) {
  const Expr& e = unwrap_parens(arg);
  const VectorSelector* selector = std::get_if<VectorSelector>(&e.node);
  if (const auto* matrix = std::get_if<MatrixSelector>(&e.node)) selector = &matrix->selector;
  if (selector == nullptr) return {};
  storage::LabelSetBuilder builder{storage::LabelSet{}};
  std::vector<std::string> seen;
  for (const auto& matcher : selector->matchers) {
    if (matcher.name() == storage::kMetricNameLabel) continue;
    const bool first = std::find(seen.begin(), seen.end(), matcher.name()) == seen.end();
    if (matcher.type() == storage::index::Matcher::Type::equal && first) {
      builder.set(matcher.name(), matcher.value());
      seen.push_back(matcher.name());
    } else {
      builder.del(matcher.name());
    }
  }
  return builder.labels();
}

Evaluated scalar_result(std::vector<double> values) {
  Evaluated out;
  out.type = ValueType::scalar;
  out.scalar = std::move(values);
  return out;
}

Evaluated vector_result(StepVector vector) {
  Evaluated out;
  out.vector = std::move(vector);
  return out;
}

// Applies f to every value, dropping the metric name; f gets the step.
template <class F>
Evaluated map_values(StepVector vector, F f) {
  for (auto& series : vector) {
    series.labels = without_metric_name(series.labels);
    for (size_t s = 0; s < series.values.size(); ++s)
      if (!is_absent(series.values[s])) series.values[s] = f(series.values[s], s);
  }
  merge_same_labels(vector, Collisions::per_step);
  return vector_result(std::move(vector));
}

std::vector<std::string> string_args(const Call& call, size_t from) {
  std::vector<std::string> out;
  for (size_t i = from; i < call.args.size(); ++i)
    out.push_back(std::get<StringLiteral>(unwrap_parens(*call.args[i]).node).value);
  return out;
}

// sort and sort_desc: by value, NaN last either way.
void sort_by_value(StepVector& vector, bool descending) {
  std::stable_sort(vector.begin(), vector.end(), [descending](const StepSeries& a, const StepSeries& b) {
    const double x = a.values[0], y = b.values[0];
    if (std::isnan(x)) return false;
    if (std::isnan(y)) return true;
    return descending ? x > y : x < y;
  });
}

// sort_by_label(_desc) as Prometheus 2.53 does it: by value first, so that
// series with equal label values keep that order, then by the labels in
// natural order.
void sort_single_step(StepVector& vector, std::string_view name, const std::vector<std::string>& by_labels) {
  const bool descending = name == "sort_desc" || name == "sort_by_label_desc";
  sort_by_value(vector, descending);
  if (name == "sort" || name == "sort_desc") return;
  std::stable_sort(vector.begin(), vector.end(), [&](const StepSeries& a, const StepSeries& b) {
    for (const auto& label : by_labels) {
      const auto x = a.labels.get(label), y = b.labels.get(label);
      if (x == y) continue;
      const int c = kernels::natural_compare(x, y);
      return descending ? c > 0 : c < 0;
    }
    return false;
  });
}

// Go's math.Max and math.Min, which clamp uses: NaN wins, unlike fmax.
double go_max(double a, double b) {
  if (std::isinf(a) && a > 0) return a;
  if (std::isinf(b) && b > 0) return b;
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::quiet_NaN();
  if (a == 0 && b == 0) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

double go_min(double a, double b) {
  if (std::isinf(a) && a < 0) return a;
  if (std::isinf(b) && b < 0) return b;
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::quiet_NaN();
  if (a == 0 && b == 0) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

StepVector histogram_quantiles(const StepVector& buckets, const std::vector<double>& q, size_t steps) {
  struct Group {
    storage::LabelSet labels;
    std::vector<std::pair<size_t, double>> members;  // series index, upper bound
  };
  std::vector<Group> groups;
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash;
  for (size_t i = 0; i < buckets.size(); ++i) {
    const auto bound = parse_go_float(buckets[i].labels.get("le"));
    if (!bound) continue;  // Prometheus skips a bucket with a bad `le` (with a warning)
    auto key = storage::LabelSetBuilder(buckets[i].labels).del("le").labels();
    auto& candidates = by_hash[key.hash()];
    size_t index = groups.size();
    for (size_t g : candidates)
      if (groups[g].labels == key) index = g;
    if (index == groups.size()) {
      candidates.push_back(index);
      groups.push_back({std::move(key), {}});
    }
    groups[index].members.emplace_back(i, *bound);
  }
  StepVector out;
  std::vector<kernels::Bucket> step_buckets;
  for (auto& group : groups) {
    StepSeries series{without_metric_name(group.labels), std::vector<double>(steps, absent())};
    for (size_t s = 0; s < steps; ++s) {
      step_buckets.clear();
      for (auto [i, bound] : group.members)
        if (!is_absent(buckets[i].values[s])) step_buckets.push_back({bound, buckets[i].values[s]});
      if (!step_buckets.empty()) series.values[s] = kernels::bucket_quantile(q[s], step_buckets);
    }
    out.push_back(std::move(series));
  }
  merge_same_labels(out, Collisions::per_step);
  return out;
}

}  // namespace

Evaluated Evaluator::eval_call(const Call& call, const StepGrid& grid) {
  const std::string_view name = call.function->name;
  const size_t steps = grid.size();
  if (const auto index = range_argument(call)) return eval_range_call(call, *index, grid);

  if (name == "timestamp") {
    const Expr& arg = unwrap_parens(*call.args[0]);
    if (const auto* selector = std::get_if<VectorSelector>(&arg.node))
      return eval_selector_values(*selector, grid, true);
    return map_values(std::move(eval(arg, grid).vector),
                      [&](double, size_t s) { return static_cast<double>(grid.at(s)) / 1000.0; });
  }
  if (name == "time") {
    std::vector<double> values(steps);
    for (size_t s = 0; s < steps; ++s) values[s] = static_cast<double>(grid.at(s)) / 1000.0;
    return scalar_result(std::move(values));
  }
  if (name == "pi") return scalar_result(std::vector<double>(steps, std::numbers::pi));
  if (name == "vector") {
    StepVector out;
    out.push_back({storage::LabelSet{}, as_scalar(eval(*call.args[0], grid), steps)});
    return vector_result(std::move(out));
  }
  if (name == "scalar") {
    Evaluated input = eval(*call.args[0], grid);
    std::vector<double> values(steps, std::numeric_limits<double>::quiet_NaN());
    for (size_t s = 0; s < steps; ++s) {
      size_t present = 0;
      for (const auto& series : input.vector)
        if (!is_absent(series.values[s])) {
          ++present;
          values[s] = series.values[s];
        }
      if (present != 1) values[s] = std::numeric_limits<double>::quiet_NaN();
    }
    return scalar_result(std::move(values));
  }
  if (name == "absent") {
    Evaluated input = eval(*call.args[0], grid);
    StepSeries result{absent_labels(*call.args[0]), std::vector<double>(steps, 1.0)};
    for (const auto& series : input.vector)
      for (size_t s = 0; s < steps; ++s)
        if (!is_absent(series.values[s])) result.values[s] = absent();
    StepVector out;
    out.push_back(std::move(result));
    drop_empty_series(out);
    return vector_result(std::move(out));
  }
  if (auto f = kernels::find_value_function(name))
    return map_values(std::move(eval(*call.args[0], grid).vector), [f](double v, size_t) { return f(v); });
  if (auto f = kernels::find_date_function(name)) {
    if (call.args.empty()) {
      StepVector out;
      out.push_back({storage::LabelSet{}, std::vector<double>(steps)});
      for (size_t s = 0; s < steps; ++s) out[0].values[s] = f(static_cast<double>(grid.at(s) / 1000));
      return vector_result(std::move(out));
    }
    return map_values(std::move(eval(*call.args[0], grid).vector), [f](double v, size_t) { return f(v); });
  }
  if (name == "clamp" || name == "clamp_min" || name == "clamp_max" || name == "round") {
    StepVector input = std::move(eval(*call.args[0], grid).vector);
    std::vector<std::vector<double>> args;
    for (size_t i = 1; i < call.args.size(); ++i) args.push_back(as_scalar(eval(*call.args[i], grid), steps));
    if (name == "round") {
      if (args.empty()) args.emplace_back(steps, 1.0);
      return map_values(std::move(input), [&](double v, size_t s) { return kernels::round_to(v, args[0][s]); });
    }
    if (name == "clamp") {
      // Prometheus gives nothing at a step where max < min.
      for (auto& series : input)
        for (size_t s = 0; s < steps; ++s)
          if (args[1][s] < args[0][s]) series.values[s] = absent();
      return map_values(std::move(input),
                        [&](double v, size_t s) { return go_max(args[0][s], go_min(args[1][s], v)); });
    }
    if (name == "clamp_min")
      return map_values(std::move(input), [&](double v, size_t s) { return go_max(args[0][s], v); });
    return map_values(std::move(input), [&](double v, size_t s) { return go_min(args[0][s], v); });
  }
  if (name == "sort" || name == "sort_desc" || name == "sort_by_label" || name == "sort_by_label_desc") {
    StepVector input = std::move(eval(*call.args[0], grid).vector);
    if (steps == 1) sort_single_step(input, name, string_args(call, 1));
    return vector_result(std::move(input));
  }
  if (name == "label_replace") {
    const auto strings = string_args(call, 1);
    auto replacer = kernels::LabelReplacer::make(strings[0], strings[1], strings[2], strings[3]);
    if (!replacer) fail(replacer.error().message);
    StepVector input = std::move(eval(*call.args[0], grid).vector);
    for (auto& series : input) series.labels = replacer->apply(series.labels);
    merge_same_labels(input, Collisions::whole_range);
    return vector_result(std::move(input));
  }
  if (name == "label_join") {
    const auto strings = string_args(call, 1);
    const std::span<const std::string> sources(strings.begin() + 2, strings.end());
    if (auto checked = kernels::check_label_join(strings[0], sources); !checked) fail(checked.error().message);
    StepVector input = std::move(eval(*call.args[0], grid).vector);
    for (auto& series : input) series.labels = kernels::label_join(series.labels, strings[0], strings[1], sources);
    merge_same_labels(input, Collisions::whole_range);
    return vector_result(std::move(input));
  }
  if (name == "histogram_quantile") {
    const auto q = as_scalar(eval(*call.args[0], grid), steps);
    return vector_result(histogram_quantiles(eval(*call.args[1], grid).vector, q, steps));
  }
  // The native-histogram functions (histogram_count, histogram_sum, ...)
  // ignore float samples, and Vigil stores no others.
  for (const auto& arg : call.args) eval(*arg, grid);
  return vector_result({});
}

Evaluated Evaluator::eval_range_call(const Call& call, size_t range_arg, const StepGrid& grid) {
  if (call.function->name != "absent_over_time") {
    StepVector out;
    range_call_blocks(call, range_arg, grid, [&](StepVector&& block) {
      for (auto& series : block) out.push_back(std::move(series));
    });
    return vector_result(std::move(out));
  }
  const size_t steps = grid.size();
  const RangeWindow window = range_window(*call.args[range_arg]);
  const RangeSource source = eval_range(*call.args[range_arg], grid);
  std::vector<bool> covered(steps, false);
  for (size_t i = 0; i < source.size(); ++i) {
    const SampleSeries series = source.read(i);
    for (size_t s = 0; s < steps; ++s) {
      const int64_t ref = window.reference(grid.at(s));
      auto it = std::lower_bound(series.samples.begin(), series.samples.end(), ref - window.range_ms,
                                 [](const storage::Sample& sample, int64_t t) { return sample.t < t; });
      if (it != series.samples.end() && it->t <= ref) covered[s] = true;
    }
  }
  StepSeries result{absent_labels(*call.args[range_arg]), std::vector<double>(steps, absent())};
  for (size_t s = 0; s < steps; ++s)
    if (!covered[s]) result.values[s] = 1.0;
  StepVector out;
  out.push_back(std::move(result));
  drop_empty_series(out);
  return vector_result(std::move(out));
}

void Evaluator::range_call_blocks(const Call& call, size_t range_arg, const StepGrid& grid,
                                  const BlockConsumer& consume) {
  const std::string_view name = call.function->name;
  const size_t steps = grid.size();
  std::vector<std::vector<double>> scalar_args(call.args.size());
  for (size_t i = 0; i < call.args.size(); ++i)
    if (i != range_arg) scalar_args[i] = as_scalar(eval(*call.args[i], grid), steps);
  const RangeKernel kernel = find_range_kernel(name);
  if (kernel == nullptr) fail("function " + std::string(name) + " is not supported over a range vector");
  const bool keeps_name = name == "last_over_time";
  const bool holt_winters = name == "holt_winters";
  // rate and increase look for counter resets in every window; counting the
  // drops once per series lets windows without any skip the search.
  const bool counts_drops = name == "rate" || name == "increase";
  const RangeWindow window = range_window(*call.args[range_arg]);
  const RangeSource source = eval_range(*call.args[range_arg], grid);
  // Dropping the metric name can make two results equal, which Prometheus
  // refuses over the whole range; the input's label sets are all different.
  UniqueLabels seen;
  in_blocks(
      source.size(), steps,
      [&](size_t i) -> StepSeries {
        thread_local std::vector<uint32_t> drops;
        std::vector<double> args_at_step(call.args.size());
        SampleSeries series = source.read(i);
        const auto& samples = series.samples;
        if (samples.empty()) return {};
        if (counts_drops) {
          drops.resize(samples.size());
          uint32_t count = 0;
          for (size_t k = 0; k < samples.size(); ++k) {
            if (k > 0 && samples[k].v < samples[k - 1].v) ++count;
            drops[k] = count;
          }
        }
        std::vector<double> values(steps, absent());
        bool any = false;
        size_t lo = 0, hi = 0, work = 0;
        for (size_t s = 0; s < steps; ++s) {
          // Windows can be long (a subquery `[7d:1s]`): one series alone may
          // outlast the timeout.
          if (work > 65536) {
            check_interrupt();
            work = 0;
          }
          const int64_t ts = grid.at(s);
          const int64_t ref = window.reference(ts);
          const int64_t mint = ref - window.range_ms;
          while (lo < samples.size() && samples[lo].t < mint) ++lo;
          if (hi < lo) hi = lo;
          while (hi < samples.size() && samples[hi].t <= ref) ++hi;
          if (hi == lo) continue;
          work += hi - lo;
          for (size_t a = 0; a < call.args.size(); ++a)
            if (a != range_arg) args_at_step[a] = scalar_args[a][s];
          if (holt_winters)
            if (auto error = kernels::holt_winters_error(args_at_step[1], args_at_step[2])) fail(error->message);
          const kernels::Window w{std::span(samples).subspan(lo, hi - lo), mint, ref,
                                  counts_drops && drops[hi - 1] == drops[lo]};
          if (auto value = kernel(w, args_at_step, ts)) {
            values[s] = *value;
            any = true;
          }
        }
        if (!any) return {};
        return {keeps_name ? std::move(series.labels) : without_metric_name(series.labels), std::move(values)};
      },
      [&](StepVector&& block) {
        if (!keeps_name) seen.add(block);
        consume(std::move(block));
      });
}

}  // namespace vigil::promql::engine
