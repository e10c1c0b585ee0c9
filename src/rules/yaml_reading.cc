#include "rules/yaml_reading.h"

#include <algorithm>

#include <yaml-cpp/depthguard.h>

namespace vigil::rules {

void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed, std::string_view in,
                YamlProblems& problems) {
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    bool known = false;
    for (auto name : allowed) known = known || key == name;
    if (!known) problems.add(entry.first, "field " + key + " not found in " + std::string(in));
  }
}

std::optional<std::string> scalar(const YAML::Node& node, std::string_view key, YamlProblems& problems) {
  if (!node.IsScalar()) {
    problems.add(node, std::string(key) + " must be a string");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<Duration> duration(const YAML::Node& node, std::string_view key, YamlProblems& problems) {
  auto text = scalar(node, key, problems);
  if (!text) return std::nullopt;
  auto parsed = parse_duration(*text);
  if (!parsed) {
    problems.add(node, std::string(key) + ": not a valid duration string: " + config::quoted(*text));
    return std::nullopt;
  }
  return *parsed;
}

std::vector<storage::Label> string_map(const YAML::Node& node, std::string_view key, YamlProblems& problems) {
  std::vector<storage::Label> out;
  if (!node) return out;  // a key that is not there
  if (!node.IsMap()) {
    if (!node.IsNull()) problems.add(node, std::string(key) + " must be a mapping of names to values");
    return out;
  }
  for (const auto& entry : node) {
    auto value = scalar(entry.second, key, problems);
    out.push_back({entry.first.Scalar(), value.value_or("")});
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

Result<YAML::Node> load_yaml(std::string_view text, std::string_view path) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own message for this one is a misleading "bad file".
    return std::unexpected(make_error(
        ErrorKind::invalid_config,
        std::string(path) + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: nested too deeply"));
  } catch (const YAML::Exception& e) {
    return std::unexpected(
        make_error(ErrorKind::invalid_config,
                   std::string(path) + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: " + e.msg));
  }
}

}  // namespace vigil::rules
