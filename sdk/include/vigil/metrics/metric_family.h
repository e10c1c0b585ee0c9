#pragma once
// A point-in-time copy of metric values, produced by Registry::collect() and
// consumed by the exposition writers.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vigil::metrics {

enum class MetricType { counter, gauge, histogram, unknown };

struct Label {
  std::string name;
  std::string value;
  friend bool operator==(const Label&, const Label&) = default;
};

struct HistogramValue {
  std::vector<double> upper_bounds;         // ascending, without +Inf
  std::vector<uint64_t> cumulative_counts;  // one per bound, then one for +Inf
  double sum = 0;
  uint64_t count = 0;  // equals cumulative_counts.back()
};

struct MetricPoint {
  std::vector<Label> labels;
  std::variant<double, HistogramValue> value;
};

struct MetricFamily {
  std::string name;  // counters end in _total, as the Prometheus text format shows them
  std::string help;
  std::string unit;  // "seconds", "bytes", ... or empty
  MetricType type = MetricType::unknown;
  std::vector<MetricPoint> points;
};

// Metric names: [a-zA-Z_:][a-zA-Z0-9_:]*; label names: [a-zA-Z_][a-zA-Z0-9_]*,
// not starting with "__" (reserved).
bool is_valid_metric_name(std::string_view name) noexcept;
bool is_valid_label_name(std::string_view name) noexcept;

}  // namespace vigil::metrics
