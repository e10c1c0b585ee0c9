#include "promql/conformance/result_comparison.h"

#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/go_text.h"

namespace vigil::promql::conformance {
namespace {

using script::Eval;
using script::ExpectedSeries;
using storage::LabelSet;

std::string format_value(const SequenceValue& value) {
  switch (value.kind) {
    case ValueKind::number:
      return format_go_float(value.value);
    case ValueKind::omitted:
      return "_";
    case ValueKind::native_histogram:
      return "{{...}}";
  }
  return "?";
}

std::string format_values(const std::vector<SequenceValue>& values) {
  std::string out = "[";
  for (const SequenceValue& v : values) {
    if (out.size() > 1) out += ' ';
    out += format_value(v);
  }
  return out + "]";
}

std::string format_points(const MatrixSeries& series) {
  std::string out = series.labels.to_string() + " =>";
  for (const storage::Sample& p : series.points) {
    out += ' ';
    out += format_go_float(p.v);
    out += " @[";
    out += std::to_string(p.t);
    out += ']';
  }
  return out;
}

// Upstream keys expectations by label-set hash; the reader already kept one
// entry per label set.
std::map<LabelSet, const ExpectedSeries*> by_labels(const Eval& eval) {
  std::map<LabelSet, const ExpectedSeries*> expected;
  for (const ExpectedSeries& series : eval.expected) expected.emplace(series.labels, &series);
  return expected;
}

std::optional<std::string> compare_scalar(const Eval& eval, const ScalarValue& scalar) {
  const size_t expectations = eval.expected.size() + (eval.expected_scalar ? 1 : 0);
  if (expectations != 1 || !eval.expected_scalar) {
    return "expected vector result, but got scalar " + format_go_float(scalar.v);
  }
  if (!almost_equal(*eval.expected_scalar, scalar.v)) {
    return "expected scalar " + format_go_float(*eval.expected_scalar) + " but got " + format_go_float(scalar.v);
  }
  return std::nullopt;
}

std::optional<std::string> compare_vector(const Eval& eval, const Vector& vector) {
  const auto expected = by_labels(eval);
  std::set<LabelSet> seen;
  for (size_t pos = 0; pos < vector.size(); ++pos) {
    const VectorSample& sample = vector[pos];
    auto it = expected.find(sample.labels);
    if (it == expected.end()) {
      return "unexpected metric " + sample.labels.to_string() + " in result, has value " + format_go_float(sample.v);
    }
    const ExpectedSeries& exp = *it->second;
    if (eval.ordered && exp.position != pos + 1) {
      return "expected metric " + sample.labels.to_string() + " with " + format_values(exp.values) + " at position " +
             std::to_string(exp.position) + " but was at " + std::to_string(pos + 1);
    }
    if (exp.values.empty()) return "no expected value for " + sample.labels.to_string();
    const SequenceValue& want = exp.values.front();
    if (want.kind == ValueKind::native_histogram) {
      return "expected a histogram for " + sample.labels.to_string() + " but got float value " +
             format_go_float(sample.v);
    }
    // An omitted `_` compares as its zero value, as upstream's does.
    if (!almost_equal(want.value, sample.v)) {
      return "expected " + format_go_float(want.value) + " for " + sample.labels.to_string() + " but got " +
             format_go_float(sample.v);
    }
    seen.insert(sample.labels);
  }
  for (const ExpectedSeries& exp : eval.expected) {
    if (!seen.contains(exp.labels)) {
      return "expected metric " + exp.labels.to_string() + " with " + format_values(exp.values) + " not found";
    }
  }
  if (eval.expected_scalar) {
    return "expected scalar " + format_go_float(*eval.expected_scalar) + " not found (the result is a vector)";
  }
  return std::nullopt;
}

std::optional<std::string> compare_series(const Eval& eval, const ExpectedSeries& exp, const MatrixSeries& got) {
  std::vector<storage::Sample> want;
  for (size_t i = 0; i < exp.values.size(); ++i) {
    const int64_t t = eval.start_ms + static_cast<int64_t>(i) * eval.step_ms;
    if (t > eval.end_ms) {
      return "expected " + std::to_string(exp.values.size()) + " points for " + exp.labels.to_string() +
             ", but query time range cannot return this many points";
    }
    if (exp.values[i].kind == ValueKind::native_histogram) {
      return "expected a histogram at index " + std::to_string(i) + " for " + exp.labels.to_string() +
             ", but histograms are not supported";
    }
    if (exp.values[i].kind == ValueKind::number) want.push_back({t, exp.values[i].value});
  }
  if (want.size() != got.points.size()) {
    return "expected " + std::to_string(want.size()) + " float points for " + exp.labels.to_string() + ", but got " +
           format_points(got);
  }
  for (size_t i = 0; i < want.size(); ++i) {
    const storage::Sample& actual = got.points[i];
    if (want[i].t != actual.t) {
      return "expected float value at index " + std::to_string(i) + " for " + exp.labels.to_string() +
             " to have timestamp " + std::to_string(want[i].t) + ", but it had timestamp " + std::to_string(actual.t) +
             " (result has " + format_points(got) + ")";
    }
    if (!almost_equal(actual.v, want[i].v)) {
      return "expected float value at index " + std::to_string(i) + " (t=" + std::to_string(actual.t) + ") for " +
             exp.labels.to_string() + " to be " + format_go_float(want[i].v) + ", but got " +
             format_go_float(actual.v) + " (result has " + format_points(got) + ")";
    }
  }
  return std::nullopt;
}

std::optional<std::string> compare_matrix(const Eval& eval, const Matrix& matrix) {
  if (eval.ordered) return "expected ordered result, but query returned a matrix";
  if (auto unsorted = check_sorted(matrix)) return unsorted;
  const auto expected = by_labels(eval);
  std::set<LabelSet> seen;
  for (const MatrixSeries& series : matrix) {
    auto it = expected.find(series.labels);
    if (it == expected.end())
      return "unexpected metric " + series.labels.to_string() + " in result, has " + format_points(series);
    seen.insert(series.labels);
    if (auto differs = compare_series(eval, *it->second, series)) return differs;
  }
  for (const ExpectedSeries& exp : eval.expected) {
    if (!seen.contains(exp.labels)) return "expected metric " + exp.labels.to_string() + " not found";
  }
  if (eval.expected_scalar) {
    return "expected scalar " + format_go_float(*eval.expected_scalar) + " not found (the result is a matrix)";
  }
  return std::nullopt;
}

}  // namespace

bool almost_equal(double a, double b, double epsilon) {
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  const double smallest_normal = std::numeric_limits<double>::min();
  const double diff = std::abs(a - b);
  const double sum = std::abs(a) + std::abs(b);
  if (a == 0 || b == 0 || sum < smallest_normal) return diff < epsilon * smallest_normal;
  return diff / std::min(sum, std::numeric_limits<double>::max()) < epsilon;
}

std::optional<std::string> check_sorted(const Matrix& matrix) {
  for (size_t i = 0; i + 1 < matrix.size(); ++i) {
    if (matrix[i].labels > matrix[i + 1].labels) {
      return "matrix results should always be sorted by labels, but matrix is not sorted: series at index " +
             std::to_string(i + 1) + " with labels " + matrix[i + 1].labels.to_string() +
             " sorts before series at index " + std::to_string(i) + " with labels " + matrix[i].labels.to_string();
    }
  }
  return std::nullopt;
}

std::optional<std::string> compare_result(const Eval& eval, const QueryResult& result) {
  if (const auto* scalar = std::get_if<ScalarValue>(&result.value)) return compare_scalar(eval, *scalar);
  if (const auto* vector = std::get_if<Vector>(&result.value)) return compare_vector(eval, *vector);
  if (const auto* matrix = std::get_if<Matrix>(&result.value)) return compare_matrix(eval, *matrix);
  return "the query returned a string, which upstream's driver cannot compare";
}

}  // namespace vigil::promql::conformance
