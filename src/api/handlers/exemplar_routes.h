#pragma once
// GET|POST /api/v1/query_exemplars: Vigil's storage keeps no exemplars, so a
// valid request is answered {"status":"success","data":[]}; the parameters
// are checked as Prometheus 2.42 checks them, with its messages and its 204
// No Content for a query without a series selector (docs/http-api.md).

#include "api/http/router.h"

namespace vigil::api {

void add_exemplar_routes(Router& router);

}  // namespace vigil::api
