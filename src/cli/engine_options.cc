#include "cli/engine_options.h"

namespace vigil::cli {

promql::EngineOptions engine_options(const config::QueryConfig& query) {
  promql::EngineOptions options;
  options.lookback_delta_ms = query.lookback_delta.count();
  options.timeout = query.timeout;
  options.max_samples = query.max_samples;
  return options;
}

}  // namespace vigil::cli
