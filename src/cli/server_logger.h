#pragma once

#include "config/config.h"
#include "core/error.h"
#include "vigil/log/logger.h"

namespace vigil::cli {

// The root logger of the server (stderr, JSON lines) with the configured
// level and extra redaction rules.
Result<log::Logger> make_server_logger(const config::LogConfig& config);

}  // namespace vigil::cli
