#include "ingest/otlp/point_series.h"

#include <charconv>
#include <cmath>

#include "storage/labels/label_set.h"
#include "storage/sample.h"

namespace vigil::ingest::otlp {

std::string format_label_number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  // Fixed notation, as Prometheus's OTLP receiver writes bounds; long enough
  // for any double (about 330 characters at the extremes).
  char buffer[400];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buffer, end) : std::string();
}

void PointSeries::add(const std::string& name, double value, std::string_view extra_name,
                      std::string_view extra_value) {
  LabelMap labels = labels_;
  if (!extra_name.empty()) labels[std::string(extra_name)] = std::string(extra_value);
  labels[std::string(storage::kMetricNameLabel)] = name;
  series_.emplace_back(std::move(labels), value);
}

void PointSeries::add_histogram(const std::string& name, const ClassicHistogram& histogram) {
  const std::string bucket = name + "_bucket";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < histogram.bounds.size() && i < histogram.counts.size(); ++i) {
    cumulative += histogram.counts[i];
    add(bucket, static_cast<double>(cumulative), "le", format_label_number(histogram.bounds[i]));
  }
  add(bucket, static_cast<double>(histogram.count), "le", "+Inf");
  if (histogram.sum) add(name + "_sum", *histogram.sum);
  add(name + "_count", static_cast<double>(histogram.count));
}

void PointSeries::mark_stale() {
  for (auto& entry : series_) entry.second = storage::stale_nan();
}

std::expected<void, std::string> PointSeries::take(std::vector<storage::SeriesSamples>& out,
                                                   const storage::LabelLimits& limits) {
  std::vector<storage::SeriesSamples> ready;
  ready.reserve(series_.size());
  for (auto& [map, value] : series_) {
    std::vector<storage::Label> labels;
    labels.reserve(map.size());
    for (auto& [name, label_value] : map) labels.push_back({name, std::move(label_value)});
    auto set = storage::LabelSet::from(std::move(labels));
    if (!set) return std::unexpected(set.error().message);
    if (auto valid = storage::validate(*set, limits); !valid) return std::unexpected(valid.error().message);
    ready.push_back({std::move(*set), {{t_, value}}});
  }
  for (auto& s : ready) out.push_back(std::move(s));
  series_.clear();
  return {};
}

std::string PointSeries::stream_key(std::string_view name, char kind) const {
  std::string key(1, kind);
  key += name;
  for (const auto& [label, value] : labels_) {
    key += '\xff';
    key += label;
    key += '\xfe';
    key += value;
  }
  return key;
}

}  // namespace vigil::ingest::otlp
