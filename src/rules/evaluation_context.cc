#include "rules/evaluation_context.h"

namespace vigil::rules {

Result<promql::Vector> query_vector(const EvaluationContext& context, const std::string& query, int64_t time_ms) {
  auto outcome = context.engine.instant(context.data, query, time_ms, {.stop = context.stop});
  if (!outcome) {
    // A canceled query is the server stopping, not a broken rule.
    const ErrorKind kind =
        outcome.error().type == promql::QueryErrorType::canceled ? ErrorKind::unavailable : ErrorKind::invalid_argument;
    return std::unexpected(make_error(kind, outcome.error().message));
  }
  if (auto* vector = std::get_if<promql::Vector>(&outcome->value)) return std::move(*vector);
  if (auto* scalar = std::get_if<promql::ScalarValue>(&outcome->value)) {
    return promql::Vector{{.labels = {}, .t = scalar->t, .v = scalar->v}};
  }
  return std::unexpected(make_error(ErrorKind::invalid_argument, "rule result is not a vector or scalar"));
}

}  // namespace vigil::rules
