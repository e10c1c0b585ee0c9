#pragma once
// Evaluates a parsed expression over a grid of steps, the way Prometheus's
// evaluator does, but series by series over dense per-step arrays. Errors are
// thrown as QueryFailure inside the engine and turned into QueryError at its
// edge (engine.cc).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "promql/ast.h"
#include "promql/engine/engine.h"
#include "promql/engine/step_values.h"

namespace vigil::promql::engine {

struct QueryFailure {
  QueryErrorType type = QueryErrorType::execution;
  std::string message;
};

[[noreturn]] void fail(std::string message);

// What one node evaluates to over a grid.
struct Evaluated {
  ValueType type = ValueType::vector;
  std::vector<double> scalar;        // ValueType::scalar: one value per step
  StepVector vector;                 // ValueType::vector
  std::vector<SampleSeries> matrix;  // ValueType::matrix (only at the top of an instant query)
  std::string string;                // ValueType::string
};

// How a range vector is read at an evaluation time ts: the window
// [ref - range, ref] with ref = (@ or ts) - offset.
struct RangeWindow {
  int64_t range_ms = 0;
  int64_t offset_ms = 0;
  std::optional<int64_t> at_ms;

  int64_t reference(int64_t ts) const noexcept { return (at_ms ? *at_ms : ts) - offset_ms; }
};

// The series of a range vector for a whole grid, read one at a time: from
// storage for a matrix selector, from the evaluated inner query for a
// subquery. read() may run on several threads at once.
class RangeSource {
 public:
  static RangeSource of_selection(std::unique_ptr<SelectedSeries> selection, int64_t mint, int64_t maxt);
  static RangeSource of_subquery(StepVector inner, StepGrid inner_grid);

  size_t size() const noexcept { return selection_ ? selection_->size() : inner_.size(); }
  // Series i with its samples in time order, staleness markers dropped;
  // possibly without samples.
  SampleSeries read(size_t i) const;

 private:
  std::unique_ptr<SelectedSeries> selection_;
  int64_t mint_ = 0;
  int64_t maxt_ = 0;
  StepVector inner_;
  StepGrid inner_grid_;
};

class Evaluator {
 public:
  Evaluator(const Queryable& data, const EngineOptions& options, int64_t query_start_ms, int64_t query_end_ms,
            std::chrono::steady_clock::time_point deadline, std::stop_token stop);

  Evaluated eval(const Expr& expr, const StepGrid& grid);
  // A matrix selector or subquery (through parentheses) read for every step
  // of `grid`: each series with the samples of all its windows.
  RangeSource eval_range(const Expr& expr, const StepGrid& grid);
  // The window parameters of such an expression.
  RangeWindow range_window(const Expr& expr) const;

  // An instant vector expression's series handed to `consume` in blocks, in
  // order. Selectors and functions over range vectors compute one block at a
  // time, so an aggregation over them holds a block rather than every series;
  // other expressions come as one block.
  using BlockConsumer = std::function<void(StepVector&& block)>;
  void eval_in_blocks(const Expr& expr, const StepGrid& grid, const BlockConsumer& consume);

  // Throws a timeout or cancellation failure when the query must stop.
  void check_interrupt();
  // Counts samples held by the query against max_samples.
  void hold_samples(uint64_t count);
  void release_samples(uint64_t count) noexcept { held_samples_.fetch_sub(count); }
  // Runs body(begin, end) over [0, n) on the query's threads.
  void for_each_range(size_t n, const std::function<void(size_t begin, size_t end)>& body);

  std::optional<int64_t> resolve_at(const std::optional<AtModifier>& at) const;

 private:
  Evaluated dispatch(const Expr& expr, const StepGrid& grid);
  Evaluated eval_matrix_at_top(const Expr& expr, const StepGrid& grid);
  RangeSource eval_subquery_range(const Subquery& subquery, const StepGrid& grid);
  Evaluated eval_call(const Call& call, const StepGrid& grid);
  Evaluated eval_range_call(const Call& call, size_t range_arg, const StepGrid& grid);
  void range_call_blocks(const Call& call, size_t range_arg, const StepGrid& grid, const BlockConsumer& consume);
  void selector_blocks(const VectorSelector& selector, const StepGrid& grid, bool timestamps,
                       const BlockConsumer& consume);
  // Series [0, n) computed by `compute` (empty values: no series) on the
  // query's threads, a block at a time, each block compacted and consumed
  // in order.
  void in_blocks(size_t n, size_t steps, const std::function<StepSeries(size_t)>& compute,
                 const BlockConsumer& consume);
  Evaluated eval_aggregate(const Aggregate& aggregate, const StepGrid& grid);
  Evaluated eval_binary(const Binary& binary, const StepGrid& grid);
  Evaluated eval_unary(const Unary& unary, const StepGrid& grid);
  std::unique_ptr<SelectedSeries> select(const VectorSelector& selector, int64_t mint, int64_t maxt);
  // A vector selector's series at every step; `timestamps` gives each
  // value's sample time in seconds instead of its value.
  Evaluated eval_selector_values(const VectorSelector& selector, const StepGrid& grid, bool timestamps);

  const Queryable& data_;
  const EngineOptions& options_;
  int64_t query_start_ms_;
  int64_t query_end_ms_;
  std::chrono::steady_clock::time_point deadline_;
  std::stop_token stop_;
  std::atomic<uint64_t> held_samples_ = 0;
  unsigned threads_;
};

// The step values of a scalar node, or of a node that must be one.
std::vector<double> as_scalar(Evaluated value, size_t steps);

// The expression inside any parentheses.
const Expr& unwrap_parens(const Expr& expr);
// The position of a call's range vector argument (a matrix selector or a
// subquery), if it has one.
std::optional<size_t> range_argument(const Call& call);

}  // namespace vigil::promql::engine
