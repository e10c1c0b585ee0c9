#include "vigil/exposition/text_writer.h"

#include <gtest/gtest.h>

#include <cmath>

#include "vigil/metrics/registry.h"

namespace vigil::exposition {
namespace {

using metrics::HistogramValue;
using metrics::MetricFamily;
using metrics::MetricPoint;
using metrics::MetricType;

std::string text(const std::vector<MetricFamily>& families) {
  std::string out;
  write_text(out, families);
  return out;
}

TEST(TextWriterTest, CounterWithLabelsAndEscaping) {
  MetricFamily f{
      "http_requests_total", "Requests by \"code\".\nSecond line \\ backslash.", "", MetricType::counter, {}};
  f.points.push_back(MetricPoint{{{"code", "200"}, {"path", "/a\"b\\c\nd"}}, 1027.0});
  f.points.push_back(MetricPoint{{{"code", "500"}, {"path", ""}}, 3.0});
  EXPECT_EQ(text({f}),
            "# HELP http_requests_total Requests by \"code\".\\nSecond line \\\\ backslash.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{code=\"200\",path=\"/a\\\"b\\\\c\\nd\"} 1027\n"
            "http_requests_total{code=\"500\",path=\"\"} 3\n");
}

TEST(TextWriterTest, GaugeWithoutLabelsOrHelp) {
  MetricFamily f{"temperature", "", "", MetricType::gauge, {}};
  f.points.push_back(MetricPoint{{}, -1.5e-7});
  MetricFamily g{"weird", "", "", MetricType::unknown, {}};
  g.points.push_back(MetricPoint{{}, std::nan("")});
  EXPECT_EQ(text({f, g}),
            "# TYPE temperature gauge\n"
            "temperature -1.5e-07\n"
            "# TYPE weird untyped\n"
            "weird NaN\n");
}

TEST(TextWriterTest, HistogramExpandsToBucketsSumAndCount) {
  MetricFamily f{"latency_seconds", "Latency.", "seconds", MetricType::histogram, {}};
  f.points.push_back(MetricPoint{{{"path", "/q"}}, HistogramValue{{0.005, 1, 1e6}, {1, 3, 4, 5}, 12.5, 5}});
  f.points.push_back(MetricPoint{{}, HistogramValue{{1}, {0, 0}, 0, 0}});
  EXPECT_EQ(text({f}),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{path=\"/q\",le=\"0.005\"} 1\n"
            "latency_seconds_bucket{path=\"/q\",le=\"1\"} 3\n"
            "latency_seconds_bucket{path=\"/q\",le=\"1e+06\"} 4\n"
            "latency_seconds_bucket{path=\"/q\",le=\"+Inf\"} 5\n"
            "latency_seconds_sum{path=\"/q\"} 12.5\n"
            "latency_seconds_count{path=\"/q\"} 5\n"
            "latency_seconds_bucket{le=\"1\"} 0\n"
            "latency_seconds_bucket{le=\"+Inf\"} 0\n"
            "latency_seconds_sum 0\n"
            "latency_seconds_count 0\n");
}

TEST(TextWriterTest, WritesWhatTheRegistryCollects) {
  metrics::Registry r;
  r.counter("jobs_total", "Jobs.", {"state"}).with({"done"}).inc(2);
  r.gauge("queue_length", "Queue.").with({}).set(4);
  EXPECT_EQ(text(r.collect()),
            "# HELP jobs_total Jobs.\n"
            "# TYPE jobs_total counter\n"
            "jobs_total{state=\"done\"} 2\n"
            "# HELP queue_length Queue.\n"
            "# TYPE queue_length gauge\n"
            "queue_length 4\n");
}

std::string openmetrics(const std::vector<MetricFamily>& families) {
  std::string out;
  write_exposition(out, families, Format::openmetrics);
  return out;
}

TEST(OpenMetricsWriterTest, CounterFamilyWithoutTotalThenEof) {
  MetricFamily f{"http_requests_total", "Requests by \"code\".", "", MetricType::counter, {}};
  f.points.push_back(MetricPoint{{{"code", "200"}}, 1027.0});
  MetricFamily g{"weird", "", "", MetricType::unknown, {}};
  g.points.push_back(MetricPoint{{}, 2.5});
  EXPECT_EQ(openmetrics({f, g}),
            "# TYPE http_requests counter\n"
            "# HELP http_requests Requests by \\\"code\\\".\n"
            "http_requests_total{code=\"200\"} 1027\n"
            "# TYPE weird unknown\n"
            "weird 2.5\n"
            "# EOF\n");
}

TEST(OpenMetricsWriterTest, UnitOnlyWhenTheNameEndsWithIt) {
  MetricFamily f{"latency_seconds", "Latency.", "seconds", MetricType::histogram, {}};
  f.points.push_back(MetricPoint{{}, HistogramValue{{1}, {2, 3}, 4.5, 3}});
  MetricFamily g{"queue_length", "", "seconds", MetricType::gauge, {}};
  g.points.push_back(MetricPoint{{}, 7.0});
  EXPECT_EQ(openmetrics({f, g}),
            "# TYPE latency_seconds histogram\n"
            "# UNIT latency_seconds seconds\n"
            "# HELP latency_seconds Latency.\n"
            "latency_seconds_bucket{le=\"1\"} 2\n"
            "latency_seconds_bucket{le=\"+Inf\"} 3\n"
            "latency_seconds_sum 4.5\n"
            "latency_seconds_count 3\n"
            "# TYPE queue_length gauge\n"
            "queue_length 7\n"
            "# EOF\n");
}

TEST(OpenMetricsWriterTest, EmptyExpositionIsJustEof) { EXPECT_EQ(openmetrics({}), "# EOF\n"); }

}  // namespace
}  // namespace vigil::exposition
