#include "ingest/scrape/file_discovery.h"

#include <glob.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "storage/labels/validation.h"
#include <yaml-cpp/yaml.h>

namespace vigil::ingest::scrape {
namespace {

Error file_error(const std::string& path, int line, const std::string& what) {
  return make_error(ErrorKind::invalid_config,
                    line > 0 ? fmt::format("{}:{}: {}", path, line, what) : fmt::format("{}: {}", path, what));
}

int line_of(const YAML::Node& node) { return node.IsDefined() && node.Mark().line >= 0 ? node.Mark().line + 1 : 0; }


}  // namespace

std::vector<std::string> expand_file_patterns(const std::vector<std::string>& patterns) {
  std::vector<std::string> files;
  for (const std::string& pattern : patterns) {
    glob_t found{};
    if (glob(pattern.c_str(), 0, nullptr, &found) == 0) {
      for (size_t i = 0; i < found.gl_pathc; ++i) files.emplace_back(found.gl_pathv[i]);
    }
    globfree(&found);
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

Result<std::vector<TargetGroup>> read_target_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(make_error(ErrorKind::io, fmt::format("{}: cannot be read", path)));
  std::stringstream content;
  content << in.rdbuf();
  YAML::Node root;
  try {
    // JSON is read by the YAML parser too: the JSON Prometheus accepts here is valid YAML.
    root = YAML::Load(content.str());
  } catch (const YAML::Exception& e) {
    return std::unexpected(file_error(path, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.msg));
  }
  std::vector<TargetGroup> groups;
  if (root.IsNull()) return groups;
  if (!root.IsSequence()) return std::unexpected(file_error(path, line_of(root), "expected a list of target groups"));
  for (size_t i = 0; i < root.size(); ++i) {
    const YAML::Node group = root[i];
    if (!group.IsMap()) return std::unexpected(file_error(path, line_of(group), "expected a target group (a map)"));
    TargetGroup out;
    out.source = path;
    for (const auto& entry : group) {
      const std::string key = entry.first.Scalar();
      if (key != "targets" && key != "labels") {
        return std::unexpected(file_error(path, line_of(entry.first), fmt::format("unknown key \"{}\"", key)));
      }
    }
    const YAML::Node targets = group["targets"];
    if (targets.IsDefined() && !targets.IsNull()) {
      if (!targets.IsSequence()) return std::unexpected(file_error(path, line_of(targets), "targets: expected a list"));
      for (const auto& target : targets) {
        if (!target.IsScalar()) return std::unexpected(file_error(path, line_of(target), "targets: expected a string"));
        out.targets.push_back(target.Scalar());
      }
    }
    const YAML::Node labels = group["labels"];
    if (labels.IsDefined() && !labels.IsNull()) {
      if (!labels.IsMap()) return std::unexpected(file_error(path, line_of(labels), "labels: expected a map"));
      for (const auto& label : labels) {
        const std::string name = label.first.Scalar();
        if (!storage::is_valid_label_name(name)) {
          return std::unexpected(
              file_error(path, line_of(label.first), fmt::format("\"{}\" is not a valid label name", name)));
        }
        if (!label.second.IsScalar()) {
          return std::unexpected(file_error(path, line_of(label.second), fmt::format("label \"{}\": expected a string", name)));
        }
        out.labels[name] = label.second.Scalar();
      }
    }
    out.labels["__meta_filepath"] = path;
    groups.push_back(std::move(out));
  }
  return groups;
}

}  // namespace vigil::ingest::scrape
