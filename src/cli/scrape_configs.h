#pragma once
// The scrape configs of a loaded configuration, decoded and checked: the
// config module keeps scrape_configs as YAML of the right shape, and ingest
// reads Prometheus's full schema from it.

#include <vector>

#include "config/config.h"
#include "core/error.h"
#include "ingest/scrape/scrape_config.h"

namespace vigil::cli {

// Problems name the configuration file (or "configuration" when there is
// none) and resolve relative paths against its directory.
Result<std::vector<ingest::scrape::ScrapeConfig>> scrape_configs_of(const config::Config& config);

}  // namespace vigil::cli
