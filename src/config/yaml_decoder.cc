#include "config/yaml_decoder.h"

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "config/duplicate_keys.h"
#include "config/profiles.h"
#include "config/suggest.h"

namespace vigil::config {
namespace {

// What a node is, for "expected X, got Y".
std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return quoted(node.Scalar());
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    default:
      return "nothing";
  }
}

bool has_shape(const YAML::Node& node, NodeShape shape) {
  return shape == NodeShape::sequence ? node.IsSequence() : node.IsMap();
}

std::string_view shape_name(NodeShape shape) { return shape == NodeShape::sequence ? "a list" : "a map"; }

// "unknown key", with the likely intended key, or else the keys allowed here.
std::string unknown_key(const std::string& name, const std::string& prefix) {
  auto candidates = child_names(prefix);
  if (prefix.empty()) candidates.push_back(kProfileKey);
  std::string hint = did_you_mean(name, candidates);
  if (hint.empty()) {
    for (auto candidate : candidates) hint.append(hint.empty() ? " (known keys: " : ", ").append(candidate);
    hint += ')';
  }
  return "unknown key" + hint;
}

class Decoder {
 public:
  Decoder(std::string_view file, Draft& draft) : file_(file), draft_(draft) {}

  void decode_section(const YAML::Node& node, const std::string& prefix) {
    for (const auto& entry : node) {
      const YAML::Node& key = entry.first;
      const YAML::Node& value = entry.second;
      if (!key.IsScalar()) {
        problem(key, prefix, "expected a key name, got " + describe(key));
        continue;
      }
      const std::string& name = key.Scalar();
      if (prefix.empty() && name == kProfileKey) continue;
      const std::string path = join_path(prefix, key_text(name));
      if (const Leaf* leaf = find_leaf(path)) {
        decode_leaf(*leaf, key, value);
      } else if (const RawSection* section = find_raw_section(path)) {
        decode_raw(*section, key, value);
      } else if (is_branch(path)) {
        if (value.IsNull()) continue;
        if (!value.IsMap()) {
          problem(value, path, "expected a map, got " + describe(value));
          continue;
        }
        decode_section(value, path);
      } else {
        problem(key, path, unknown_key(name, prefix));
      }
    }
  }

 private:
  // A null value (`key:` or `key: ~`) keeps the key's default.
  void decode_leaf(const Leaf& leaf, const YAML::Node& key, const YAML::Node& value) {
    if (value.IsNull()) return;
    const std::string path(leaf.path);
    if (const auto* scalar = std::get_if<ScalarLeaf>(&leaf.kind)) {
      if (!value.IsScalar()) {
        problem(value, path, "expected " + scalar->expected + ", got " + describe(value));
        return;
      }
      draft_.set_scalar(leaf, value.Scalar(), where(value, key));
    } else if (const auto* list = std::get_if<ListLeaf>(&leaf.kind)) {
      decode_list(leaf, *list, key, value);
    } else {
      decode_map_leaf(leaf, std::get<MapLeaf>(leaf.kind), key, value);
    }
  }

  void decode_list(const Leaf& leaf, const ListLeaf& list, const YAML::Node& key, const YAML::Node& value) {
    const std::string path(leaf.path);
    if (!value.IsSequence()) {
      problem(value, path, "expected a list of strings, got " + describe(value));
      return;
    }
    bool ok = true;
    std::vector<std::string> items;
    for (const auto& item : value) {
      const std::string item_path = path + "[" + std::to_string(items.size()) + "]";
      std::optional<std::string> wrong;
      if (!item.IsScalar()) {
        wrong = "expected a string, got " + describe(item);  // not a scalar, so no secret is shown
      } else {
        wrong = list.check_item(item.Scalar());
      }
      if (wrong) {
        problem(item, item_path, std::move(*wrong));
        ok = false;
      }
      items.push_back(item.IsScalar() ? item.Scalar() : std::string());
    }
    if (!ok) return;
    list.field(draft_.config) = std::move(items);
    draft_.set_origin(leaf.path, where(value, key).text);
  }

  void decode_map_leaf(const Leaf& leaf, const MapLeaf& map_leaf, const YAML::Node& key, const YAML::Node& value) {
    const std::string path(leaf.path);
    if (!value.IsMap()) {
      problem(value, path, "expected a map of strings, got " + describe(value));
      return;
    }
    bool ok = true;
    std::map<std::string, std::string> entries;
    for (const auto& entry : value) {
      if (!entry.first.IsScalar()) {
        problem(entry.first, path, "expected a key name, got " + describe(entry.first));
        ok = false;
        continue;
      }
      const std::string& name = entry.first.Scalar();
      std::optional<std::string> wrong;
      if (!entry.second.IsScalar()) {
        wrong = "expected a string, got " + describe(entry.second);
      } else {
        wrong = map_leaf.check_entry(name, entry.second.Scalar());
      }
      if (wrong) {
        problem(entry.second.IsNull() ? entry.first : entry.second, path + "." + key_text(name), std::move(*wrong));
        ok = false;
        continue;
      }
      entries[name] = entry.second.Scalar();
    }
    if (!ok) return;
    map_leaf.field(draft_.config) = std::move(entries);
    draft_.set_origin(leaf.path, where(value, key).text);
  }

  // A null section is left out; load() gives it an empty value of its shape.
  void decode_raw(const RawSection& section, const YAML::Node& key, const YAML::Node& value) {
    if (value.IsNull()) return;
    const std::string path(section.path);
    if (!has_shape(value, section.shape)) {
      problem(value, path, "expected " + std::string(shape_name(section.shape)) + ", got " + describe(value));
      return;
    }
    section.store(draft_.config, value);
    draft_.set_origin(section.path, where(value, key).text);
  }

  // A null value has no useful position of its own: yaml-cpp puts it after
  // the line of its key.
  Where where(const YAML::Node& value, const YAML::Node& key) const {
    return file_position(file_, value.IsNull() || value.Mark().is_null() ? key.Mark() : value.Mark());
  }

  void problem(const YAML::Node& at, const std::string& path, std::string what) {
    draft_.problems.add(file_position(file_, at.Mark()), path, std::move(what));
  }

  std::string_view file_;
  Draft& draft_;
};

}  // namespace

void decode_document(const YAML::Node& root, std::string_view file, Draft& draft) {
  if (root.IsNull()) return;  // an empty file, or only comments: all defaults
  if (!root.IsMap()) {
    draft.problems.add(file_position(file, root.Mark()), "",
                       "expected a map of sections (server, storage, ...) at the top level, got " + describe(root));
    return;
  }
  find_duplicate_keys(root, file, draft.problems);
  Decoder(file, draft).decode_section(root, "");
}

}  // namespace vigil::config
