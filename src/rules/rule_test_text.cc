#include "rules/rule_test_text.h"

#include "core/go_text.h"
#include "storage/labels/go_labels_text.h"

namespace vigil::rules {
namespace {

// Every line after the first gets `indent` in front.
std::string indent_lines(const std::string& lines, const std::string& indent) {
  std::string out;
  for (char c : lines) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

std::string alerts_text(const std::vector<AlertText>& alerts) {
  if (alerts.empty()) return "[]";
  std::string out = "[";
  for (size_t i = 0; i < alerts.size(); ++i) {
    if (i > 0) out += ',';
    out += '\n';
    out += std::to_string(i);
    out += ':';
    std::string alert = "\nLabels:";
    alert += storage::go_labels_string(alerts[i].labels);
    alert += "\nAnnotations:";
    alert += storage::go_labels_string(alerts[i].annotations);
    out += indent_lines(alert, "  ");
  }
  out += "\n]";
  return out;
}

// strconv.FormatFloat(v, 'E', -1, 64).
std::string value_text(double value) {
  std::string text = format_go_float_exponent(value);
  for (char& c : text)
    if (c == 'e') c = 'E';
  return text;
}

std::string samples_text(const std::vector<SampleText>& samples) {
  if (samples.empty()) return "nil";
  std::string out;
  for (const auto& sample : samples) {
    if (!out.empty()) out += ", ";
    out += storage::go_labels_string(sample.labels);
    out += ' ';
    out += value_text(sample.value);
  }
  return out;
}

// "    expr: <quoted>, time: <eval time>,"
std::string expr_heading(const std::string& expr, Duration eval_time) {
  std::string out = "    expr: ";
  out += quote_go_string(expr);
  out += ", time: ";
  out += format_duration(eval_time);
  out += ',';
  return out;
}

}  // namespace

std::string alert_mismatch(const std::string& test_name, const std::string& alertname, Duration eval_time,
                           const std::vector<AlertText>& expected, const std::vector<AlertText>& got) {
  const std::string indent(12, ' ');
  std::string out;
  if (!test_name.empty()) {
    out += "    name: ";
    out += test_name;
    out += ",\n";
  }
  out += "    alertname: ";
  out += alertname;
  out += ", time: ";
  out += format_duration(eval_time);
  out += ", \n        exp:";
  out += indent_lines(alerts_text(expected), indent);
  out += ", \n        got:";
  out += indent_lines(alerts_text(got), indent);
  return out;
}

std::string sample_mismatch(const std::string& expr, Duration eval_time, const std::vector<SampleText>& expected,
                            const std::vector<SampleText>& got) {
  std::string out = expr_heading(expr, eval_time);
  out += "\n        exp: ";
  out += samples_text(expected);
  out += "\n        got: ";
  out += samples_text(got);
  return out;
}

std::string query_failure(const std::string& expr, Duration eval_time, const std::string& error) {
  std::string out = expr_heading(expr, eval_time);
  out += " err: ";
  out += error;
  return out;
}

std::string rule_failure(const std::string& rule, int64_t time_ms, const std::string& error) {
  std::string out = "    rule: ";
  out += rule;
  out += ", time: ";
  out += format_go_duration(time_ms);
  out += ", err: ";
  out += error;
  return out;
}

}  // namespace vigil::rules
