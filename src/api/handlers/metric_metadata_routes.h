#pragma once
// GET /api/v1/metadata as Prometheus answers it: the TYPE, HELP and UNIT of
// the metric families the active scrape targets exposed in their last
// successful scrape, {"status":"success","data":{"<metric>":[{"type":…,
// "help":…,"unit":…}]}}, optionally for one `metric`, at most `limit`
// metrics and `limit_per_metric` entries of each (docs/http-api.md).

#include "api/http/router.h"
#include "ingest/scrape/scraper.h"

namespace vigil::api {

void add_metric_metadata_routes(Router& router, const ingest::scrape::Scraper& scraper);

}  // namespace vigil::api
