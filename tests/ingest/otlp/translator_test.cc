// Every mapping rule of docs/otlp.md, from an OTLP/JSON request to the series
// it becomes.

#include "ingest/otlp/translator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/otlp/otlp_test_support.h"

namespace vigil::ingest::otlp {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using test::describe;
using test::parse_json;
using test::request_json;

constexpr const char* kT = R"("timeUnixNano":"1700000000000000000")";  // 1700000000000 ms

struct Translated {
  std::vector<std::string> series;
  Translation translation;
};

Translated run(const std::string& json, TranslateOptions options = {}) {
  static DeltaConverter deltas({});
  Translated out;
  out.translation = translate(parse_json(json), options, deltas);
  out.series = describe(out.translation.series);
  return out;
}

std::string gauge(const std::string& name, const std::string& point, const std::string& unit = "") {
  return R"({"name":")" + name + R"(","unit":")" + unit + R"(","gauge":{"dataPoints":[)" + point + "]}}";
}

TEST(OtlpTranslate, GaugeWithResourceJobInstanceAndAttributes) {
  auto out = run(request_json(gauge("queue.depth", std::string(R"({"attributes":[{"key":"queue.name","value":{"stringValue":"jobs"}}],)") +
                                                   kT + R"(,"asDouble":4.5})"),
                              R"({"key":"service.name","value":{"stringValue":"worker"}},
                                 {"key":"service.namespace","value":{"stringValue":"shop"}},
                                 {"key":"service.instance.id","value":{"stringValue":"w-1"}})"));
  EXPECT_THAT(out.series,
              ElementsAre(R"(queue_depth{instance="w-1", job="shop/worker", queue_name="jobs"} 4.5 @1700000000000)"));
  EXPECT_EQ(out.translation.data_points, 1u);
  EXPECT_EQ(out.translation.rejected_points, 0u);
}

TEST(OtlpTranslate, IntValuesAndMillisecondTimestamps) {
  auto out = run(request_json(gauge("g", R"({"timeUnixNano":"1700000000123999999","asInt":"-7"})")));
  EXPECT_THAT(out.series, ElementsAre(R"(g{job="api"} -7 @1700000000123)"));
}

TEST(OtlpTranslate, TargetInfoCarriesOtherResourceAttributes) {
  auto out = run(request_json(gauge("g", std::string("{") + kT + R"(,"asDouble":1})") + "," +
                                  gauge("h", R"({"timeUnixNano":"1700000005000000000","asDouble":2})"),
                              R"({"key":"service.name","value":{"stringValue":"api"}},
                                 {"key":"service.instance.id","value":{"stringValue":"i"}},
                                 {"key":"host.name","value":{"stringValue":"box"}},
                                 {"key":"k8s.pod.uid","value":{"stringValue":"u"}})"));
  EXPECT_THAT(out.series, ElementsAre(R"(g{instance="i", job="api"} 1 @1700000000000)",
                                      R"(h{instance="i", job="api"} 2 @1700000005000)",
                                      R"(target_info{host_name="box", instance="i", job="api", k8s_pod_uid="u"} 1 @1700000005000)"));
  EXPECT_EQ(out.translation.point_of_series.back(), kNoDataPoint);
}

TEST(OtlpTranslate, ResourceLabelsWinOverAttributesOfTheSameName) {
  auto out = run(request_json(
      gauge("g", std::string(R"({"attributes":[{"key":"job","value":{"stringValue":"mine"}}],)") + kT + R"(,"asDouble":1})")));
  EXPECT_THAT(out.series, ElementsAre(R"(g{job="api"} 1 @1700000000000)"));
}

TEST(OtlpTranslate, ScopeMetadataOnlyWhenPromoted) {
  const std::string json = request_json(gauge("g", std::string("{") + kT + R"(,"asDouble":1})"));
  EXPECT_THAT(run(json).series, ElementsAre(R"(g{job="api"} 1 @1700000000000)"));
  TranslateOptions options;
  options.promote_scope_metadata = true;
  EXPECT_THAT(run(json, options).series,
              ElementsAre(R"(g{job="api", otel_scope_name="lib", otel_scope_version="1.2"} 1 @1700000000000)"));
}

TEST(OtlpTranslate, CumulativeMonotonicSumIsACounter) {
  auto out = run(request_json(std::string(R"({"name":"http.requests","unit":"{request}","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[{"startTimeUnixNano":"1",)") +
                              kT + R"(,"asInt":"12"}]}})"));
  EXPECT_THAT(out.series, ElementsAre(R"(http_requests_total{job="api"} 12 @1700000000000)"));
}

TEST(OtlpTranslate, NonMonotonicSumIsAGauge) {
  auto out = run(request_json(std::string(R"({"name":"active","unit":"By","sum":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_CUMULATIVE","isMonotonic":false,"dataPoints":[{)") +
                              kT + R"(,"asInt":"-3"}]}})"));
  EXPECT_THAT(out.series, ElementsAre(R"(active_bytes{job="api"} -3 @1700000000000)"));
}

TEST(OtlpTranslate, UnspecifiedTemporalityRejectsThePoints) {
  auto out = run(request_json(std::string(R"({"name":"c","sum":{"isMonotonic":true,"dataPoints":[{)") + kT +
                              R"(,"asInt":"1"},{)" + kT + R"(,"asInt":"2"}]}})"));
  EXPECT_THAT(out.series, IsEmpty());
  EXPECT_EQ(out.translation.rejected_points, 2u);
  EXPECT_THAT(out.translation.problems, ElementsAre(HasSubstr("metric \"c\": aggregation_temporality is unspecified")));
}

TEST(OtlpTranslate, ExplicitHistogram) {
  auto out = run(request_json(std::string(R"({"name":"http.server.duration","unit":"s","histogram":{"aggregationTemporality":2,"dataPoints":[{)") +
                              kT + R"(,"count":"6","sum":1.5,"bucketCounts":["1","2","3"],"explicitBounds":[0.005,0.1]}]}})"));
  EXPECT_THAT(out.series, ElementsAre(R"(http_server_duration_seconds_bucket{job="api", le="0.005"} 1 @1700000000000)",
                                      R"(http_server_duration_seconds_bucket{job="api", le="0.1"} 3 @1700000000000)",
                                      R"(http_server_duration_seconds_bucket{job="api", le="+Inf"} 6 @1700000000000)",
                                      R"(http_server_duration_seconds_sum{job="api"} 1.5 @1700000000000)",
                                      R"(http_server_duration_seconds_count{job="api"} 6 @1700000000000)"));
}

TEST(OtlpTranslate, HistogramWithoutSumOrBuckets) {
  auto out = run(request_json(std::string(R"({"name":"h","histogram":{"aggregationTemporality":2,"dataPoints":[{)") + kT +
                              R"(,"count":"4"}]}})"));
  EXPECT_THAT(out.series, ElementsAre(R"(h_bucket{job="api", le="+Inf"} 4 @1700000000000)",
                                      R"(h_count{job="api"} 4 @1700000000000)"));
}

TEST(OtlpTranslate, HistogramWithMismatchedBucketsIsRejected) {
  auto out = run(request_json(std::string(R"({"name":"h","histogram":{"aggregationTemporality":2,"dataPoints":[{)") + kT +
                              R"(,"count":"4","bucketCounts":["4"],"explicitBounds":[1]}]}})"));
  EXPECT_THAT(out.series, IsEmpty());
  EXPECT_THAT(out.translation.problems,
              ElementsAre(HasSubstr("metric \"h\" data point 0: has 1 bucket_counts for 1 explicit_bounds")));
}

TEST(OtlpTranslate, Summary) {
  auto out = run(request_json(std::string(R"({"name":"rpc.latency","unit":"ms","summary":{"dataPoints":[{)") + kT +
                              R"(,"count":"10","sum":55,"quantileValues":[{"quantile":0.5,"value":4},{"quantile":0.99,"value":9}]}]}})"));
  EXPECT_THAT(out.series, ElementsAre(R"(rpc_latency_milliseconds{job="api", quantile="0.5"} 4 @1700000000000)",
                                      R"(rpc_latency_milliseconds{job="api", quantile="0.99"} 9 @1700000000000)",
                                      R"(rpc_latency_milliseconds_sum{job="api"} 55 @1700000000000)",
                                      R"(rpc_latency_milliseconds_count{job="api"} 10 @1700000000000)"));
}

TEST(OtlpTranslate, ExponentialHistogramBecomesClassicBuckets) {
  // scale 0: base 2. Positive buckets at offset 0: (1,2], (2,4]; zero bucket.
  auto out = run(request_json(std::string(R"({"name":"size","unit":"By","exponentialHistogram":{"aggregationTemporality":2,"dataPoints":[{)") +
                              kT + R"(,"count":"6","sum":12,"scale":0,"zeroCount":"1","positive":{"offset":0,"bucketCounts":["2","3"]}}]}})"));
  EXPECT_THAT(out.series, ElementsAre(R"(size_bytes_bucket{job="api", le="0"} 1 @1700000000000)",
                                      R"(size_bytes_bucket{job="api", le="2"} 3 @1700000000000)",
                                      R"(size_bytes_bucket{job="api", le="4"} 6 @1700000000000)",
                                      R"(size_bytes_bucket{job="api", le="+Inf"} 6 @1700000000000)",
                                      R"(size_bytes_sum{job="api"} 12 @1700000000000)",
                                      R"(size_bytes_count{job="api"} 6 @1700000000000)"));
}

TEST(OtlpTranslate, ExponentialHistogramOutOfRangeScaleIsRejectedPerPoint) {
  auto out = run(request_json(std::string(R"({"name":"e","exponentialHistogram":{"aggregationTemporality":2,"dataPoints":[{)") +
                              kT + R"(,"count":"1","scale":21},{)" + kT + R"(,"count":"0","scale":3}]}})"));
  EXPECT_EQ(out.translation.rejected_points, 1u);
  EXPECT_THAT(out.translation.problems,
              ElementsAre(HasSubstr("data point 0: exponential histogram: scale 21 is outside [-10, 20]")));
  EXPECT_THAT(out.series, ElementsAre(R"(e_bucket{job="api", le="+Inf"} 0 @1700000000000)",
                                      R"(e_count{job="api"} 0 @1700000000000)"));
}

TEST(OtlpTranslate, NoRecordedValueIsTheStalenessMarker) {
  auto out = run(request_json(gauge("g", std::string("{") + kT + R"(,"flags":1})") + "," +
                              std::string(R"({"name":"h","histogram":{"aggregationTemporality":2,"dataPoints":[{)") + kT +
                              R"(,"count":"1","sum":1,"flags":1}]}})"));
  EXPECT_THAT(out.series, ElementsAre(R"(g{job="api"} stale @1700000000000)",
                                      R"(h_bucket{job="api", le="+Inf"} stale @1700000000000)",
                                      R"(h_sum{job="api"} stale @1700000000000)",
                                      R"(h_count{job="api"} stale @1700000000000)"));
}

TEST(OtlpTranslate, NaNValuesAreOrdinaryNaN) {
  auto out = run(request_json(gauge("g", std::string("{") + kT + R"(,"asDouble":"NaN"})")));
  EXPECT_THAT(out.series, ElementsAre(R"(g{job="api"} NaN @1700000000000)"));
}

TEST(OtlpTranslate, BadPointsAreRejectedOneByOne) {
  auto out = run(request_json(gauge("g", R"({"asDouble":1},{"timeUnixNano":"1700000000000000000"},)"
                                         R"({"timeUnixNano":"1700000001000000000","asDouble":3})")));
  EXPECT_THAT(out.series, ElementsAre(R"(g{job="api"} 3 @1700000001000)"));
  EXPECT_EQ(out.translation.rejected_points, 2u);
  EXPECT_THAT(out.translation.problems, ElementsAre(HasSubstr("metric \"g\" data point 0: time_unix_nano is 0"),
                                                    HasSubstr("metric \"g\" data point 1: has no value")));
}

TEST(OtlpTranslate, MetricWithoutValidNameIsRejected) {
  auto out = run(request_json(gauge("...", std::string("{") + kT + R"(,"asDouble":1})")));
  EXPECT_THAT(out.series, IsEmpty());
  EXPECT_EQ(out.translation.rejected_points, 1u);
}

TEST(OtlpTranslate, MetricWithoutDataIsAWarning) {
  auto out = run(request_json(R"({"name":"empty"})"));
  EXPECT_EQ(out.translation.rejected_points, 0u);
  EXPECT_THAT(out.translation.problems, ElementsAre(HasSubstr("metric \"empty\" has no data")));
}

TEST(OtlpTranslate, InvalidUtf8AttributeRejectsOnlyItsPoint) {
  // Built as a message: JSON text cannot carry invalid UTF-8.
  ExportRequest request = parse_json(request_json(gauge("g", std::string(R"({"attributes":[{"key":"a","value":{"stringValue":"ok"}}],)") +
                                                                 kT + R"(,"asDouble":1},{)" + kT + R"(,"asDouble":2})")));
  auto* point = request.mutable_resource_metrics(0)->mutable_scope_metrics(0)->mutable_metrics(0)->mutable_gauge()->mutable_data_points(0);
  point->mutable_attributes(0)->mutable_value()->set_string_value("bad\xff");
  DeltaConverter deltas({});
  Translation t = translate(request, {}, deltas);
  EXPECT_THAT(describe(t.series), ElementsAre(R"(g{job="api"} 2 @1700000000000)"));
  EXPECT_EQ(t.rejected_points, 1u);
  EXPECT_THAT(t.problems, ElementsAre(AllOf(HasSubstr("data point 0"), HasSubstr("UTF-8"))));
}

TEST(OtlpTranslate, LabelLimitsRejectThePoint) {
  TranslateOptions options;
  options.label_limits.max_value_length = 8;
  auto out = run(request_json(gauge("g", std::string(R"({"attributes":[{"key":"a","value":{"stringValue":"much too long"}}],)") +
                                             kT + R"(,"asDouble":1})")),
                 options);
  EXPECT_THAT(out.series, IsEmpty());
  EXPECT_EQ(out.translation.rejected_points, 1u);
}

TEST(OtlpTranslate, ProblemsAreCappedButCounted) {
  std::string points;
  for (int i = 0; i < 8; ++i) points += std::string(i ? "," : "") + R"({"asDouble":1})";
  auto out = run(request_json(gauge("g", points)));
  EXPECT_EQ(out.translation.rejected_points, 8u);
  EXPECT_EQ(out.translation.problem_count, 8u);
  EXPECT_EQ(out.translation.problems.size(), kMaxProblems);
}

TEST(OtlpTranslate, DeltaSumBecomesCumulative) {
  DeltaConverter deltas({});
  auto point = [](int start_s, int end_s, int value) {
    return R"({"startTimeUnixNano":")" + std::to_string(start_s) + R"(000000000","timeUnixNano":")" +
           std::to_string(end_s) + R"(000000000","asInt":")" + std::to_string(value) + R"("})";
  };
  auto sum = [&](const std::string& points) {
    return request_json(R"({"name":"jobs","sum":{"aggregationTemporality":1,"isMonotonic":true,"dataPoints":[)" + points + "]}}");
  };
  auto first = translate(parse_json(sum(point(100, 110, 3) + "," + point(110, 120, 2))), {}, deltas);
  EXPECT_THAT(describe(first.series), ElementsAre(R"(jobs_total{job="api"} 3 @110000)", R"(jobs_total{job="api"} 5 @120000)"));
  auto repeat = translate(parse_json(sum(point(110, 120, 2))), {}, deltas);
  EXPECT_THAT(repeat.series, IsEmpty());
  EXPECT_THAT(repeat.problems, ElementsAre(HasSubstr("not after the last one added")));
  auto next = translate(parse_json(sum(point(120, 130, 4))), {}, deltas);
  EXPECT_THAT(describe(next.series), ElementsAre(R"(jobs_total{job="api"} 9 @130000)"));
}

TEST(OtlpTranslate, DeltaHistogramBecomesCumulative) {
  DeltaConverter deltas({});
  auto request = [](int end_s, const char* counts) {
    return request_json(R"({"name":"d","histogram":{"aggregationTemporality":1,"dataPoints":[{"timeUnixNano":")" +
                        std::to_string(end_s) + R"(000000000","count":"3","sum":3,"bucketCounts":)" + counts +
                        R"(,"explicitBounds":[1]}]}})");
  };
  (void)translate(parse_json(request(10, R"(["1","2"])")), {}, deltas);
  auto second = translate(parse_json(request(20, R"(["3","0"])")), {}, deltas);
  EXPECT_THAT(describe(second.series), ElementsAre(R"(d_bucket{job="api", le="1"} 4 @20000)",
                                                   R"(d_bucket{job="api", le="+Inf"} 6 @20000)",
                                                   R"(d_sum{job="api"} 6 @20000)", R"(d_count{job="api"} 6 @20000)"));
}

}  // namespace
}  // namespace vigil::ingest::otlp
