#include "config/temp_config_file.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

namespace vigil::config::test_support {

TempConfigFile::TempConfigFile(std::string_view content) {
  static std::atomic<int> counter{0};
  const auto name = "vigil-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".yml";
  path_ = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream out(path_, std::ios::binary);
  out << content;
}

TempConfigFile::~TempConfigFile() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

Result<Config> load_yaml(std::string_view yaml, LoadOptions options) {
  TempConfigFile file(yaml);
  options.file = file.path();
  return load(options);
}

std::string errors_of(std::string_view yaml, LoadOptions options) {
  TempConfigFile file(yaml);
  options.file = file.path();
  auto config = load(options);
  if (config) return "";
  std::string message = config.error().message;
  for (size_t at = message.find(file.path()); at != std::string::npos; at = message.find(file.path(), at)) {
    message.replace(at, file.path().size(), "config.yml");
  }
  return message;
}

}  // namespace vigil::config::test_support
