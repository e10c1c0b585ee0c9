#pragma once
// The seam between the query endpoints and the engine: a function that runs
// one query, so that the HTTP layer's limits can be tested with a stand-in
// and `vigil query --data` can run the engine without a server.

#include <cstdint>
#include <functional>
#include <string>

#include "promql/engine/engine.h"

namespace vigil::api {

struct QueryRequest {
  std::string query;
  bool range = false;
  int64_t time_ms = 0;  // instant queries
  int64_t start_ms = 0, end_ms = 0, step_ms = 1;  // range queries
};

// The control carries the stop (client gone) and what is left of the
// query's time after it waited for a slot.
using QueryRunner = std::function<promql::QueryOutcome(const QueryRequest&, const promql::QueryControl&)>;

// Runs queries with Vigil's engine over `data`, which must outlive the
// runner.
QueryRunner engine_query_runner(const promql::Queryable& data, promql::EngineOptions options);

}  // namespace vigil::api
