#pragma once
// PromQL formatting: Prometheus's /api/v1/format_query.

#include "api/http/router.h"

namespace vigil::api {

// GET|POST /api/v1/format_query: the `query` parameter (query string or form
// body) in the printer's canonical form, {"status":"success","data":"<text>"};
// a query that does not parse (an absent one parses as empty) gets 400
// bad_data "invalid parameter \"query\": <parser message>", as Prometheus does.
void add_format_query_routes(Router& router);

}  // namespace vigil::api
