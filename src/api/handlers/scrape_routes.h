#pragma once
// Scraping's HTTP surface: GET /api/v1/targets as Prometheus answers it, and
// POST /-/reload, which re-reads the configuration like SIGHUP.

#include <functional>

#include "api/http/router.h"
#include "core/error.h"
#include "ingest/scrape/scraper.h"

namespace vigil::api {

void add_scrape_routes(Router& router, const ingest::scrape::Scraper& scraper, std::function<Result<void>()> reload);

}  // namespace vigil::api
