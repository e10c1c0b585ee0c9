#pragma once

#include <map>
#include <optional>
#include <string>

#include "config/config.h"
#include "core/error.h"

namespace vigil::config {

// Command-line values that override the file and the environment.
struct FlagOverrides {
  std::optional<std::string> listen;  // --listen
  std::optional<std::string> data;    // --data -> storage.path
  std::optional<std::string> admin_api;  // --enable-admin-api -> server.admin_api ("true")
  // Prometheus's flags of the same names -> query.*
  std::optional<std::string> query_timeout;          // --query.timeout
  std::optional<std::string> query_max_concurrency;  // --query.max-concurrency
  std::optional<std::string> query_max_samples;      // --query.max-samples
  std::optional<std::string> query_lookback_delta;   // --query.lookback-delta
};

struct LoadOptions {
  std::optional<std::string> file;            // --config; none: defaults only
  std::optional<std::string> profile;         // --profile; else VIGIL_PROFILE; else `profile:` in the file; else production
  std::map<std::string, std::string> env;     // the process environment (injected for tests)
  FlagOverrides flags;
};

// Builds and validates the effective configuration. On failure the Error has
// kind invalid_config and a message with one line per problem, each
// "<where>: <key path>: <what is wrong>", where <where> is "file:line" for the
// file, "env VIGIL_..." for an environment override, "flag --..." for a flag.
Result<Config> load(const LoadOptions& options);

// The current process environment, for LoadOptions::env.
std::map<std::string, std::string> process_environment();

std::string_view to_string(Profile profile) noexcept;

// The effective configuration as YAML that `load` accepts again; secrets
// (tokens, password hashes) are printed as <secret>.
std::string to_yaml(const Config& config);

}  // namespace vigil::config
