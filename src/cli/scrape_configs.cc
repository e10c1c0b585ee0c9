#include "cli/scrape_configs.h"

#include <filesystem>

namespace vigil::cli {

Result<std::vector<ingest::scrape::ScrapeConfig>> scrape_configs_of(const config::Config& config) {
  const std::string file = config.source.empty() ? "configuration" : config.source;
  const std::string base_dir =
      config.source.empty() ? std::string() : std::filesystem::path(config.source).parent_path().string();
  return ingest::scrape::decode_scrape_configs(config.scrape_configs, file, base_dir);
}

}  // namespace vigil::cli
