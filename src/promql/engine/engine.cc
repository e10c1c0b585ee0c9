#include "promql/engine/engine.h"

namespace vigil::promql {

const char* to_string(QueryErrorType type) noexcept {
  switch (type) {
    case QueryErrorType::bad_data: return "bad_data";
    case QueryErrorType::timeout: return "timeout";
    case QueryErrorType::canceled: return "canceled";
    case QueryErrorType::execution: return "execution";
    case QueryErrorType::internal: return "internal";
  }
  return "internal";
}

QueryOutcome Engine::instant(const Queryable&, std::string_view, int64_t, const QueryControl&) const {
  return std::unexpected(QueryError{QueryErrorType::internal, "not implemented"});
}

QueryOutcome Engine::range(const Queryable&, std::string_view, int64_t, int64_t, int64_t, const QueryControl&) const {
  return std::unexpected(QueryError{QueryErrorType::internal, "not implemented"});
}

}  // namespace vigil::promql
