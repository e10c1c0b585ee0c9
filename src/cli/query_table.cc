#include "cli/query_table.h"

#include "api/query/value_text.h"
#include "core/go_text.h"

namespace vigil::cli {
namespace {

// Prometheus's model.Metric.String(): the name outside the braces.
std::string series_text(const storage::LabelSet& labels) {
  std::string out(labels.metric_name());
  std::string inside;
  for (const auto& label : labels) {
    if (label.name == storage::kMetricNameLabel) continue;
    if (!inside.empty()) inside += ", ";
    inside += label.name;
    inside += '=';
    inside += vigil::quote_go_string(label.value);
  }
  if (!inside.empty() || out.empty()) out += '{' + inside + '}';
  return out;
}

std::string sample_line(const std::string& series, int64_t t, double v) {
  return series + " => " + api::format_point_value(v) + " @[" + api::format_scalar_time(t) + "]\n";
}

struct TableWriter {
  std::string& out;

  void operator()(const promql::ScalarValue& scalar) const {
    out += "scalar: " + api::format_float_plain(scalar.v) + " @[" + api::format_scalar_time(scalar.t) + "]\n";
  }
  void operator()(const promql::StringValue& string) const {
    out += "string: " + vigil::quote_go_string(string.v) + " @[" + api::format_scalar_time(string.t) + "]\n";
  }
  void operator()(const promql::Vector& vector) const {
    for (const auto& sample : vector) out += sample_line(series_text(sample.labels), sample.t, sample.v);
  }
  void operator()(const promql::Matrix& matrix) const {
    for (const auto& series : matrix) {
      const std::string text = series_text(series.labels);
      for (const auto& point : series.points) out += sample_line(text, point.t, point.v);
    }
  }
};

}  // namespace

std::string query_table(const promql::QueryResult& result) {
  std::string out;
  std::visit(TableWriter{out}, result.value);
  return out;
}

}  // namespace vigil::cli
