#pragma once
// A query's result as Prometheus's /api/v1/query and /api/v1/query_range
// answer it: {"status":"success","data":{"resultType":...,"result":...}},
// then "warnings" when there are any.

#include <string>

#include "promql/engine/engine.h"

namespace vigil::api {

// The `data` object alone, {"resultType":"vector","result":[...]}; `vigil
// query --format json` prints this too.
std::string query_data_json(const promql::QueryResult& result);

// The whole success body.
std::string query_success_json(const promql::QueryResult& result);

}  // namespace vigil::api
