#pragma once
// The subcommands of the vigil binary. Each returns a process exit code (exit_codes.h).

#include <optional>
#include <string>

namespace vigil::cli {

struct ServeOptions {
  std::optional<std::string> config_file;
  std::optional<std::string> listen;
  std::optional<std::string> data;
  std::optional<std::string> profile;
};

int run_serve(const ServeOptions& options);
int run_check_config(const std::string& file, const std::optional<std::string>& profile);
int run_version();

}  // namespace vigil::cli
