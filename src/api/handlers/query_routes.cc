#include "api/handlers/query_routes.h"

#include <chrono>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "api/http/responses.h"
#include "api/query/disconnect_watch.h"
#include "api/query/query_gate.h"
#include "api/query/query_params.h"
#include "api/query/result_json.h"

namespace vigil::api {
namespace {

using Clock = std::chrono::steady_clock;

http::status status_of(promql::QueryErrorType type) {
  switch (type) {
    case promql::QueryErrorType::bad_data:
      return http::status::bad_request;
    case promql::QueryErrorType::execution:
      return http::status::unprocessable_entity;
    case promql::QueryErrorType::timeout:
    case promql::QueryErrorType::canceled:
      return http::status::service_unavailable;
    case promql::QueryErrorType::internal:
      return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

HttpResponse query_error(const RequestContext& context, const promql::QueryError& error) {
  return error_response(context.path, status_of(error.type), promql::to_string(error.type), error.message);
}

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

class QueryEndpoint {
 public:
  QueryEndpoint(QueryRunner runner, QueryLimits limits)
      : runner_(std::move(runner)), limits_(limits), gate_(limits.max_concurrency) {}

  HttpResponse instant(const RequestContext& context) {
    auto params = instant_query_params(context, now_ms());
    if (!params) return error_response(context.path, http::status::bad_request, "bad_data", params.error().message);
    QueryRequest request{.query = params->query, .range = false, .time_ms = params->time_ms};
    auto outcome = run(context, request, params->timeout);
    // Prometheus names the parameter for an instant query's parse error,
    // not for a range query's.
    if (!outcome && outcome.error().type == promql::QueryErrorType::bad_data) {
      outcome.error().message = "invalid parameter \"query\": " + outcome.error().message;
    }
    return answer(context, outcome);
  }

  HttpResponse range(const RequestContext& context) {
    auto params = range_query_params(context);
    if (!params) return error_response(context.path, http::status::bad_request, "bad_data", params.error().message);
    QueryRequest request{.query = params->query,
                         .range = true,
                         .start_ms = params->start_ms,
                         .end_ms = params->end_ms,
                         .step_ms = params->step_ms};
    return answer(context, run(context, request, params->timeout));
  }

 private:
  static HttpResponse answer(const RequestContext& context, const promql::QueryOutcome& outcome) {
    if (!outcome) return query_error(context, outcome.error());
    return json_response(http::status::ok, query_success_json(*outcome));
  }

  promql::QueryOutcome run(const RequestContext& context, const QueryRequest& request,
                           std::optional<std::chrono::nanoseconds> requested_timeout) {
    const auto started = Clock::now();
    std::chrono::nanoseconds timeout = limits_.timeout;
    if (requested_timeout && *requested_timeout < timeout) timeout = *requested_timeout;
    if (timeout.count() <= 0) return failure(promql::QueryErrorType::timeout, "query timed out in query execution");
    const auto deadline = started + timeout;

    std::stop_source stop;
    const DisconnectWatch watch(context.client_gone, stop);
    auto slot = gate_.enter(deadline, stop.get_token());
    if (!slot) {
      if (slot.error() == QueryGate::Refusal::stopped) {
        return failure(promql::QueryErrorType::canceled, "query was canceled in query queue");
      }
      return failure(promql::QueryErrorType::timeout, "query timed out in query queue");
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return failure(promql::QueryErrorType::timeout, "query timed out in query execution");
    return runner_(request, promql::QueryControl{stop.get_token(), left});
  }

  static promql::QueryOutcome failure(promql::QueryErrorType type, std::string message) {
    return std::unexpected(promql::QueryError{type, std::move(message)});
  }

  QueryRunner runner_;
  QueryLimits limits_;
  QueryGate gate_;
};

}  // namespace

void add_query_routes(Router& router, QueryRunner runner, QueryLimits limits) {
  auto endpoint = std::make_shared<QueryEndpoint>(std::move(runner), limits);
  router.add_long_running({http::verb::get, http::verb::post}, "/api/v1/query",
                          [endpoint](RequestContext& context) { return endpoint->instant(context); });
  router.add_long_running({http::verb::get, http::verb::post}, "/api/v1/query_range",
                          [endpoint](RequestContext& context) { return endpoint->range(context); });
}

}  // namespace vigil::api
