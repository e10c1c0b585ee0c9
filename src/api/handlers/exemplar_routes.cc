#include "api/handlers/exemplar_routes.h"

#include <type_traits>
#include <variant>

#include "api/handlers/metadata_params.h"
#include "api/http/responses.h"
#include "promql/parser.h"

namespace vigil::api {
namespace {

bool has_selector(const promql::Expr& expr);

bool any_selector(const std::vector<promql::ExprPtr>& exprs) {
  for (const auto& e : exprs) {
    if (e && has_selector(*e)) return true;
  }
  return false;
}

bool has_selector(const promql::Expr& expr) {
  return std::visit(
      [](const auto& node) -> bool {
        using Node = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<Node, promql::VectorSelector> || std::is_same_v<Node, promql::MatrixSelector>) {
          return true;
        } else if constexpr (std::is_same_v<Node, promql::Call>) {
          return any_selector(node.args);
        } else if constexpr (std::is_same_v<Node, promql::Aggregate>) {
          return (node.expr && has_selector(*node.expr)) || (node.param && has_selector(*node.param));
        } else if constexpr (std::is_same_v<Node, promql::Binary>) {
          return has_selector(*node.lhs) || has_selector(*node.rhs);
        } else if constexpr (std::is_same_v<Node, promql::Subquery> || std::is_same_v<Node, promql::Unary> ||
                             std::is_same_v<Node, promql::Paren>) {
          return has_selector(*node.expr);
        } else {
          return false;
        }
      },
      expr.node);
}

HttpResponse query_exemplars(const RequestContext& context) {
  auto bad_data = [&](std::string_view message) {
    return error_response(context.path, http::status::bad_request, "bad_data", message);
  };
  auto start = time_param(context, "start", kMinApiTime);
  if (!start) return bad_data(start.error().message);
  auto end = time_param(context, "end", kMaxApiTime);
  if (!end) return bad_data(end.error().message);
  if (*end < *start) return bad_data("end timestamp must not be before start timestamp");
  auto expr = promql::parse_expr(form_value(context, "query").value_or(""));
  if (!expr) return bad_data(expr.error().message);
  // Prometheus answers nothing at all when no selector is left to look up.
  if (!has_selector(*expr)) return HttpResponse{http::status::no_content, 11};
  return json_response(http::status::ok, success_envelope("[]"));
}

}  // namespace

void add_exemplar_routes(Router& router) {
  router.add({http::verb::get, http::verb::post}, "/api/v1/query_exemplars",
             [](RequestContext& context) { return query_exemplars(context); });
}

}  // namespace vigil::api
