#include "alerting/yaml_reader.h"

#include <charconv>
#include <vector>

namespace vigil::alerting {
namespace {

bool is_null(const YAML::Node& node) { return !node || node.IsNull(); }

bool looks_integer(const std::string& text) {
  size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  if (i == text.size()) return false;
  for (; i < text.size(); ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  return true;
}

// Bounds the walk when aliases make the tree much larger than the text.
constexpr size_t kMaxMergeVisits = 1'000'000;
constexpr int kMaxMergeDepth = 512;

void expand_merge_keys(YAML::Node node, int depth, size_t& visits) {
  if (depth > kMaxMergeDepth || ++visits > kMaxMergeVisits) return;
  if (node.IsSequence()) {
    for (auto child : node) expand_merge_keys(child, depth + 1, visits);
    return;
  }
  if (!node.IsMap()) return;
  const YAML::Node& view = node;
  if (const YAML::Node merge = view["<<"]; merge) {
    std::vector<YAML::Node> sources;
    if (merge.IsMap()) sources.push_back(merge);
    if (merge.IsSequence())
      for (const auto& item : merge)
        if (item.IsMap()) sources.push_back(item);
    // Anything else stays, to be reported as an unknown field.
    if (!sources.empty()) {
      node.remove("<<");
      for (auto& source : sources) {
        expand_merge_keys(source, depth + 1, visits);
        for (const auto& entry : source)
          if (entry.first.IsScalar() && !view[entry.first.Scalar()]) node[entry.first] = entry.second;
      }
    }
  }
  for (auto entry : node) expand_merge_keys(entry.second, depth + 1, visits);
}

}  // namespace

void expand_merge_keys(YAML::Node node) {
  size_t visits = 0;
  expand_merge_keys(node, 0, visits);
}

std::string yaml_kind(const YAML::Node& node) {
  if (node.IsMap()) return "!!map";
  if (node.IsSequence()) return "!!seq";
  const std::string& text = node.Scalar();
  std::string tag = "!!str";
  if (node.Tag() != "!") {
    if (looks_integer(text)) {
      tag = "!!int";
    } else if (text == "true" || text == "false" || text == "True" || text == "False") {
      tag = "!!bool";
    }
  }
  // yaml.v2 shows short scalars whole, longer ones cut.
  std::string shown = text.size() > 10 ? text.substr(0, 7) + "..." : text;
  return tag + " `" + shown + "`";
}

void YamlReader::problem(const YAML::Node& at, std::string what) {
  // A missing key has no position (and yaml-cpp throws when asked for it).
  problems_.add(config::file_position(path_, at ? at.Mark() : YAML::Mark::null_mark()), "", std::move(what));
}

Error YamlReader::error() {
  problems_.sort_by_line(0);
  return problems_.to_error();
}

void YamlReader::check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                            std::string_view type) {
  if (!map.IsMap()) return;
  for (const auto& entry : map) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : yaml_kind(entry.first);
    bool known = false;
    for (auto name : allowed) known = known || key == name;
    if (!known) problem(entry.first, "field " + config::key_text(key) + " not found in type " + std::string(type));
  }
}

bool YamlReader::map(const YAML::Node& node, std::string_view type) {
  if (is_null(node)) return false;
  if (node.IsMap()) return true;
  problem(node, "cannot unmarshal " + yaml_kind(node) + " into " + std::string(type));
  return false;
}

bool YamlReader::sequence(const YAML::Node& node, std::string_view type) {
  if (is_null(node)) return false;
  if (node.IsSequence()) return true;
  problem(node, "cannot unmarshal " + yaml_kind(node) + " into " + std::string(type));
  return false;
}

bool YamlReader::scalar(const YAML::Node& node, std::string_view type) {
  if (node.IsScalar()) return true;
  problem(node, "cannot unmarshal " + yaml_kind(node) + " into " + std::string(type));
  return false;
}

bool YamlReader::read(const YAML::Node& map, const char* key, std::string& out) {
  const YAML::Node node = map[key];
  if (is_null(node) || !scalar(node, "string")) return false;
  out = node.Scalar();
  return true;
}

bool YamlReader::read(const YAML::Node& map, const char* key, bool& out) {
  const YAML::Node node = map[key];
  if (is_null(node) || !scalar(node, "bool")) return false;
  const std::string& text = node.Scalar();
  // YAML 1.1 booleans, as yaml.v2 reads them.
  for (const char* yes : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"}) {
    if (text == yes) {
      out = true;
      return true;
    }
  }
  for (const char* no : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"}) {
    if (text == no) {
      out = false;
      return true;
    }
  }
  problem(node, "cannot unmarshal " + yaml_kind(node) + " into bool");
  return false;
}

bool YamlReader::read(const YAML::Node& map, const char* key, uint64_t& out) {
  const YAML::Node node = map[key];
  if (is_null(node) || !scalar(node, "uint64")) return false;
  const std::string& text = node.Scalar();
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    problem(node, "cannot unmarshal " + yaml_kind(node) + " into uint64");
    return false;
  }
  out = value;
  return true;
}

bool YamlReader::read(const YAML::Node& map, const char* key, Duration& out) {
  const YAML::Node node = map[key];
  if (is_null(node) || !scalar(node, "string")) return false;
  auto parsed = parse_duration(node.Scalar());
  if (!parsed) {
    problem(node, "not a valid duration string: " + config::quoted(node.Scalar()));
    return false;
  }
  out = *parsed;
  return true;
}

bool YamlReader::read(const YAML::Node& map, const char* key, std::vector<std::string>& out) {
  const YAML::Node node = map[key];
  if (!sequence(node, "[]string")) return false;
  std::vector<std::string> values;
  bool ok = true;
  for (const auto& item : node) {
    if (!scalar(item, "string")) {
      ok = false;
      continue;
    }
    values.push_back(item.Scalar());
  }
  if (ok) out = std::move(values);
  return ok;
}

bool YamlReader::read(const YAML::Node& map, const char* key, std::map<std::string, std::string>& out) {
  const YAML::Node node = map[key];
  if (!this->map(node, "map[string]string")) return false;
  bool ok = true;
  for (const auto& entry : node) {
    if (!scalar(entry.first, "string") || (!is_null(entry.second) && !scalar(entry.second, "string"))) {
      ok = false;
      continue;
    }
    out[entry.first.Scalar()] = is_null(entry.second) ? "" : entry.second.Scalar();
  }
  return ok;
}

}  // namespace vigil::alerting
