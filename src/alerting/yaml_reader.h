#pragma once
// Reading Alertmanager's YAML shapes with yaml.v2's strictness and wording
// (unknown fields, values of the wrong type), collecting every problem with
// its line instead of stopping at the first.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/problems.h"
#include "core/duration.h"

namespace vigil::alerting {

class YamlReader {
 public:
  explicit YamlReader(std::string_view path) : path_(path) {}

  void problem(const YAML::Node& at, std::string what);
  bool ok() const { return problems_.empty(); }
  Error error();

  // Keys of `map` other than `allowed`: "field foo not found in type T".
  void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                  std::string_view type = "config.plain");
  // True when `node` is a mapping; null is an empty mapping (false, no
  // problem); anything else is reported as not decodable into `type`.
  bool map(const YAML::Node& node, std::string_view type);
  // The same for a sequence.
  bool sequence(const YAML::Node& node, std::string_view type);

  // The value at map[key] read into `out` when present and not null; a
  // value of the wrong type is reported and leaves `out` unchanged. Returns
  // true when a value was read.
  bool read(const YAML::Node& map, const char* key, std::string& out);
  bool read(const YAML::Node& map, const char* key, bool& out);
  bool read(const YAML::Node& map, const char* key, uint64_t& out);
  bool read(const YAML::Node& map, const char* key, Duration& out);
  bool read(const YAML::Node& map, const char* key, std::vector<std::string>& out);
  bool read(const YAML::Node& map, const char* key, std::map<std::string, std::string>& out);

  const std::string& path() const { return path_; }

 private:
  bool scalar(const YAML::Node& node, std::string_view type);

  std::string path_;
  config::Problems problems_;
};

// yaml.v2's merge keys, which yaml-cpp does not apply: in each mapping, a
// `<<` entry whose value is a mapping or a list of mappings is replaced by
// their entries that the mapping does not have itself (earlier mappings of a
// list first). Changes `node` in place; aliases that expand beyond a fixed
// budget of nodes are left unexpanded.
void expand_merge_keys(YAML::Node node);

// yaml.v2's name of a node's kind in "cannot unmarshal" messages:
// "!!seq", "!!map", "!!str `text`", "!!int `5`".
std::string yaml_kind(const YAML::Node& node);

}  // namespace vigil::alerting
