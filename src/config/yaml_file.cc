#include "config/yaml_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sstream>
#include <vector>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include "config/problems.h"

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

// Where each document of the stream starts, for the first two at most. Not
// YAML::LoadAll: yaml-cpp 0.7 asked for the next document after a stray ','
// returns an empty one at the same place for ever (jbeder/yaml-cpp#1040), so
// the loop stops as soon as two are seen; two at one place mean that stall.
std::vector<YAML::Mark> document_starts(const std::string& content) {
  class StartRecorder : public YAML::EventHandler {
   public:
    std::vector<YAML::Mark> starts;
    void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
  };
  std::istringstream stream(content);
  YAML::Parser parser(stream);
  StartRecorder recorder;
  while (recorder.starts.size() < 2 && parser.HandleNextDocument(recorder)) {
  }
  return recorder.starts;
}

}  // namespace

Result<YAML::Node> read_yaml_file(const std::string& path) {
  auto content = read_file(path);
  if (!content) return std::unexpected(content.error());
  return parse_yaml(*content, path);
}

Result<YAML::Node> parse_yaml(const std::string& content, const std::string& path) {
  try {
    auto starts = document_starts(content);
    if (starts.size() == 2 && starts[0].pos == starts[1].pos) {
      return std::unexpected(config_error(position(path, starts[1]) + ": YAML syntax error: unexpected " +
                                          quoted(content.substr(static_cast<size_t>(starts[1].pos), 1))));
    }
    if (starts.size() == 2) {
      return std::unexpected(config_error(position(path, starts[1]) + ": expected one YAML document, found more"));
    }
    return YAML::Load(content);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's message for this one is a misleading "bad file".
    return std::unexpected(config_error(position(path, e.mark) + ": YAML syntax error: nested too deeply"));
  } catch (const YAML::ParserException& e) {
    return std::unexpected(config_error(position(path, e.mark) + ": YAML syntax error: " + e.msg));
  }
}

}  // namespace vigil::config
