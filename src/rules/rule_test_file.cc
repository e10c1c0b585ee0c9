#include "rules/rule_test_file.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>

#include <yaml-cpp/yaml.h>

#include "rules/yaml_reading.h"

namespace vigil::rules {
namespace {

using config::quoted;

// promtool's Go type names, as its strict decoding names them in errors.
constexpr std::string_view kFileType = "type main.unitTestFile";
constexpr std::string_view kGroupType = "type main.testGroup";
constexpr std::string_view kSeriesType = "type main.series";
constexpr std::string_view kAlertTestType = "type main.alertTestCase";
constexpr std::string_view kAlertType = "type main.alert";
constexpr std::string_view kPromqlTestType = "type main.promqlTestCase";
constexpr std::string_view kSampleType = "type main.sample";

// A YAML 1.1 float as Go's yaml.v2 decodes one into a float64: a plain
// (unquoted) decimal or hexadecimal number, or .inf / -.inf / .nan. "NaN" and
// "Inf" are strings to it, and refused.
std::optional<double> yaml_float(const YAML::Node& node) {
  if (!node.IsScalar() || node.Tag() == "!") return std::nullopt;
  const std::string& text = node.Scalar();
  for (std::string_view nan : {".nan", ".NaN", ".NAN"})
    if (text == nan) return std::numeric_limits<double>::quiet_NaN();
  for (std::string_view inf : {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})
    if (text == inf) return std::numeric_limits<double>::infinity();
  for (std::string_view inf : {"-.inf", "-.Inf", "-.INF"})
    if (text == inf) return -std::numeric_limits<double>::infinity();
  if (text.empty()) return std::nullopt;
  size_t i = text[0] == '+' || text[0] == '-' ? 1 : 0;
  if (text.compare(i, 2, "0x") == 0) {
    if (text.size() == i + 2) return std::nullopt;
    char* end = nullptr;
    const double magnitude = static_cast<double>(std::strtoull(text.c_str() + i + 2, &end, 16));
    if (*end != '\0') return std::nullopt;
    return text[0] == '-' ? -magnitude : magnitude;
  }
  // Digits with an optional fraction and exponent; no "inf", "nan" or hex
  // floats, which strtod would take.
  bool digits = false;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    ++i;
    digits = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      ++i;
      digits = true;
    }
  }
  if (!digits) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (i == text.size()) return std::nullopt;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  }
  if (i != text.size()) return std::nullopt;
  return std::strtod(text.c_str(), nullptr);
}

// A mapping node, or a problem; a missing or null one is an empty mapping.
bool is_mapping(const YAML::Node& node, std::string_view what, YamlProblems& problems) {
  if (!node || node.IsNull()) return false;
  if (!node.IsMap()) {
    problems.add(node, std::string(what) + " must be a mapping");
    return false;
  }
  return true;
}

// The entries of a list node; a missing or null one has none.
std::vector<YAML::Node> list(const YAML::Node& node, std::string_view key, YamlProblems& problems) {
  std::vector<YAML::Node> out;
  if (!node || node.IsNull()) return out;
  if (!node.IsSequence()) {
    problems.add(node, std::string(key) + " must be a list");
    return out;
  }
  for (const auto& entry : node) out.push_back(entry);
  return out;
}

std::string string_field(const YAML::Node& map, std::string_view key, YamlProblems& problems) {
  const YAML::Node node = map[std::string(key)];
  if (!node || node.IsNull()) return "";
  return scalar(node, key, problems).value_or("");
}

Duration duration_field(const YAML::Node& map, std::string_view key, YamlProblems& problems) {
  const YAML::Node node = map[std::string(key)];
  if (!node || node.IsNull()) return Duration{0};
  return duration(node, key, problems).value_or(Duration{0});
}

storage::LabelSet label_set(const YAML::Node& node, std::string_view key, YamlProblems& problems) {
  auto labels = storage::LabelSet::from(string_map(node, key, problems));
  if (!labels) {
    problems.add(node, std::string(key) + ": " + labels.error().message);
    return {};
  }
  return *std::move(labels);
}

std::optional<InputSeries> parse_input_series(const YAML::Node& node, YamlProblems& problems) {
  if (!is_mapping(node, "an input series", problems)) return std::nullopt;
  check_keys(node, {"series", "values"}, kSeriesType, problems);
  const std::string series = string_field(node, "series", problems);
  auto labels = promql::parse_series_metric(series);
  if (!labels) {
    problems.add(node["series"] ? node["series"] : node,
                 std::string("series ") + quoted(series) + ": " + labels.error());
    return std::nullopt;
  }
  auto values = promql::parse_series_values(string_field(node, "values", problems));
  if (!values) {
    problems.add(node["values"] ? node["values"] : node,
                 std::string("values of ") + quoted(series) + ": " + values.error());
    return std::nullopt;
  }
  for (const auto& value : *values) {
    if (value.kind == promql::ValueKind::native_histogram) {
      problems.add(node["values"],
                   std::string("values of ") + quoted(series) + ": native histograms are not supported");
      return std::nullopt;
    }
  }
  return InputSeries{*std::move(labels), *std::move(values)};
}

std::optional<AlertTestCase> parse_alert_test(const YAML::Node& node, const std::string& group_name,
                                              YamlProblems& problems) {
  if (!is_mapping(node, "an alert_rule_test item", problems)) return std::nullopt;
  check_keys(node, {"eval_time", "alertname", "exp_alerts"}, kAlertTestType, problems);
  AlertTestCase test;
  test.eval_time = duration_field(node, "eval_time", problems);
  test.alertname = string_field(node, "alertname", problems);
  if (test.alertname.empty()) {
    std::string what = std::string("an item under alert_rule_test misses required attribute alertname at eval_time ") +
                       format_duration(test.eval_time);
    if (!group_name.empty()) what += std::string(" (in TestGroup ") + group_name + ")";
    problems.add(node, what);
  }
  for (const auto& entry : list(node["exp_alerts"], "exp_alerts", problems)) {
    if (!entry.IsNull() && !is_mapping(entry, "an exp_alerts item", problems)) continue;
    if (entry.IsMap()) check_keys(entry, {"exp_labels", "exp_annotations"}, kAlertType, problems);
    ExpectedAlert alert;
    if (entry.IsMap()) {
      alert.labels = string_map(entry["exp_labels"], "exp_labels", problems);
      alert.annotations = string_map(entry["exp_annotations"], "exp_annotations", problems);
    }
    test.alerts.push_back(std::move(alert));
  }
  return test;
}

std::optional<PromqlTestCase> parse_promql_test(const YAML::Node& node, YamlProblems& problems) {
  if (!is_mapping(node, "a promql_expr_test item", problems)) return std::nullopt;
  check_keys(node, {"expr", "eval_time", "exp_samples"}, kPromqlTestType, problems);
  PromqlTestCase test;
  test.expr = string_field(node, "expr", problems);
  test.eval_time = duration_field(node, "eval_time", problems);
  for (const auto& entry : list(node["exp_samples"], "exp_samples", problems)) {
    if (!is_mapping(entry, "an exp_samples item", problems)) continue;
    check_keys(entry, {"labels", "value"}, kSampleType, problems);
    const std::string text = string_field(entry, "labels", problems);
    // No labels at all is the empty set, as Prometheus's ParseMetric reads
    // it: the sample of a scalar result.
    auto labels =
        text.find_first_not_of(" \t\n") == std::string::npos ? storage::LabelSet{} : promql::parse_series_metric(text);
    if (!labels)
      problems.add(entry["labels"] ? entry["labels"] : entry,
                   std::string("labels ") + quoted(text) + ": " + labels.error());
    double value = 0;
    if (const YAML::Node v = entry["value"]; v && !v.IsNull()) {
      if (auto parsed = yaml_float(v)) {
        value = *parsed;
      } else {
        problems.add(
            v, std::string("value: cannot unmarshal ") + quoted(v.IsScalar() ? v.Scalar() : "") + " into float64");
      }
    }
    test.samples.push_back({labels.value_or(storage::LabelSet{}), value});
  }
  return test;
}

std::optional<RuleTestGroup> parse_test_group(const YAML::Node& node, YamlProblems& problems) {
  if (!is_mapping(node, "a test", problems)) return std::nullopt;
  check_keys(
      node,
      {"interval", "input_series", "alert_rule_test", "promql_expr_test", "external_labels", "external_url", "name"},
      kGroupType, problems);
  RuleTestGroup group;
  group.name = string_field(node, "name", problems);
  group.interval = duration_field(node, "interval", problems);
  group.external_url = string_field(node, "external_url", problems);
  group.external_labels = label_set(node["external_labels"], "external_labels", problems);
  for (const auto& entry : list(node["input_series"], "input_series", problems))
    if (auto series = parse_input_series(entry, problems)) group.input_series.push_back(std::move(*series));
  for (const auto& entry : list(node["alert_rule_test"], "alert_rule_test", problems))
    if (auto test = parse_alert_test(entry, group.name, problems)) group.alert_tests.push_back(std::move(*test));
  for (const auto& entry : list(node["promql_expr_test"], "promql_expr_test", problems))
    if (auto test = parse_promql_test(entry, problems)) group.promql_tests.push_back(std::move(*test));
  return group;
}

std::vector<std::string> strings(const YAML::Node& node, std::string_view key, YamlProblems& problems) {
  std::vector<std::string> out;
  for (const auto& entry : list(node, key, problems))
    if (auto text = scalar(entry, key, problems)) out.push_back(std::move(*text));
  return out;
}

}  // namespace

Result<RuleTestFile> parse_rule_test_file(std::string_view text, std::string_view path) {
  auto loaded = load_yaml(text, path);
  if (!loaded) return std::unexpected(loaded.error());
  const YAML::Node root = *loaded;
  YamlProblems problems(path);
  RuleTestFile file;
  file.path = std::string(path);
  if (root.IsNull()) return file;  // no tests: nothing fails
  if (!root.IsMap()) {
    problems.add(root, "a rule test file must be a mapping");
    return std::unexpected(problems.error());
  }
  check_keys(root, {"rule_files", "evaluation_interval", "group_eval_order", "tests"}, kFileType, problems);
  file.rule_files = strings(root["rule_files"], "rule_files", problems);
  if (const Duration interval = duration_field(root, "evaluation_interval", problems); interval.count() > 0)
    file.evaluation_interval = interval;
  file.group_eval_order = strings(root["group_eval_order"], "group_eval_order", problems);
  std::set<std::string> ordered;
  for (const auto& name : file.group_eval_order) {
    if (!ordered.insert(name).second)
      problems.add(root["group_eval_order"], std::string("group name repeated in evaluation order: ") + name);
  }
  for (const auto& entry : list(root["tests"], "tests", problems))
    if (auto group = parse_test_group(entry, problems)) file.tests.push_back(std::move(*group));
  if (!problems.empty()) return std::unexpected(problems.error());
  return file;
}

}  // namespace vigil::rules
