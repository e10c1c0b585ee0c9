#include "api/handlers/filter_matchers.h"

#include "api/http/openapi_responses.h"

namespace vigil::api {

std::expected<alerting::Matchers, HttpResponse> filter_matchers(const RequestContext& context) {
  alerting::Matchers matchers;
  auto [first, last] = context.query.equal_range("filter");
  for (auto it = first; it != last; ++it) {
    auto matcher = alerting::parse_matcher(it->second);
    if (!matcher) return std::unexpected(string_payload(http::status::bad_request, matcher.error().message));
    matchers.push_back(std::move(*matcher));
  }
  return matchers;
}

}  // namespace vigil::api
