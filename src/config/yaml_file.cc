#include "config/yaml_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <yaml-cpp/depthguard.h>

namespace vigil::config {
namespace {

// A configuration file is small; anything larger is a mistake (a data file
// passed as --config) and would only waste memory.
constexpr size_t kMaxFileBytes = 16 << 20;

Error config_error(std::string message) { return make_error(ErrorKind::invalid_config, std::move(message)); }

Result<std::string> read_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!file) return std::unexpected(config_error(path + ": cannot read configuration file: " + std::strerror(errno)));
  std::string content;
  char buffer[64 * 1024];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    content.append(buffer, n);
    if (content.size() > kMaxFileBytes) {
      return std::unexpected(config_error(path + ": configuration file larger than 16MiB"));
    }
  }
  if (std::ferror(file.get())) {
    return std::unexpected(config_error(path + ": cannot read configuration file: " + std::strerror(errno)));
  }
  return content;
}

std::string position(const std::string& path, const YAML::Mark& mark) {
  if (mark.is_null()) return path;
  return path + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

}  // namespace

Result<YAML::Node> read_yaml_file(const std::string& path) {
  auto content = read_file(path);
  if (!content) return std::unexpected(content.error());
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(*content);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's message for this one is a misleading "bad file".
    return std::unexpected(config_error(position(path, e.mark) + ": YAML syntax error: nested too deeply"));
  } catch (const YAML::ParserException& e) {
    return std::unexpected(config_error(position(path, e.mark) + ": YAML syntax error: " + e.msg));
  }
  if (documents.empty()) return YAML::Node();
  if (documents.size() > 1) {
    return std::unexpected(config_error(position(path, documents[1].Mark()) +
                                        ": expected one YAML document, found " + std::to_string(documents.size())));
  }
  return documents.front();
}

}  // namespace vigil::config
