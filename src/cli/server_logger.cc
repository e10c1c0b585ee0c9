#include "cli/server_logger.h"

#include <memory>
#include <regex>

namespace vigil::cli {

Result<log::Logger> make_server_logger(const config::LogConfig& config) {
  auto level = log::parse_level(config.level);
  if (!level) {
    return std::unexpected(make_error(ErrorKind::invalid_config, "server.log.level: unknown level " + config.level));
  }
  std::shared_ptr<const log::Redactor> redactor;
  try {
    redactor = std::make_shared<const log::Redactor>(log::RedactionOptions{config.redact_keys, config.redact_patterns});
  } catch (const std::regex_error& e) {
    return std::unexpected(
        make_error(ErrorKind::invalid_config, std::string("server.log.redact_patterns: ") + e.what()));
  }
  return log::Logger("vigil", std::make_shared<log::FileDescriptorSink>(2), *level, std::move(redactor));
}

}  // namespace vigil::cli
