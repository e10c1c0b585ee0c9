#include "rules/rule_file.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "config/problems.h"
#include "promql/parser.h"
#include "storage/labels/validation.h"

namespace vigil::rules {
namespace {

// The file's problems in config's list (one line each, "<path>:<line>:
// <what>", sorted by line when reported), placed by YAML node.
class Problems {
 public:
  explicit Problems(std::string_view path) : path_(path) {}

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

using config::quoted;

// Keys of a mapping other than `allowed`, as Prometheus's strict YAML
// decoding refuses them.
void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed, std::string_view in,
                Problems& problems) {
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    bool known = false;
    for (auto name : allowed) known = known || key == name;
    if (!known) problems.add(entry.first, "field " + key + " not found in " + std::string(in));
  }
}

std::optional<std::string> scalar(const YAML::Node& node, std::string_view key, Problems& problems) {
  if (!node.IsScalar()) {
    problems.add(node, std::string(key) + " must be a string");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<Duration> duration(const YAML::Node& node, std::string_view key, Problems& problems) {
  auto text = scalar(node, key, problems);
  if (!text) return std::nullopt;
  auto parsed = parse_duration(*text);
  if (!parsed) {
    problems.add(node, std::string(key) + ": not a valid duration string: " + quoted(*text));
    return std::nullopt;
  }
  return *parsed;
}

// Labels or annotations: a mapping of names to string values, sorted by
// name as Prometheus keeps them (and shows them in its API).
std::vector<storage::Label> string_map(const YAML::Node& node, std::string_view key, Problems& problems) {
  std::vector<storage::Label> out;
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

std::optional<Rule> parse_rule(const YAML::Node& node, const std::string& prefix, Problems& problems) {
  if (!node.IsMap()) {
    problems.add(node, prefix + "a rule must be a mapping");
    return std::nullopt;
  }
  check_keys(node, {"record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"}, "type rulefmt.Rule",
             problems);
  const std::string record = node["record"] ? scalar(node["record"], "record", problems).value_or("") : "";
  const std::string alert = node["alert"] ? scalar(node["alert"], "alert", problems).value_or("") : "";
  const std::string expr = node["expr"] ? scalar(node["expr"], "expr", problems).value_or("") : "";
  const std::string name = record.empty() ? alert : record;
  const std::string where = prefix + (name.empty() ? "" : quoted(name) + ": ");
  bool ok = true;
  auto problem = [&](const YAML::Node& at, const std::string& what) {
    problems.add(at, where + what);
    ok = false;
  };
  if (!record.empty() && !alert.empty()) problem(node, "only one of 'record' and 'alert' must be set");
  if (record.empty() && alert.empty()) problem(node, "one of 'record' or 'alert' must be set");
  if (expr.empty()) {
    problem(node, "field 'expr' must be set in rule");
  } else if (auto parsed = promql::parse_expr(expr); !parsed) {
    problem(node["expr"], "could not parse expression: " + parsed.error().message);
  }
  const auto labels = node["labels"] ? string_map(node["labels"], "labels", problems) : std::vector<storage::Label>{};
  const auto annotations =
      node["annotations"] ? string_map(node["annotations"], "annotations", problems) : std::vector<storage::Label>{};
  for (const auto& label : labels)
    if (!storage::is_valid_label_name(label.name) || label.name == storage::kMetricNameLabel)
      problem(node["labels"], "invalid label name: " + label.name);
  for (const auto& annotation : annotations)
    if (!storage::is_valid_label_name(annotation.name))
      problem(node["annotations"], "invalid annotation name: " + annotation.name);
  if (!record.empty()) {
    if (node["annotations"]) problem(node["annotations"], "invalid field 'annotations' in recording rule");
    if (node["for"]) problem(node["for"], "invalid field 'for' in recording rule");
    if (node["keep_firing_for"]) problem(node["keep_firing_for"], "invalid field 'keep_firing_for' in recording rule");
    if (!storage::is_valid_metric_name(record)) problem(node["record"], "invalid recording rule name: " + record);
    if (!ok) return std::nullopt;
    auto set = storage::LabelSet::from(labels);
    if (!set) {
      problems.add(node["labels"], where + set.error().message);
      return std::nullopt;
    }
    return RecordingRule{record, expr, std::move(*set), node.Mark().line + 1};
  }
  AlertingRule rule{alert, expr, Duration{0}, Duration{0}, labels, annotations, node.Mark().line + 1};
  if (node["for"]) {
    if (auto d = duration(node["for"], "for", problems))
      rule.for_duration = *d;
    else
      ok = false;
  }
  if (node["keep_firing_for"]) {
    if (auto d = duration(node["keep_firing_for"], "keep_firing_for", problems))
      rule.keep_firing_for = *d;
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return rule;
}

std::optional<RuleGroup> parse_group(const YAML::Node& node, std::set<std::string>& names, Problems& problems) {
  if (!node.IsMap()) {
    problems.add(node, "a group must be a mapping");
    return std::nullopt;
  }
  check_keys(node, {"name", "interval", "limit", "query_offset", "rules"}, "type rulefmt.RuleGroup", problems);
  RuleGroup group;
  group.line = node.Mark().line + 1;
  group.name = node["name"] ? scalar(node["name"], "name", problems).value_or("") : "";
  if (group.name.empty()) {
    problems.add(node, "Groupname must not be empty");
  } else if (!names.insert(group.name).second) {
    problems.add(node["name"], "groupname: " + quoted(group.name) + " is repeated in the same file");
  }
  if (node["interval"]) group.interval = duration(node["interval"], "interval", problems);
  if (node["query_offset"]) group.query_offset = duration(node["query_offset"], "query_offset", problems);
  if (node["limit"]) {
    try {
      group.limit = node["limit"].as<int64_t>();
    } catch (const YAML::Exception&) {
      problems.add(node["limit"], "limit must be an integer");
    }
  }
  const YAML::Node rules = node["rules"];
  if (rules && !rules.IsNull() && !rules.IsSequence()) problems.add(rules, "rules must be a list");
  if (rules && rules.IsSequence()) {
    for (size_t i = 0; i < rules.size(); ++i) {
      const std::string prefix = "group " + quoted(group.name) + ", rule " + std::to_string(i + 1) + ", ";
      if (auto rule = parse_rule(rules[i], prefix, problems)) group.rules.push_back(std::move(*rule));
    }
  }
  return group;
}

}  // namespace

Result<RuleFile> parse_rule_file(std::string_view text, std::string_view path) {
  Problems problems(path);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
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
  RuleFile file{std::string(path), {}};
  if (root.IsNull()) return file;  // an empty file has no groups, as in Prometheus
  if (!root.IsMap()) {
    problems.add(root, "a rule file must be a mapping with a `groups` list");
    return std::unexpected(problems.error());
  }
  check_keys(root, {"groups"}, "type rulefmt.RuleGroups", problems);
  const YAML::Node groups = root["groups"];
  if (groups && !groups.IsNull() && !groups.IsSequence()) problems.add(groups, "groups must be a list");
  std::set<std::string> names;
  if (groups && groups.IsSequence()) {
    for (const auto& node : groups)
      if (auto group = parse_group(node, names, problems)) file.groups.push_back(std::move(*group));
  }
  if (!problems.empty()) return std::unexpected(problems.error());
  return file;
}

Result<RuleFile> load_rule_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(make_error(ErrorKind::io, path + ": cannot read the rule file"));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_rule_file(text.str(), path);
}

}  // namespace vigil::rules
