#include "promql/engine/evaluator.h"

#include <algorithm>
#include <limits>

#include "promql/engine/series_ops.h"

namespace vigil::promql::engine {

void fail(std::string message) { throw QueryFailure{QueryErrorType::execution, std::move(message)}; }

Evaluator::Evaluator(const Queryable& data, const EngineOptions& options, int64_t query_start_ms,
                     int64_t query_end_ms, std::chrono::steady_clock::time_point deadline, std::stop_token stop)
    : data_(data),
      options_(options),
      query_start_ms_(query_start_ms),
      query_end_ms_(query_end_ms),
      deadline_(deadline),
      stop_(std::move(stop)) {}

void Evaluator::check_interrupt() {
  if (stop_.stop_requested()) throw QueryFailure{QueryErrorType::canceled, "query was canceled in expression evaluation"};
  if (std::chrono::steady_clock::now() > deadline_)
    throw QueryFailure{QueryErrorType::timeout, "query timed out in expression evaluation"};
}

void Evaluator::hold_samples(uint64_t count) {
  held_samples_ += count;
  if (held_samples_ > options_.max_samples)
    throw QueryFailure{QueryErrorType::execution,
                       "query processing would load too many samples into memory in query execution"};
}

std::optional<int64_t> Evaluator::resolve_at(const std::optional<AtModifier>& at) const {
  if (!at) return std::nullopt;
  switch (at->anchor) {
    case AtModifier::Anchor::start: return query_start_ms_;
    case AtModifier::Anchor::end: return query_end_ms_;
    case AtModifier::Anchor::timestamp: return at->timestamp_ms;
  }
  return std::nullopt;
}

std::vector<double> as_scalar(Evaluated value, size_t steps) {
  if (value.type == ValueType::scalar) return std::move(value.scalar);
  return std::vector<double>(steps, std::numeric_limits<double>::quiet_NaN());
}

void Evaluator::select(const VectorSelector& selector, int64_t mint, int64_t maxt,
                       const std::function<void(storage::SeriesData&&)>& visit) {
  check_interrupt();
  auto selected = data_.select(mint, maxt, selector.matchers, [&](storage::SeriesData&& series) {
    if ((++interrupt_counter_ & 255) == 0) check_interrupt();
    visit(std::move(series));
  });
  if (!selected) throw QueryFailure{QueryErrorType::internal, "expanding series: " + selected.error().message};
}

Evaluated Evaluator::eval(const Expr& expr, const StepGrid& grid) {
  check_interrupt();
  // The children's results are consumed once this node is done: from then
  // on only its own result counts as held.
  const uint64_t held_before = held_samples_;
  Evaluated result = dispatch(expr, grid);
  held_samples_ = held_before;
  uint64_t held = count_present(result.vector);
  for (const auto& series : result.matrix) held += series.samples.size();
  hold_samples(held);
  return result;
}

Evaluated Evaluator::dispatch(const Expr& expr, const StepGrid& grid) {
  const size_t steps = grid.size();
  return std::visit(
      [&](const auto& node) -> Evaluated {
        using Node = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<Node, NumberLiteral>) {
          Evaluated out;
          out.type = ValueType::scalar;
          out.scalar.assign(steps, node.value);
          return out;
        } else if constexpr (std::is_same_v<Node, StringLiteral>) {
          Evaluated out;
          out.type = ValueType::string;
          out.string = node.value;
          return out;
        } else if constexpr (std::is_same_v<Node, VectorSelector>) {
          return eval_vector_selector(node, grid);
        } else if constexpr (std::is_same_v<Node, MatrixSelector> || std::is_same_v<Node, Subquery>) {
          return eval_matrix_at_top(expr, grid);
        } else if constexpr (std::is_same_v<Node, Call>) {
          return eval_call(node, grid);
        } else if constexpr (std::is_same_v<Node, Aggregate>) {
          return eval_aggregate(node, grid);
        } else if constexpr (std::is_same_v<Node, Binary>) {
          return eval_binary(node, grid);
        } else if constexpr (std::is_same_v<Node, Unary>) {
          return eval_unary(node, grid);
        } else {
          static_assert(std::is_same_v<Node, Paren>);
          return eval(*node.expr, grid);
        }
      },
      expr.node);
}

namespace {

// The newest sample at or before `ref` that is no older than the lookback,
// unless it is a staleness marker. `next` is the index of the first sample
// after the previous step's reference; references never decrease.
const storage::Sample* sample_at(const std::vector<storage::Sample>& samples, size_t& next, int64_t ref,
                                 int64_t lookback_ms) {
  while (next < samples.size() && samples[next].t <= ref) ++next;
  if (next == 0) return nullptr;
  const auto& sample = samples[next - 1];
  if (sample.t < ref - lookback_ms || storage::is_stale_nan(sample.v)) return nullptr;
  return &sample;
}

}  // namespace

Evaluated Evaluator::eval_vector_selector(const VectorSelector& selector, const StepGrid& grid) {
  const auto at = resolve_at(selector.at);
  const int64_t offset = selector.offset.count();
  const size_t steps = grid.size();
  Evaluated out;
  out.type = ValueType::vector;
  uint64_t held = 0;
  select(selector, (at ? *at : grid.start) - offset - options_.lookback_delta_ms, (at ? *at : grid.end) - offset,
         [&](storage::SeriesData&& series) {
           StepSeries result{std::move(series.labels), std::vector<double>(steps, absent())};
           size_t next = 0;
           bool any = false;
           for (size_t s = 0; s < steps; ++s) {
             const int64_t ref = (at ? *at : grid.at(s)) - offset;
             if (const auto* sample = sample_at(series.samples, next, ref, options_.lookback_delta_ms)) {
               result.values[s] = stored_value(sample->v);
               any = true;
               ++held;
             }
           }
           if (any) out.vector.push_back(std::move(result));
         });
  hold_samples(held);
  return out;
}

Evaluated Evaluator::eval_timestamp_of_selector(const VectorSelector& selector, const StepGrid& grid) {
  const auto at = resolve_at(selector.at);
  const int64_t offset = selector.offset.count();
  const size_t steps = grid.size();
  Evaluated out;
  out.type = ValueType::vector;
  select(selector, (at ? *at : grid.start) - offset - options_.lookback_delta_ms, (at ? *at : grid.end) - offset,
         [&](storage::SeriesData&& series) {
           StepSeries result{without_metric_name(series.labels), std::vector<double>(steps, absent())};
           size_t next = 0;
           for (size_t s = 0; s < steps; ++s) {
             const int64_t ref = (at ? *at : grid.at(s)) - offset;
             if (const auto* sample = sample_at(series.samples, next, ref, options_.lookback_delta_ms))
               result.values[s] = static_cast<double>(sample->t) / 1000.0;
           }
           out.vector.push_back(std::move(result));
         });
  merge_same_labels(out.vector, Collisions::per_step);
  hold_samples(count_present(out.vector));
  return out;
}

namespace {

const Expr& unwrap_parens(const Expr& expr) {
  const Expr* e = &expr;
  while (const auto* paren = std::get_if<Paren>(&e->node)) e = paren->expr.get();
  return *e;
}

// Keeps the samples in [mint, maxt] without staleness markers.
void keep_window(std::vector<storage::Sample>& samples, int64_t mint, int64_t maxt) {
  size_t out = 0;
  for (const auto& sample : samples)
    if (sample.t >= mint && sample.t <= maxt && !storage::is_stale_nan(sample.v))
      samples[out++] = {sample.t, stored_value(sample.v)};
  samples.resize(out);
}

}  // namespace

RangeWindow Evaluator::range_window(const Expr& expr) const {
  const Expr& inner = unwrap_parens(expr);
  if (const auto* subquery = std::get_if<Subquery>(&inner.node))
    return {subquery->range.count(), subquery->offset.count(), resolve_at(subquery->at)};
  const auto& matrix = std::get<MatrixSelector>(inner.node);
  return {matrix.range.count(), matrix.selector.offset.count(), resolve_at(matrix.selector.at)};
}

void Evaluator::eval_range(const Expr& expr, const StepGrid& grid, const SampleSeriesVisitor& visit) {
  const Expr& inner = unwrap_parens(expr);
  if (const auto* subquery = std::get_if<Subquery>(&inner.node)) return eval_subquery_range(*subquery, grid, visit);
  const auto& matrix = std::get<MatrixSelector>(inner.node);
  const RangeWindow window = range_window(expr);
  const int64_t mint = window.reference(grid.start) - window.range_ms;
  const int64_t maxt = window.reference(grid.end);
  select(matrix.selector, mint, maxt, [&](storage::SeriesData&& series) {
    keep_window(series.samples, mint, maxt);
    if (series.samples.empty()) return;
    hold_samples(series.samples.size());
    const uint64_t held = series.samples.size();
    visit(SampleSeries{std::move(series.labels), std::move(series.samples)});
    release_samples(held);
  });
}

void Evaluator::eval_subquery_range(const Subquery& subquery, const StepGrid& grid,
                                    const SampleSeriesVisitor& visit) {
  const RangeWindow window{subquery.range.count(), subquery.offset.count(), resolve_at(subquery.at)};
  const int64_t step = subquery.step.count() > 0 ? subquery.step.count() : options_.default_subquery_step_ms;
  const int64_t last_ref = window.reference(grid.end);
  // The first multiple of the step at or after the window's start, so that
  // subquery points do not depend on when the query runs.
  const int64_t from = window.reference(grid.start) - window.range_ms;
  int64_t inner_start = step * (from / step);
  if (inner_start < from) inner_start += step;
  if (inner_start > last_ref) return;
  const StepGrid inner{inner_start, last_ref, step};
  Evaluated value = eval(*subquery.expr, inner);
  const uint64_t held = count_present(value.vector);
  for (auto& series : value.vector) {
    SampleSeries out{std::move(series.labels), {}};
    for (size_t s = 0; s < series.values.size(); ++s)
      if (!is_absent(series.values[s])) out.samples.push_back({inner.at(s), series.values[s]});
    std::vector<double>().swap(series.values);
    if (!out.samples.empty()) visit(std::move(out));
  }
  release_samples(held);
}

Evaluated Evaluator::eval_matrix_at_top(const Expr& expr, const StepGrid& grid) {
  if (grid.size() != 1) fail("cannot do range evaluation of matrix selector");
  Evaluated out;
  out.type = ValueType::matrix;
  uint64_t held = 0;
  eval_range(expr, grid, [&](SampleSeries&& series) {
    held += series.samples.size();
    out.matrix.push_back(std::move(series));
  });
  hold_samples(held);
  return out;
}

Evaluated Evaluator::eval_unary(const Unary& unary, const StepGrid& grid) {
  Evaluated value = eval(*unary.expr, grid);
  if (!unary.negate) return value;
  if (value.type == ValueType::scalar) {
    for (double& v : value.scalar) v = -v;
    return value;
  }
  for (auto& series : value.vector) {
    series.labels = without_metric_name(series.labels);
    for (double& v : series.values)
      if (!is_absent(v)) v = -v;
  }
  merge_same_labels(value.vector, Collisions::whole_range);
  return value;
}

}  // namespace vigil::promql::engine
