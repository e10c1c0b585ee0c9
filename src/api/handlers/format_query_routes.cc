#include "api/handlers/format_query_routes.h"

#include <string>

#include "core/json_writer.h"
#include "api/http/responses.h"
#include "promql/parser.h"
#include "promql/printer.h"

namespace vigil::api {
namespace {

HttpResponse format_query(const RequestContext& context) {
  // Prometheus reads r.FormValue("query"), which is "" when absent, so a
  // missing parameter is the parse error of an empty query.
  const std::string query = form_value(context, "query").value_or("");
  auto expr = promql::parse_expr(query);
  if (!expr) {
    std::string message = "invalid parameter \"query\": ";
    message += expr.error().message;
    return error_response(context.path, http::status::bad_request, "bad_data", message);
  }
  std::string data;
  JsonWriter(data).string(promql::to_string(*expr));
  return json_response(http::status::ok, success_envelope(data));
}

}  // namespace

void add_format_query_routes(Router& router) {
  router.add({http::verb::get, http::verb::post}, "/api/v1/format_query",
             [](RequestContext& context) { return format_query(context); });
}

}  // namespace vigil::api
