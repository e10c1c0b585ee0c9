#pragma once
// A query API answer read back from its JSON (Vigil's or Prometheus's), so
// that `vigil query` prints answers from a server and from a data directory
// the same way.

#include <string>
#include <variant>

#include "core/error.h"
#include "promql/engine/engine.h"

namespace vigil::cli {

struct QueryAnswer {
  // The result, or Prometheus's errorType and error.
  std::variant<promql::QueryResult, promql::QueryError> outcome;
};

// Fails (io) when `body` is not a query answer in Prometheus's shape.
Result<QueryAnswer> read_query_answer(const std::string& body);

}  // namespace vigil::cli
