#include "promql/engine/engine.h"

#include <algorithm>
#include <new>

#include "promql/engine/evaluator.h"
#include "promql/parser.h"

namespace vigil::promql {

const char* to_string(QueryErrorType type) noexcept {
  switch (type) {
    case QueryErrorType::bad_data:
      return "bad_data";
    case QueryErrorType::timeout:
      return "timeout";
    case QueryErrorType::canceled:
      return "canceled";
    case QueryErrorType::execution:
      return "execution";
    case QueryErrorType::internal:
      return "internal";
  }
  return "internal";
}

namespace {

using engine::Evaluated;
using engine::StepGrid;

std::chrono::steady_clock::time_point deadline_for(const EngineOptions& options, const QueryControl& control) {
  auto timeout = options.timeout;
  if (control.timeout.count() > 0 && control.timeout < timeout) timeout = control.timeout;
  return std::chrono::steady_clock::now() + timeout;
}

// Runs `evaluate` and turns the evaluator's failures into QueryErrors.
template <class F>
QueryOutcome guarded(F evaluate) {
  try {
    return evaluate();
  } catch (const engine::QueryFailure& failure) {
    return std::unexpected(QueryError{failure.type, failure.message});
  } catch (const std::bad_alloc&) {
    return std::unexpected(QueryError{QueryErrorType::execution, "query ran out of memory"});
  }
}

QueryResult instant_result(Evaluated value, int64_t time_ms) {
  QueryResult result;
  switch (value.type) {
    case ValueType::scalar:
      result.value = ScalarValue{time_ms, value.scalar.at(0)};
      break;
    case ValueType::string:
      result.value = StringValue{time_ms, std::move(value.string)};
      break;
    case ValueType::matrix: {
      Matrix matrix;
      for (auto& series : value.matrix) matrix.push_back({std::move(series.labels), std::move(series.samples)});
      result.value = std::move(matrix);
      break;
    }
    case ValueType::vector: {
      Vector vector;
      for (auto& series : value.vector)
        if (!engine::is_absent(series.values[0]))
          vector.push_back({std::move(series.labels), time_ms, series.values[0]});
      result.value = std::move(vector);
      break;
    }
  }
  return result;
}

QueryResult range_result(Evaluated value, const StepGrid& grid) {
  Matrix matrix;
  auto add = [&](storage::LabelSet labels, const std::vector<double>& values) {
    MatrixSeries series{std::move(labels), {}};
    for (size_t s = 0; s < values.size(); ++s)
      if (!engine::is_absent(values[s])) series.points.push_back({grid.at(s), values[s]});
    if (!series.points.empty()) matrix.push_back(std::move(series));
  };
  if (value.type == ValueType::scalar) {
    add(storage::LabelSet{}, value.scalar);
  } else {
    for (auto& series : value.vector) add(std::move(series.labels), series.values);
  }
  std::sort(matrix.begin(), matrix.end(),
            [](const MatrixSeries& a, const MatrixSeries& b) { return a.labels < b.labels; });
  QueryResult result;
  result.value = std::move(matrix);
  return result;
}

}  // namespace

QueryOutcome Engine::instant(const Queryable& data, std::string_view query, int64_t time_ms,
                             const QueryControl& control) const {
  auto expr = parse_expr(query);
  if (!expr) return std::unexpected(QueryError{QueryErrorType::bad_data, expr.error().message});
  return guarded([&]() -> QueryOutcome {
    engine::Evaluator evaluator(data, options_, time_ms, time_ms, deadline_for(options_, control), control.stop);
    return instant_result(evaluator.eval(*expr, StepGrid{time_ms, time_ms, 1}), time_ms);
  });
}

QueryOutcome Engine::range(const Queryable& data, std::string_view query, int64_t start_ms, int64_t end_ms,
                           int64_t step_ms, const QueryControl& control) const {
  auto expr = parse_expr(query);
  if (!expr) return std::unexpected(QueryError{QueryErrorType::bad_data, expr.error().message});
  const ValueType type = type_of(*expr);
  if (type != ValueType::scalar && type != ValueType::vector)
    return std::unexpected(
        QueryError{QueryErrorType::bad_data, std::string("invalid expression type \"") + documented_name(type) +
                                                 "\" for range query, must be Scalar or instant Vector"});
  if (step_ms <= 0 || end_ms < start_ms)
    return std::unexpected(
        QueryError{QueryErrorType::bad_data, "invalid range query: end before start or step not positive"});
  return guarded([&]() -> QueryOutcome {
    engine::Evaluator evaluator(data, options_, start_ms, end_ms, deadline_for(options_, control), control.stop);
    const StepGrid grid{start_ms, end_ms, step_ms};
    return range_result(evaluator.eval(*expr, grid), grid);
  });
}

}  // namespace vigil::promql
