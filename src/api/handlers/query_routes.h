#pragma once
// PromQL over HTTP: Prometheus's /api/v1/query and /api/v1/query_range, with
// its parameters, answers, errors and limits (docs/http-api.md).

#include <chrono>
#include <cstddef>

#include "api/http/router.h"
#include "api/query/query_runner.h"

namespace vigil::api {

struct QueryLimits {
  // A query's whole time, waiting for a slot included; the `timeout`
  // parameter can only shorten it (Prometheus's --query.timeout).
  std::chrono::milliseconds timeout{std::chrono::minutes(2)};
  // Queries running at once; more wait in line (--query.max-concurrency).
  size_t max_concurrency = 20;
};

// GET|POST /api/v1/query and /api/v1/query_range. A query whose client
// closes the connection is stopped.
void add_query_routes(Router& router, QueryRunner runner, QueryLimits limits);

}  // namespace vigil::api
