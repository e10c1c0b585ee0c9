#include "api/query/result_json.h"

#include <string>
#include <variant>

#include "core/json_writer.h"
#include "api/query/value_text.h"

namespace vigil::api {
namespace {

void write_metric(JsonWriter& json, const storage::LabelSet& labels) {
  json.key("metric").begin_object();
  for (const auto& label : labels) json.field(label.name, label.value);
  json.end_object();
}

void write_point(JsonWriter& json, int64_t t, double v) {
  thread_local std::string text;
  text.clear();
  append_point_json(text, t, v);
  json.raw(text);
}

struct ResultWriter {
  JsonWriter& json;

  void operator()(const promql::ScalarValue& scalar) const {
    json.field("resultType", "scalar").key("result");
    json.begin_array().raw(format_scalar_time(scalar.t)).string(format_float_plain(scalar.v)).end_array();
  }
  void operator()(const promql::StringValue& string) const {
    json.field("resultType", "string").key("result");
    json.begin_array().raw(format_scalar_time(string.t)).string(string.v).end_array();
  }
  void operator()(const promql::Vector& vector) const {
    json.field("resultType", "vector").key("result").begin_array();
    for (const auto& sample : vector) {
      json.begin_object();
      write_metric(json, sample.labels);
      json.key("value");
      write_point(json, sample.t, sample.v);
      json.end_object();
    }
    json.end_array();
  }
  void operator()(const promql::Matrix& matrix) const {
    json.field("resultType", "matrix").key("result").begin_array();
    for (const auto& series : matrix) {
      json.begin_object();
      write_metric(json, series.labels);
      json.key("values").begin_array();
      for (const auto& point : series.points) write_point(json, point.t, point.v);
      json.end_array().end_object();
    }
    json.end_array();
  }
};

void write_data(JsonWriter& json, const promql::QueryResult& result) {
  json.begin_object();
  std::visit(ResultWriter{json}, result.value);
  json.end_object();
}

}  // namespace

std::string query_data_json(const promql::QueryResult& result) {
  std::string out;
  JsonWriter json(out);
  write_data(json, result);
  return out;
}

std::string query_success_json(const promql::QueryResult& result) {
  std::string out;
  JsonWriter json(out);
  json.begin_object().field("status", "success").key("data");
  write_data(json, result);
  if (!result.warnings.empty()) {
    json.key("warnings").begin_array();
    for (const auto& warning : result.warnings) json.string(warning);
    json.end_array();
  }
  json.end_object();
  return out;
}

}  // namespace vigil::api
