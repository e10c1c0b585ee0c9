#pragma once
// The engine's settings from the `query` section, for the server and for
// `vigil query --data` alike.

#include "config/config.h"
#include "promql/engine/engine.h"

namespace vigil::cli {

promql::EngineOptions engine_options(const config::QueryConfig& query);

}  // namespace vigil::cli
