#include "export/otlp/export_request.h"

#include <gtest/gtest.h>

#include "vigil/metrics/registry.h"

namespace vigil::exporter::otlp {
namespace {

namespace pb = opentelemetry::proto::metrics::v1;
using Request = opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest;

constexpr CollectionTimes kTimes{1'000, 2'000};

Request convert(const metrics::Registry& registry, const std::map<std::string, std::string>& resource = {}) {
  return export_request(registry.collect(), resource, kTimes);
}

const pb::Metric& only_metric(const Request& request) {
  EXPECT_EQ(request.resource_metrics_size(), 1);
  EXPECT_EQ(request.resource_metrics(0).scope_metrics_size(), 1);
  EXPECT_EQ(request.resource_metrics(0).scope_metrics(0).metrics_size(), 1);
  return request.resource_metrics(0).scope_metrics(0).metrics(0);
}

template <class Point>
std::map<std::string, std::string> attributes_of(const Point& point) {
  std::map<std::string, std::string> out;
  for (const auto& kv : point.attributes()) out[kv.key()] = kv.value().string_value();
  return out;
}

TEST(ExportRequestTest, CounterIsACumulativeMonotonicSumWithLabelsAsAttributes) {
  metrics::Registry registry;
  auto& requests = registry.counter("http_requests_total", "Requests served.", {"method", "code"});
  requests.with({"GET", "200"}).inc(3);
  requests.with({"POST", "500"}).inc(1);

  const Request request = convert(registry);
  const pb::Metric& metric = only_metric(request);
  EXPECT_EQ(metric.name(), "http_requests");
  EXPECT_EQ(metric.description(), "Requests served.");
  ASSERT_TRUE(metric.has_sum());
  EXPECT_TRUE(metric.sum().is_monotonic());
  EXPECT_EQ(metric.sum().aggregation_temporality(), pb::AGGREGATION_TEMPORALITY_CUMULATIVE);
  ASSERT_EQ(metric.sum().data_points_size(), 2);
  const pb::NumberDataPoint& get = metric.sum().data_points(0);
  EXPECT_EQ(attributes_of(get), (std::map<std::string, std::string>{{"code", "200"}, {"method", "GET"}}));
  EXPECT_EQ(get.as_double(), 3);
  EXPECT_EQ(get.start_time_unix_nano(), 1'000u);
  EXPECT_EQ(get.time_unix_nano(), 2'000u);
  EXPECT_EQ(metric.sum().data_points(1).as_double(), 1);
}

TEST(ExportRequestTest, GaugeIsAGauge) {
  metrics::Registry registry;
  registry.gauge("queue_depth", "Jobs waiting.", {"queue"}).with({"mail"}).set(-2.5);

  const Request request = convert(registry);
  const pb::Metric& metric = only_metric(request);
  EXPECT_EQ(metric.name(), "queue_depth");
  ASSERT_TRUE(metric.has_gauge());
  ASSERT_EQ(metric.gauge().data_points_size(), 1);
  EXPECT_EQ(metric.gauge().data_points(0).as_double(), -2.5);
  EXPECT_EQ(attributes_of(metric.gauge().data_points(0)), (std::map<std::string, std::string>{{"queue", "mail"}}));
  EXPECT_EQ(metric.gauge().data_points(0).time_unix_nano(), 2'000u);
}

TEST(ExportRequestTest, HistogramBucketsAreCountedEachOnTheirOwn) {
  metrics::Registry registry;
  auto& duration = registry.histogram("request_duration_seconds", "Latency.", {"route"}, {0.1, 1, 10}, "seconds");
  for (double v : {0.05, 0.5, 0.7, 5.0, 50.0, 60.0}) duration.with({"/api"}).observe(v);

  const Request request = convert(registry);
  const pb::Metric& metric = only_metric(request);
  EXPECT_EQ(metric.name(), "request_duration_seconds");
  EXPECT_EQ(metric.unit(), "s");
  ASSERT_TRUE(metric.has_histogram());
  EXPECT_EQ(metric.histogram().aggregation_temporality(), pb::AGGREGATION_TEMPORALITY_CUMULATIVE);
  ASSERT_EQ(metric.histogram().data_points_size(), 1);
  const pb::HistogramDataPoint& point = metric.histogram().data_points(0);
  EXPECT_EQ(std::vector<double>(point.explicit_bounds().begin(), point.explicit_bounds().end()),
            (std::vector<double>{0.1, 1, 10}));
  // Cumulative 1, 3, 4, 6 in the registry.
  EXPECT_EQ(std::vector<uint64_t>(point.bucket_counts().begin(), point.bucket_counts().end()),
            (std::vector<uint64_t>{1, 2, 1, 2}));
  EXPECT_EQ(point.count(), 6u);
  EXPECT_DOUBLE_EQ(point.sum(), 116.25);
  EXPECT_EQ(attributes_of(point), (std::map<std::string, std::string>{{"route", "/api"}}));
  EXPECT_EQ(point.start_time_unix_nano(), 1'000u);
}

TEST(ExportRequestTest, ResourceAndScope) {
  metrics::Registry registry;
  registry.gauge("up", "x").with({}).set(1);
  const Request request = convert(registry, {{"service.name", "checkout"}, {"service.instance.id", "i-1"}});
  ASSERT_EQ(request.resource_metrics_size(), 1);
  EXPECT_EQ(attributes_of(request.resource_metrics(0).resource()),
            (std::map<std::string, std::string>{{"service.instance.id", "i-1"}, {"service.name", "checkout"}}));
  EXPECT_EQ(request.resource_metrics(0).scope_metrics(0).scope().name(), "vigil.sdk");
}

TEST(ExportRequestTest, FamiliesWithoutPointsAreLeftOut) {
  metrics::Registry registry;
  registry.counter("unused_total", "Never touched.", {"kind"});
  registry.gauge("used", "x").with({}).set(1);
  const Request request = convert(registry);
  ASSERT_EQ(request.resource_metrics(0).scope_metrics(0).metrics_size(), 1);
  EXPECT_EQ(request.resource_metrics(0).scope_metrics(0).metrics(0).name(), "used");
}

TEST(ExportRequestTest, CollectedFamiliesOfUnknownTypeAreGauges) {
  metrics::Registry registry;
  registry.add_collector([](std::vector<metrics::MetricFamily>& out) {
    out.push_back({"build_info", "Build.", "", metrics::MetricType::unknown, {{{{"version", "1.2"}}, 1.0}}});
  });
  const Request request = convert(registry);
  const pb::Metric& metric = only_metric(request);
  ASSERT_TRUE(metric.has_gauge());
  EXPECT_EQ(metric.gauge().data_points(0).as_double(), 1);
  EXPECT_EQ(attributes_of(metric.gauge().data_points(0)), (std::map<std::string, std::string>{{"version", "1.2"}}));
}

}  // namespace
}  // namespace vigil::exporter::otlp
