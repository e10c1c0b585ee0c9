#pragma once
// What the readers of rule files and rule unit-test files share: their
// problems collected as "<file>:<line>: <what>" (config's list, sorted by
// line when reported) and the strict reading of keys, strings and durations
// that Prometheus's YAML decoding applies.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/problems.h"
#include "core/duration.h"
#include "core/error.h"
#include "storage/labels/label_set.h"

namespace vigil::rules {

class YamlProblems {
 public:
  explicit YamlProblems(std::string_view path) : path_(path) {}

  void add(const YAML::Node& where, const std::string& what) {
    list_.add(config::file_position(path_, where.Mark()), "", what);
  }
  bool empty() const { return list_.empty(); }
  Error error() {
    list_.sort_by_line(0);
    return list_.to_error();
  }

 private:
  std::string path_;
  config::Problems list_;
};

// Keys of a mapping other than `allowed`, as Prometheus's strict YAML
// decoding refuses them ("field x not found in <in>").
void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed, std::string_view in,
                YamlProblems& problems);

// The node's text, or a problem "<key> must be a string".
std::optional<std::string> scalar(const YAML::Node& node, std::string_view key, YamlProblems& problems);

// A Prometheus duration ("1m30s"), or a problem naming `key`.
std::optional<Duration> duration(const YAML::Node& node, std::string_view key, YamlProblems& problems);

// Labels or annotations: a mapping of names to string values, sorted by
// name as Prometheus keeps them (and shows them in its API). A missing or
// null node is no labels.
std::vector<storage::Label> string_map(const YAML::Node& node, std::string_view key, YamlProblems& problems);

// The file's text parsed, or its syntax error as "<path>:<line>: YAML syntax
// error: ...".
Result<YAML::Node> load_yaml(std::string_view text, std::string_view path);

}  // namespace vigil::rules
