#include "cli/query_answer.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <charconv>
#include <cmath>

namespace vigil::cli {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

Error shape_error(const std::string& what) {
  return make_error(ErrorKind::io, "unexpected query answer: " + what);
}

const Value* member(const Struct& object, const std::string& name) {
  auto it = object.fields().find(name);
  return it == object.fields().end() ? nullptr : &it->second;
}

std::string string_member(const Struct& object, const std::string& name) {
  const Value* value = member(object, name);
  return value != nullptr && value->has_string_value() ? value->string_value() : std::string();
}

// Sample values are strings: decimal, exponent form, "NaN", "+Inf", "-Inf".
Result<double> sample_value(const Value& value) {
  if (!value.has_string_value()) return std::unexpected(shape_error("a sample value is not a string"));
  std::string_view text = value.string_value();
  if (text.starts_with('+')) text.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::unexpected(shape_error("bad sample value \"" + value.string_value() + "\""));
  }
  return v;
}

// [<seconds>, "<value>"]
Result<std::pair<int64_t, const Value*>> point(const Value& value) {
  if (!value.has_list_value() || value.list_value().values_size() != 2 ||
      !value.list_value().values(0).has_number_value()) {
    return std::unexpected(shape_error("a point is not [time, value]"));
  }
  const double seconds = value.list_value().values(0).number_value();
  return std::pair{static_cast<int64_t>(std::llround(seconds * 1000)), &value.list_value().values(1)};
}

Result<storage::LabelSet> metric(const Struct& series) {
  std::vector<storage::Label> labels;
  if (const Value* m = member(series, "metric"); m != nullptr && m->has_struct_value()) {
    for (const auto& [name, value] : m->struct_value().fields()) labels.push_back({name, value.string_value()});
  }
  auto set = storage::LabelSet::from(std::move(labels));
  if (!set) return std::unexpected(shape_error(set.error().message));
  return std::move(*set);
}

Result<promql::QueryResult> result_of(const Struct& data) {
  const std::string type = string_member(data, "resultType");
  const Value* result = member(data, "result");
  if (result == nullptr) return std::unexpected(shape_error("no result"));
  promql::QueryResult out;
  if (type == "scalar" || type == "string") {
    auto p = point(*result);
    if (!p) return std::unexpected(p.error());
    if (type == "string") {
      out.value = promql::StringValue{p->first, p->second->string_value()};
      return out;
    }
    auto v = sample_value(*p->second);
    if (!v) return std::unexpected(v.error());
    out.value = promql::ScalarValue{p->first, *v};
    return out;
  }
  if (!result->has_list_value()) return std::unexpected(shape_error("result is not a list"));
  if (type == "vector") {
    promql::Vector vector;
    for (const Value& item : result->list_value().values()) {
      auto labels = metric(item.struct_value());
      const Value* value = member(item.struct_value(), "value");
      if (!labels || value == nullptr) return std::unexpected(shape_error("a vector sample without metric or value"));
      auto p = point(*value);
      if (!p) return std::unexpected(p.error());
      auto v = sample_value(*p->second);
      if (!v) return std::unexpected(v.error());
      vector.push_back({std::move(*labels), p->first, *v});
    }
    out.value = std::move(vector);
    return out;
  }
  if (type == "matrix") {
    promql::Matrix matrix;
    for (const Value& item : result->list_value().values()) {
      auto labels = metric(item.struct_value());
      const Value* values = member(item.struct_value(), "values");
      if (!labels || values == nullptr || !values->has_list_value()) {
        return std::unexpected(shape_error("a matrix series without metric or values"));
      }
      promql::MatrixSeries series{std::move(*labels), {}};
      for (const Value& value : values->list_value().values()) {
        auto p = point(value);
        if (!p) return std::unexpected(p.error());
        auto v = sample_value(*p->second);
        if (!v) return std::unexpected(v.error());
        series.points.push_back({p->first, *v});
      }
      matrix.push_back(std::move(series));
    }
    out.value = std::move(matrix);
    return out;
  }
  return std::unexpected(shape_error("unknown resultType \"" + type + "\""));
}

promql::QueryErrorType error_type(const std::string& name) {
  if (name == "bad_data") return promql::QueryErrorType::bad_data;
  if (name == "timeout") return promql::QueryErrorType::timeout;
  if (name == "canceled") return promql::QueryErrorType::canceled;
  if (name == "execution") return promql::QueryErrorType::execution;
  return promql::QueryErrorType::internal;
}

}  // namespace

Result<QueryAnswer> read_query_answer(const std::string& body) {
  Struct root;
  if (!google::protobuf::util::JsonStringToMessage(body, &root).ok()) {
    std::string start = body.substr(0, 200);
    return std::unexpected(make_error(ErrorKind::io, "the server's answer is not JSON: " + start));
  }
  const std::string status = string_member(root, "status");
  if (status == "error") {
    return QueryAnswer{promql::QueryError{error_type(string_member(root, "errorType")), string_member(root, "error")}};
  }
  const Value* data = member(root, "data");
  if (status != "success" || data == nullptr || !data->has_struct_value()) {
    return std::unexpected(shape_error("no \"status\":\"success\" with a data object"));
  }
  auto result = result_of(data->struct_value());
  if (!result) return std::unexpected(result.error());
  if (const Value* warnings = member(root, "warnings"); warnings != nullptr && warnings->has_list_value()) {
    for (const Value& warning : warnings->list_value().values()) result->warnings.push_back(warning.string_value());
  }
  return QueryAnswer{std::move(*result)};
}

}  // namespace vigil::cli
