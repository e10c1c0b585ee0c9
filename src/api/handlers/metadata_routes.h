#pragma once
// Series metadata: Prometheus's /api/v1/series, /api/v1/labels and
// /api/v1/label/<name>/values, answered from the stored series.

#include "api/http/router.h"
#include "storage/database.h"

namespace vigil::api {

// GET|POST /api/v1/series: the label sets of the series matching any
// `match[]` selector (required) with samples in [start, end].
// GET|POST /api/v1/labels: sorted label names, of the series matching any
// `match[]` when given.
// GET /api/v1/label/<name>/values: sorted values of one label, likewise.
// `start` and `end` default to all time. Bad parameters get 400 bad_data
// with Prometheus's messages; storage failures 422 execution, as Prometheus
// answers a failing querier.
void add_metadata_routes(Router& router, const storage::Database& database);

}  // namespace vigil::api
