#include "promql/engine/evaluator.h"

#include <algorithm>
#include <limits>
#include <thread>

#include "promql/engine/parallel.h"
#include "promql/engine/series_ops.h"

namespace vigil::promql::engine {

void fail(std::string message) { throw QueryFailure{QueryErrorType::execution, std::move(message)}; }

Evaluator::Evaluator(const Queryable& data, const EngineOptions& options, int64_t query_start_ms, int64_t query_end_ms,
                     std::chrono::steady_clock::time_point deadline, std::stop_token stop)
    : data_(data),
      options_(options),
      query_start_ms_(query_start_ms),
      query_end_ms_(query_end_ms),
      deadline_(deadline),
      stop_(std::move(stop)),
      threads_(options.parallelism > 0 ? options.parallelism : std::max(1u, std::thread::hardware_concurrency())) {}

void Evaluator::for_each_range(size_t n, const std::function<void(size_t, size_t)>& body) {
  // A series costs a pass over every step (hundreds, in a dashboard's range
  // query); below a few dozen series a thread costs more than it saves.
  parallel_ranges(n, threads_, 32, body);
}

void Evaluator::check_interrupt() {
  if (stop_.stop_requested())
    throw QueryFailure{QueryErrorType::canceled, "query was canceled in expression evaluation"};
  if (std::chrono::steady_clock::now() > deadline_)
    throw QueryFailure{QueryErrorType::timeout, "query timed out in expression evaluation"};
}

void Evaluator::hold_samples(uint64_t count) {
  if (held_samples_.fetch_add(count) + count > options_.max_samples)
    throw QueryFailure{QueryErrorType::execution,
                       "query processing would load too many samples into memory in query execution"};
}

std::optional<int64_t> Evaluator::resolve_at(const std::optional<AtModifier>& at) const {
  if (!at) return std::nullopt;
  switch (at->anchor) {
    case AtModifier::Anchor::start:
      return query_start_ms_;
    case AtModifier::Anchor::end:
      return query_end_ms_;
    case AtModifier::Anchor::timestamp:
      return at->timestamp_ms;
  }
  return std::nullopt;
}

std::vector<double> as_scalar(Evaluated value, size_t steps) {
  if (value.type == ValueType::scalar) return std::move(value.scalar);
  return std::vector<double>(steps, std::numeric_limits<double>::quiet_NaN());
}

std::unique_ptr<SelectedSeries> Evaluator::select(const VectorSelector& selector, int64_t mint, int64_t maxt) {
  check_interrupt();
  auto selected = data_.select(mint, maxt, selector.matchers);
  if (!selected) throw QueryFailure{QueryErrorType::internal, "expanding series: " + selected.error().message};
  return std::move(*selected);
}

namespace {

std::vector<storage::Sample> read_samples(const SelectedSeries& selection, size_t i) {
  auto samples = selection.samples(i);
  if (!samples) throw QueryFailure{QueryErrorType::internal, "expanding series: " + samples.error().message};
  return std::move(*samples);
}

}  // namespace

Evaluated Evaluator::eval(const Expr& expr, const StepGrid& grid) {
  check_interrupt();
  // Every series of a node holds a slot per step: a grid with more steps
  // than the sample limit could not hold even one (a subquery `[1y:1ms]`).
  if (grid.size() > options_.max_samples) hold_samples(grid.size());
  // The children's results are consumed once this node is done: from then
  // on only its own result counts as held.
  const uint64_t held_before = held_samples_.load();
  Evaluated result = dispatch(expr, grid);
  held_samples_.store(held_before);
  // A series holds a slot per step whether or not each has a value: the
  // limit bounds memory.
  uint64_t held = result.vector.size() * grid.size();
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
          return eval_selector_values(node, grid, false);
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

void Evaluator::in_blocks(size_t n, size_t steps, const std::function<StepSeries(size_t)>& compute,
                          const BlockConsumer& consume) {
  // A few megabytes of values per block at dashboard resolutions.
  constexpr size_t kBlock = 1024;
  for (size_t first = 0; first < n; first += kBlock) {
    StepVector block(std::min(kBlock, n - first));
    for_each_range(block.size(), [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        check_interrupt();
        block[i] = compute(first + i);
        if (!block[i].values.empty()) hold_samples(steps);
      }
    });
    std::erase_if(block, [](const StepSeries& series) { return series.values.empty(); });
    const uint64_t held = block.size() * steps;
    consume(std::move(block));
    release_samples(held);
  }
}

void Evaluator::selector_blocks(const VectorSelector& selector, const StepGrid& grid, bool timestamps,
                                const BlockConsumer& consume) {
  const auto at = resolve_at(selector.at);
  const int64_t offset = selector.offset.count();
  const size_t steps = grid.size();
  auto selection =
      select(selector, (at ? *at : grid.start) - offset - options_.lookback_delta_ms, (at ? *at : grid.end) - offset);
  in_blocks(
      selection->size(), steps,
      [&](size_t i) -> StepSeries {
        const auto samples = read_samples(*selection, i);
        std::vector<double> values(steps, absent());
        size_t next = 0;
        bool any = false;
        for (size_t s = 0; s < steps; ++s) {
          const int64_t ref = (at ? *at : grid.at(s)) - offset;
          if (const auto* sample = sample_at(samples, next, ref, options_.lookback_delta_ms)) {
            values[s] = timestamps ? static_cast<double>(sample->t) / 1000.0 : stored_value(sample->v);
            any = true;
          }
        }
        if (!any) return {};
        const auto& labels = selection->labels(i);
        return {timestamps ? without_metric_name(labels) : labels, std::move(values)};
      },
      consume);
}

Evaluated Evaluator::eval_selector_values(const VectorSelector& selector, const StepGrid& grid, bool timestamps) {
  Evaluated out;
  selector_blocks(selector, grid, timestamps, [&](StepVector&& block) {
    for (auto& series : block) out.vector.push_back(std::move(series));
  });
  if (timestamps) merge_same_labels(out.vector, Collisions::per_step);
  return out;
}

void Evaluator::eval_in_blocks(const Expr& expr, const StepGrid& grid, const BlockConsumer& consume) {
  check_interrupt();
  const Expr& inner = unwrap_parens(expr);
  if (const auto* selector = std::get_if<VectorSelector>(&inner.node))
    return selector_blocks(*selector, grid, false, consume);
  if (const auto* call = std::get_if<Call>(&inner.node); call != nullptr && call->function->name != "absent_over_time")
    if (const auto index = range_argument(*call)) return range_call_blocks(*call, *index, grid, consume);
  consume(std::move(eval(expr, grid).vector));
}

const Expr& unwrap_parens(const Expr& expr) {
  const Expr* e = &expr;
  while (const auto* paren = std::get_if<Paren>(&e->node)) e = paren->expr.get();
  return *e;
}

std::optional<size_t> range_argument(const Call& call) {
  for (size_t i = 0; i < call.args.size(); ++i) {
    const Expr& arg = unwrap_parens(*call.args[i]);
    if (std::holds_alternative<MatrixSelector>(arg.node) || std::holds_alternative<Subquery>(arg.node)) return i;
  }
  return std::nullopt;
}

namespace {}  // namespace

RangeSource RangeSource::of_selection(std::unique_ptr<SelectedSeries> selection, int64_t mint, int64_t maxt) {
  RangeSource source;
  source.selection_ = std::move(selection);
  source.mint_ = mint;
  source.maxt_ = maxt;
  return source;
}

RangeSource RangeSource::of_subquery(StepVector inner, StepGrid inner_grid) {
  RangeSource source;
  source.inner_ = std::move(inner);
  source.inner_grid_ = inner_grid;
  return source;
}

SampleSeries RangeSource::read(size_t i) const {
  if (!selection_) {
    const auto& series = inner_[i];
    SampleSeries out{series.labels, {}};
    for (size_t s = 0; s < series.values.size(); ++s)
      if (!is_absent(series.values[s])) out.samples.push_back({inner_grid_.at(s), series.values[s]});
    return out;
  }
  SampleSeries out{selection_->labels(i), read_samples(*selection_, i)};
  size_t kept = 0;
  for (const auto& sample : out.samples)
    if (sample.t >= mint_ && sample.t <= maxt_ && !storage::is_stale_nan(sample.v))
      out.samples[kept++] = {sample.t, stored_value(sample.v)};
  out.samples.resize(kept);
  return out;
}

RangeWindow Evaluator::range_window(const Expr& expr) const {
  const Expr& inner = unwrap_parens(expr);
  if (const auto* subquery = std::get_if<Subquery>(&inner.node))
    return {subquery->range.count(), subquery->offset.count(), resolve_at(subquery->at)};
  const auto& matrix = std::get<MatrixSelector>(inner.node);
  return {matrix.range.count(), matrix.selector.offset.count(), resolve_at(matrix.selector.at)};
}

RangeSource Evaluator::eval_range(const Expr& expr, const StepGrid& grid) {
  const Expr& inner = unwrap_parens(expr);
  if (const auto* subquery = std::get_if<Subquery>(&inner.node)) return eval_subquery_range(*subquery, grid);
  const auto& matrix = std::get<MatrixSelector>(inner.node);
  const RangeWindow window = range_window(expr);
  const int64_t mint = window.reference(grid.start) - window.range_ms;
  const int64_t maxt = window.reference(grid.end);
  return RangeSource::of_selection(select(matrix.selector, mint, maxt), mint, maxt);
}

RangeSource Evaluator::eval_subquery_range(const Subquery& subquery, const StepGrid& grid) {
  const RangeWindow window{subquery.range.count(), subquery.offset.count(), resolve_at(subquery.at)};
  const int64_t step = subquery.step.count() > 0 ? subquery.step.count() : options_.default_subquery_step_ms;
  const int64_t last_ref = window.reference(grid.end);
  // The first multiple of the step at or after the window's start, so that
  // subquery points do not depend on when the query runs.
  const int64_t from = window.reference(grid.start) - window.range_ms;
  int64_t inner_start = step * (from / step);
  if (inner_start < from) inner_start += step;
  if (inner_start > last_ref) return RangeSource::of_subquery({}, StepGrid{});
  const StepGrid inner{inner_start, last_ref, step};
  return RangeSource::of_subquery(std::move(eval(*subquery.expr, inner).vector), inner);
}

Evaluated Evaluator::eval_matrix_at_top(const Expr& expr, const StepGrid& grid) {
  if (grid.size() != 1) fail("cannot do range evaluation of matrix selector");
  const RangeWindow window = range_window(expr);
  const int64_t ref = window.reference(grid.start);
  const RangeSource source = eval_range(expr, grid);
  Evaluated out;
  out.type = ValueType::matrix;
  for (size_t i = 0; i < source.size(); ++i) {
    SampleSeries series = source.read(i);
    std::erase_if(series.samples, [&](const storage::Sample& s) { return s.t < ref - window.range_ms || s.t > ref; });
    if (series.samples.empty()) continue;
    hold_samples(series.samples.size());
    out.matrix.push_back(std::move(series));
  }
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
