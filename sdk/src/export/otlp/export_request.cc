#include "export/otlp/export_request.h"

#include <variant>

#include "export/otlp/otlp_name.h"

namespace vigil::exporter::otlp {
namespace {

namespace pb = opentelemetry::proto::metrics::v1;
namespace common = opentelemetry::proto::common::v1;

constexpr const char* kScopeName = "vigil.sdk";

void add_attribute(google::protobuf::RepeatedPtrField<common::KeyValue>& out, const std::string& key,
                   const std::string& value) {
  common::KeyValue* kv = out.Add();
  kv->set_key(key);
  kv->mutable_value()->set_string_value(value);
}

template <class Point>
void stamp(Point& point, const metrics::MetricPoint& from, CollectionTimes times) {
  for (const metrics::Label& label : from.labels) add_attribute(*point.mutable_attributes(), label.name, label.value);
  point.set_start_time_unix_nano(times.start_unix_nano);
  point.set_time_unix_nano(times.time_unix_nano);
}

void add_numbers(google::protobuf::RepeatedPtrField<pb::NumberDataPoint>& out,
                 const std::vector<metrics::MetricPoint>& points, CollectionTimes times) {
  for (const metrics::MetricPoint& from : points) {
    const double* value = std::get_if<double>(&from.value);
    if (value == nullptr) continue;
    pb::NumberDataPoint* point = out.Add();
    stamp(*point, from, times);
    point->set_as_double(*value);
  }
}

void add_histograms(pb::Histogram& out, const std::vector<metrics::MetricPoint>& points, CollectionTimes times) {
  out.set_aggregation_temporality(pb::AGGREGATION_TEMPORALITY_CUMULATIVE);
  for (const metrics::MetricPoint& from : points) {
    const metrics::HistogramValue* value = std::get_if<metrics::HistogramValue>(&from.value);
    if (value == nullptr) continue;
    pb::HistogramDataPoint* point = out.add_data_points();
    stamp(*point, from, times);
    for (double bound : value->upper_bounds) point->add_explicit_bounds(bound);
    // The registry counts "at most le"; OTLP counts each bucket on its own.
    uint64_t below = 0;
    for (uint64_t cumulative : value->cumulative_counts) {
      point->add_bucket_counts(cumulative - below);
      below = cumulative;
    }
    point->set_count(value->count);
    point->set_sum(value->sum);
  }
}

void add_metric(pb::ScopeMetrics& scope, const metrics::MetricFamily& family, CollectionTimes times) {
  pb::Metric* metric = scope.add_metrics();
  OtlpName name = otlp_name(family);
  metric->set_name(std::move(name.name));
  metric->set_unit(std::move(name.unit));
  metric->set_description(family.help);
  switch (family.type) {
    case metrics::MetricType::counter: {
      pb::Sum* sum = metric->mutable_sum();
      sum->set_is_monotonic(true);
      sum->set_aggregation_temporality(pb::AGGREGATION_TEMPORALITY_CUMULATIVE);
      add_numbers(*sum->mutable_data_points(), family.points, times);
      return;
    }
    case metrics::MetricType::histogram:
      add_histograms(*metric->mutable_histogram(), family.points, times);
      return;
    case metrics::MetricType::gauge:
    case metrics::MetricType::unknown:
      add_numbers(*metric->mutable_gauge()->mutable_data_points(), family.points, times);
      return;
  }
}

}  // namespace

opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest export_request(
    const std::vector<metrics::MetricFamily>& families, const std::map<std::string, std::string>& resource,
    CollectionTimes times) {
  opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest request;
  pb::ResourceMetrics* resource_metrics = request.add_resource_metrics();
  for (const auto& [key, value] : resource) {
    add_attribute(*resource_metrics->mutable_resource()->mutable_attributes(), key, value);
  }
  pb::ScopeMetrics* scope = resource_metrics->add_scope_metrics();
  scope->mutable_scope()->set_name(kScopeName);
  for (const metrics::MetricFamily& family : families) {
    if (!family.points.empty()) add_metric(*scope, family, times);
  }
  return request;
}

}  // namespace vigil::exporter::otlp
