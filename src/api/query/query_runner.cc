#include "api/query/query_runner.h"

namespace vigil::api {

QueryRunner engine_query_runner(const promql::Queryable& data, promql::EngineOptions options) {
  return [&data, engine = promql::Engine(options)](const QueryRequest& request, const promql::QueryControl& control) {
    if (request.range) {
      return engine.range(data, request.query, request.start_ms, request.end_ms, request.step_ms, control);
    }
    return engine.instant(data, request.query, request.time_ms, control);
  };
}

}  // namespace vigil::api
