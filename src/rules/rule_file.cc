#include "rules/rule_file.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "promql/parser.h"
#include "rules/alert_templates.h"
#include "rules/yaml_reading.h"
#include "storage/labels/validation.h"

namespace vigil::rules {
namespace {

using Problems = YamlProblems;

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
  const std::string where = prefix + (name.empty() ? "" : config::quoted(name) + ": ");
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
  // Templates are checked at load, as Prometheus does, not first at an alert.
  if (auto templates = AlertTemplates::compile(rule); !templates) {
    std::istringstream lines(templates.error().message);
    for (std::string line; std::getline(lines, line);) problem(node, line);
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
    problems.add(node["name"], "groupname: " + config::quoted(group.name) + " is repeated in the same file");
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
      const std::string prefix = "group " + config::quoted(group.name) + ", rule " + std::to_string(i + 1) + ", ";
      if (auto rule = parse_rule(rules[i], prefix, problems)) group.rules.push_back(std::move(*rule));
    }
  }
  return group;
}

}  // namespace

Result<RuleFile> parse_rule_file(std::string_view text, std::string_view path) {
  Problems problems(path);
  auto loaded = load_yaml(text, path);
  if (!loaded) return std::unexpected(loaded.error());
  const YAML::Node root = *loaded;
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
