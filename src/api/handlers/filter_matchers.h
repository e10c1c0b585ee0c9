#pragma once
// The `filter` query parameters of Alertmanager's v2 listings (alerts,
// groups, silences) as matchers.

#include <expected>

#include "alerting/matcher.h"
#include "api/http/router.h"

namespace vigil::api {

// Every `filter=<matcher>` of the request, in order; a bad one is 400 with
// the parser's message as a JSON string, as Alertmanager 0.25 answers.
std::expected<alerting::Matchers, HttpResponse> filter_matchers(const RequestContext& context);

}  // namespace vigil::api
