// to_yaml: the effective configuration as YAML, in the file's own shape so
// that load() accepts it again, with secrets replaced by <secret>.

#include <exception>
#include <string>
#include <variant>

#include "config/loader.h"
#include "config/profiles.h"
#include "config/schema.h"
#include "config/value_codecs.h"

namespace vigil::config {
namespace {

bool in_section(std::string_view path, std::string_view section) { return path == section || under(path, section); }

// Empty lists and maps print as [] and {} on the key's line.
YAML::Node empty_node(YAML::NodeType::value type) {
  YAML::Node node(type);
  node.SetStyle(YAML::EmitterStyle::Flow);
  return node;
}

YAML::Node leaf_value(const Leaf& leaf, const Config& config) {
  if (const auto* scalar = std::get_if<ScalarLeaf>(&leaf.kind)) return YAML::Node(scalar->format(config));
  if (const auto* list = std::get_if<ListLeaf>(&leaf.kind)) {
    YAML::Node node = empty_node(YAML::NodeType::Sequence);
    for (const auto& item : list->read(config)) node.push_back(leaf.secret ? std::string(kSecretPlaceholder) : item);
    if (node.size() > 0) node.SetStyle(YAML::EmitterStyle::Block);
    return node;
  }
  YAML::Node node = empty_node(YAML::NodeType::Map);
  for (const auto& [key, value] : std::get<MapLeaf>(leaf.kind).read(config)) {
    node[key] = leaf.secret ? std::string(kSecretPlaceholder) : value;
  }
  if (node.size() > 0) node.SetStyle(YAML::EmitterStyle::Block);
  return node;
}

// Sets root[a][b][c] = value for the path "a.b.c", creating the maps between.
void place(YAML::Node& root, std::string_view path, const YAML::Node& value) {
  YAML::Node map = root;
  for (size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
    const std::string name(path.substr(0, dot));
    YAML::Node child = map[name];
    if (!child.IsMap()) child = YAML::Node(YAML::NodeType::Map);
    map.reset(child);
    path.remove_prefix(dot + 1);
  }
  map[std::string(path)] = value;
}

std::string print(const Config& config) {
  YAML::Node root(YAML::NodeType::Map);
  root[std::string(kProfileKey)] = std::string(to_string(config.profile));
  for (auto section : top_level_sections()) {
    for (const auto& leaf : leaves()) {
      if (in_section(leaf.path, section)) place(root, leaf.path, leaf_value(leaf, config));
    }
    for (const auto& raw : raw_sections()) {
      if (!in_section(raw.path, section)) continue;
      auto node = raw.read(config);
      if (!node) continue;                                     // an Alertmanager key that is not written inline
      const bool empty = node->IsNull() || node->size() == 0;  // null in a Config not made by load()
      place(root, raw.path,
            empty ? empty_node(raw.shape == NodeShape::sequence ? YAML::NodeType::Sequence : YAML::NodeType::Map)
                  : *node);
    }
  }
  YAML::Emitter out;
  out << root;
  if (!out.good()) return "# cannot print the configuration: " + out.GetLastError() + "\n";
  return std::string(out.c_str()) + "\n";
}

}  // namespace

std::string to_yaml(const Config& config) {
  try {
    return print(config);
  } catch (const std::exception& e) {
    return std::string("# cannot print the configuration: ") + e.what() + "\n";
  }
}

}  // namespace vigil::config
