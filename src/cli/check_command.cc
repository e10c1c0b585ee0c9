#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/scrape_configs.h"
#include "config/loader.h"

namespace vigil::cli {

int run_check_config(const std::string& file, const std::optional<std::string>& profile) {
  config::LoadOptions options;
  options.file = file;
  options.profile = profile;
  options.env = config::process_environment();
  auto loaded = config::load(options);
  if (!loaded) {
    fmt::print(stderr, "{}: FAILED\n{}\n", file, loaded.error().message);
    return kExitUsageOrConfig;
  }
  if (auto scrape = scrape_configs_of(*loaded); !scrape) {
    fmt::print(stderr, "{}: FAILED\n{}\n", file, scrape.error().message);
    return kExitUsageOrConfig;
  }
  fmt::print(stderr, "{}: SUCCESS\n", file);
  fmt::print("{}", config::to_yaml(*loaded));
  return kExitOk;
}

}  // namespace vigil::cli
