#include "ingest/otlp/translator.h"

#include <algorithm>
#include <cmath>

#include "ingest/otlp/metric_name.h"
#include "ingest/otlp/point_series.h"
#include "ingest/otlp/resource.h"
#include "storage/labels/utf8.h"

namespace vigil::ingest::otlp {
namespace {

namespace pb = opentelemetry::proto::metrics::v1;
using opentelemetry::proto::common::v1::InstrumentationScope;

constexpr uint32_t kNoRecordedValue = pb::DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK;
constexpr uint64_t kNanosPerMilli = 1'000'000;

// Client text quoted in messages: cut, and invalid UTF-8 shown as \xNN.
std::string quote(std::string_view text) {
  constexpr size_t kMaxQuoted = 200;
  std::string out = "\"";
  out += storage::escape_invalid_utf8(text.substr(0, kMaxQuoted));
  if (text.size() > kMaxQuoted) out += "...";
  out += '"';
  return out;
}

// A value as sent: any NaN the sender wrote is an ordinary NaN; only the
// NoRecordedValue flag makes the staleness marker.
double sent_value(double v) { return std::isnan(v) ? std::numeric_limits<double>::quiet_NaN() : v; }

class RequestTranslator {
 public:
  RequestTranslator(const TranslateOptions& options, DeltaConverter& deltas, Translation& out)
      : options_(options), deltas_(deltas), out_(out) {}

  void resource(const pb::ResourceMetrics& resource_metrics) {
    const ResourceLabels resource = resource_labels(resource_metrics.resource());
    int64_t newest = std::numeric_limits<int64_t>::min();
    for (const pb::ScopeMetrics& scope_metrics : resource_metrics.scope_metrics()) {
      const LabelMap base = base_labels(resource, scope_metrics);
      for (const pb::Metric& metric : scope_metrics.metrics()) this->metric(metric, base, newest);
    }
    // target_info: one sample per resource and request, at the newest
    // timestamp of its data points, so that joins on job and instance find it.
    if (!resource.target_info.empty() && newest != std::numeric_limits<int64_t>::min()) {
      PointSeries info(resource.target_info, newest);
      info.add("target_info", 1);
      if (auto taken = info.take(out_.series, options_.label_limits); !taken) {
        note_problem(out_, "target_info: " + taken.error());
      }
      out_.point_of_series.resize(out_.series.size(), kNoDataPoint);
    }
  }

 private:
  LabelMap base_labels(const ResourceLabels& resource, const pb::ScopeMetrics& scope_metrics) const {
    LabelMap labels;
    if (options_.promote_scope_metadata) {
      const InstrumentationScope& scope = scope_metrics.scope();
      LabelMap attributes;
      add_attributes(attributes, scope.attributes());
      for (auto& [name, value] : attributes) labels["otel_scope_" + name] = std::move(value);
      labels["otel_scope_name"] = scope.name();
      labels["otel_scope_version"] = scope.version();
      labels["otel_scope_schema_url"] = scope_metrics.schema_url();
    }
    if (!resource.job.empty()) labels["job"] = resource.job;
    if (!resource.instance.empty()) labels["instance"] = resource.instance;
    return labels;
  }

  // The point's labels: its attributes, then the scope's and resource's
  // labels, which win over attributes of the same name.
  static LabelMap point_labels(const Attributes& attributes, const LabelMap& base) {
    LabelMap labels;
    add_attributes(labels, attributes);
    for (const auto& [name, value] : base) labels[name] = value;
    return labels;
  }

  void reject(const pb::Metric& metric, uint32_t point, const std::string& why) {
    ++out_.rejected_points;
    note_problem(out_, "metric " + quote(metric.name()) + " data point " + std::to_string(point - first_point_) +
                           ": " + why);
  }

  void reject_all(const pb::Metric& metric, int points, const std::string& why) {
    out_.rejected_points += static_cast<uint64_t>(points);
    note_problem(out_, "metric " + quote(metric.name()) + ": " + why + " (" + std::to_string(points) +
                           " data points rejected)");
  }

  // Common checks of a data point; its timestamp in milliseconds.
  std::expected<int64_t, std::string> timestamp(uint64_t time_unix_nano) const {
    if (time_unix_nano == 0) return std::unexpected(std::string("time_unix_nano is 0 (not set)"));
    return static_cast<int64_t>(time_unix_nano / kNanosPerMilli);
  }

  void store(const pb::Metric& metric, uint32_t point, PointSeries& series, int64_t t, int64_t& newest) {
    const size_t before = out_.series.size();
    if (auto taken = series.take(out_.series, options_.label_limits); !taken) {
      reject(metric, point, taken.error());
      return;
    }
    out_.point_of_series.resize(out_.series.size(), point);
    if (out_.series.size() > before) newest = std::max(newest, t);
  }

  template <class Points>
  bool temporality_ok(const pb::Metric& metric, pb::AggregationTemporality temporality, const Points& points) {
    if (temporality == pb::AGGREGATION_TEMPORALITY_CUMULATIVE || temporality == pb::AGGREGATION_TEMPORALITY_DELTA) {
      return true;
    }
    reject_all(metric, points.size(), "aggregation_temporality is unspecified");
    next_point_ += static_cast<uint32_t>(points.size());
    return false;
  }

  void metric(const pb::Metric& metric, const LabelMap& base, int64_t& newest) {
    first_point_ = next_point_;
    switch (metric.data_case()) {
      case pb::Metric::kGauge:
        numbers(metric, metric.gauge().data_points(), MetricKind::gauge, false, base, newest);
        return;
      case pb::Metric::kSum: {
        const pb::Sum& sum = metric.sum();
        if (!temporality_ok(metric, sum.aggregation_temporality(), sum.data_points())) return;
        numbers(metric, sum.data_points(),
                sum.is_monotonic() ? MetricKind::monotonic_counter : MetricKind::non_monotonic_sum,
                sum.aggregation_temporality() == pb::AGGREGATION_TEMPORALITY_DELTA, base, newest);
        return;
      }
      case pb::Metric::kHistogram: {
        const pb::Histogram& h = metric.histogram();
        if (!temporality_ok(metric, h.aggregation_temporality(), h.data_points())) return;
        histograms(metric, h.data_points(), h.aggregation_temporality() == pb::AGGREGATION_TEMPORALITY_DELTA, base,
                   newest);
        return;
      }
      case pb::Metric::kExponentialHistogram: {
        const pb::ExponentialHistogram& h = metric.exponential_histogram();
        if (!temporality_ok(metric, h.aggregation_temporality(), h.data_points())) return;
        exponential_histograms(metric, h.data_points(),
                               h.aggregation_temporality() == pb::AGGREGATION_TEMPORALITY_DELTA, base, newest);
        return;
      }
      case pb::Metric::kSummary:
        summaries(metric, metric.summary().data_points(), base, newest);
        return;
      case pb::Metric::DATA_NOT_SET:
        note_problem(out_, "metric " + quote(metric.name()) + " has no data (no gauge, sum, histogram or summary)");
        return;
    }
  }

  // The Prometheus name, or empty after rejecting all points.
  template <class Points>
  std::string name_of(const pb::Metric& metric, MetricKind kind, const Points& points) {
    std::string name = prometheus_metric_name(metric.name(), metric.unit(), kind);
    if (name.empty()) {
      reject_all(metric, points.size(), "the name has no character valid in a Prometheus metric name");
      next_point_ += static_cast<uint32_t>(points.size());
    }
    return name;
  }

  void numbers(const pb::Metric& metric, const google::protobuf::RepeatedPtrField<pb::NumberDataPoint>& points,
               MetricKind kind, bool delta, const LabelMap& base, int64_t& newest) {
    const std::string name = name_of(metric, kind, points);
    if (name.empty()) return;
    for (const pb::NumberDataPoint& p : points) {
      const uint32_t index = next_point_++;
      auto t = timestamp(p.time_unix_nano());
      if (!t) {
        reject(metric, index, t.error());
        continue;
      }
      double value = 0;
      if (p.value_case() == pb::NumberDataPoint::kAsDouble) {
        value = sent_value(p.as_double());
      } else if (p.value_case() == pb::NumberDataPoint::kAsInt) {
        value = static_cast<double>(p.as_int());
      } else if ((p.flags() & kNoRecordedValue) == 0) {
        reject(metric, index, "has no value (neither as_double nor as_int)");
        continue;
      }
      PointSeries series(point_labels(p.attributes(), base), *t);
      const bool stale = (p.flags() & kNoRecordedValue) != 0;
      if (delta && !stale) {
        auto total = deltas_.add_sum(series.stream_key(name, 's'), {p.start_time_unix_nano(), p.time_unix_nano()},
                                     value, out_.delta_changes);
        if (!total) {
          reject(metric, index, total.error());
          continue;
        }
        value = *total;
      }
      series.add(name, value);
      if (stale) series.mark_stale();
      store(metric, index, series, *t, newest);
    }
  }

  void histograms(const pb::Metric& metric, const google::protobuf::RepeatedPtrField<pb::HistogramDataPoint>& points,
                  bool delta, const LabelMap& base, int64_t& newest) {
    const std::string name = name_of(metric, MetricKind::histogram, points);
    if (name.empty()) return;
    for (const pb::HistogramDataPoint& p : points) {
      const uint32_t index = next_point_++;
      auto t = timestamp(p.time_unix_nano());
      if (!t) {
        reject(metric, index, t.error());
        continue;
      }
      auto histogram = read_classic(p);
      if (!histogram) {
        reject(metric, index, histogram.error());
        continue;
      }
      histogram->sum = histogram->sum.transform(sent_value);
      PointSeries series(point_labels(p.attributes(), base), *t);
      const bool stale = (p.flags() & kNoRecordedValue) != 0;
      if (delta && !stale) {
        auto total = deltas_.add_histogram(series.stream_key(name, 'h'), {p.start_time_unix_nano(), p.time_unix_nano()},
                                           *histogram, out_.delta_changes);
        if (!total) {
          reject(metric, index, total.error());
          continue;
        }
        histogram = std::move(*total);
      }
      series.add_histogram(name, *histogram);
      if (stale) series.mark_stale();
      store(metric, index, series, *t, newest);
    }
  }

  void exponential_histograms(const pb::Metric& metric,
                              const google::protobuf::RepeatedPtrField<pb::ExponentialHistogramDataPoint>& points,
                              bool delta, const LabelMap& base, int64_t& newest) {
    const std::string name = name_of(metric, MetricKind::histogram, points);
    if (name.empty()) return;
    for (const pb::ExponentialHistogramDataPoint& p : points) {
      const uint32_t index = next_point_++;
      auto t = timestamp(p.time_unix_nano());
      if (!t) {
        reject(metric, index, t.error());
        continue;
      }
      auto histogram = read_exponential(p);
      if (!histogram) {
        reject(metric, index, "exponential histogram: " + histogram.error());
        continue;
      }
      histogram->sum = histogram->sum.transform(sent_value);
      PointSeries series(point_labels(p.attributes(), base), *t);
      const bool stale = (p.flags() & kNoRecordedValue) != 0;
      if (delta && !stale) {
        auto total = deltas_.add_exponential_histogram(series.stream_key(name, 'e'),
                                                       {p.start_time_unix_nano(), p.time_unix_nano()}, *histogram,
                                                       out_.delta_changes);
        if (!total) {
          reject(metric, index, total.error());
          continue;
        }
        histogram = std::move(*total);
      }
      series.add_histogram(name, to_classic(*histogram));
      if (stale) series.mark_stale();
      store(metric, index, series, *t, newest);
    }
  }

  void summaries(const pb::Metric& metric, const google::protobuf::RepeatedPtrField<pb::SummaryDataPoint>& points,
                 const LabelMap& base, int64_t& newest) {
    const std::string name = name_of(metric, MetricKind::summary, points);
    if (name.empty()) return;
    for (const pb::SummaryDataPoint& p : points) {
      const uint32_t index = next_point_++;
      auto t = timestamp(p.time_unix_nano());
      if (!t) {
        reject(metric, index, t.error());
        continue;
      }
      PointSeries series(point_labels(p.attributes(), base), *t);
      for (const auto& q : p.quantile_values()) {
        series.add(name, sent_value(q.value()), "quantile", format_label_number(q.quantile()));
      }
      series.add(name + "_sum", sent_value(p.sum()));
      series.add(name + "_count", static_cast<double>(p.count()));
      if ((p.flags() & kNoRecordedValue) != 0) series.mark_stale();
      store(metric, index, series, *t, newest);
    }
  }

  const TranslateOptions& options_;
  DeltaConverter& deltas_;
  Translation& out_;
  uint32_t next_point_ = 0;   // in request order
  uint32_t first_point_ = 0;  // of the current metric
};

}  // namespace

void note_problem(Translation& translation, std::string problem) {
  ++translation.problem_count;
  if (translation.problems.size() < kMaxProblems) translation.problems.push_back(std::move(problem));
}

Translation translate(const opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest& request,
                      const TranslateOptions& options, DeltaConverter& deltas) {
  Translation out;
  for (const pb::ResourceMetrics& resource : request.resource_metrics()) {
    for (const pb::ScopeMetrics& scope : resource.scope_metrics()) {
      for (const pb::Metric& metric : scope.metrics()) {
        switch (metric.data_case()) {
          case pb::Metric::kGauge:
            out.data_points += static_cast<uint64_t>(metric.gauge().data_points_size());
            break;
          case pb::Metric::kSum:
            out.data_points += static_cast<uint64_t>(metric.sum().data_points_size());
            break;
          case pb::Metric::kHistogram:
            out.data_points += static_cast<uint64_t>(metric.histogram().data_points_size());
            break;
          case pb::Metric::kExponentialHistogram:
            out.data_points += static_cast<uint64_t>(metric.exponential_histogram().data_points_size());
            break;
          case pb::Metric::kSummary:
            out.data_points += static_cast<uint64_t>(metric.summary().data_points_size());
            break;
          case pb::Metric::DATA_NOT_SET:
            break;
        }
      }
    }
  }
  RequestTranslator translator(options, deltas, out);
  for (const pb::ResourceMetrics& resource : request.resource_metrics()) translator.resource(resource);
  return out;
}

}  // namespace vigil::ingest::otlp
