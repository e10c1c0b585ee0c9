#include "ingest/otlp/receiver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/gzip.h"
#include "google/rpc/status.pb.h"
#include "ingest/otlp/http_export.h"
#include "ingest/otlp/otlp_test_support.h"
#include "vigil/exposition/text_writer.h"

namespace vigil::ingest::otlp {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using test::describe;
using test::parse_json;
using test::RecordingAppender;
using test::request_json;

const std::string kCounter = request_json(
    R"({"name":"jobs","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[)"
    R"({"timeUnixNano":"1700000000000000000","asInt":"3"},{"timeUnixNano":"1700000001000000000","asInt":"4"}]}},)"
    R"({"name":"temp","gauge":{"dataPoints":[{"timeUnixNano":"1700000000000000000","asDouble":20}]}})");

std::string protobuf_of(const std::string& json) {
  std::string out;
  parse_json(json).SerializeToString(&out);
  return out;
}

struct Fixture {
  RecordingAppender appender;
  DeltaConverter deltas{{}};
  metrics::Registry registry;
  MetricsReceiver receiver{appender, deltas, {}, registry};
};

TEST(OtlpDecode, JsonAcceptsNumbersOrStringsForInt64AndIntsForEnums) {
  auto a = decode_request(R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"x","sum":{"aggregationTemporality":2,"dataPoints":[{"timeUnixNano":1700000000000000000,"asInt":5}]}}]}]}]})",
                          Encoding::json);
  ASSERT_TRUE(a) << a.error().message;
  const auto& point = a->resource_metrics(0).scope_metrics(0).metrics(0).sum().data_points(0);
  EXPECT_EQ(point.time_unix_nano(), 1700000000000000000u);
  EXPECT_EQ(point.as_int(), 5);
  EXPECT_EQ(a->resource_metrics(0).scope_metrics(0).metrics(0).sum().aggregation_temporality(),
            opentelemetry::proto::metrics::v1::AGGREGATION_TEMPORALITY_CUMULATIVE);
}

TEST(OtlpDecode, JsonIgnoresUnknownFieldsAndHexExemplarIds) {
  auto a = decode_request(R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"x","newField":1,"gauge":{"dataPoints":[{"timeUnixNano":"1","asDouble":1,"exemplars":[{"timeUnixNano":"1","asDouble":1,"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}}]}]}]})",
                          Encoding::json);
  EXPECT_TRUE(a) << a.error().message;
}

TEST(OtlpDecode, Errors) {
  auto truncated = decode_request(protobuf_of(kCounter).substr(0, 40), Encoding::protobuf);
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().kind, ErrorKind::invalid_argument);
  EXPECT_THAT(truncated.error().message, HasSubstr("field 1 truncated or malformed at byte 0"));
  auto json = decode_request(R"({"resourceMetrics":[)", Encoding::json);
  ASSERT_FALSE(json);
  EXPECT_THAT(json.error().message, HasSubstr("invalid OTLP/JSON"));
  auto bad_utf8 = decode_request("{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"a\xff\"}]}]}]}",
                                 Encoding::json);
  ASSERT_FALSE(bad_utf8);
  EXPECT_THAT(bad_utf8.error().message, HasSubstr("non UTF-8"));
  EXPECT_THAT(bad_utf8.error().message, HasSubstr("\\xff")) << "the quoted input is escaped";
  auto nan_time = decode_request(R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"x","gauge":{"dataPoints":[{"timeUnixNano":"NaN","asDouble":1}]}}]}]}]})",
                                 Encoding::json);
  ASSERT_FALSE(nan_time);
  EXPECT_THAT(nan_time.error().message, HasSubstr("data_points[0].time_unix_nano): invalid value \"NaN\""));
}

TEST(OtlpReceiver, StoresProtobufAndJsonAlike) {
  for (auto [body, encoding] : {std::pair{protobuf_of(kCounter), Encoding::protobuf}, std::pair{kCounter, Encoding::json}}) {
    Fixture f;
    auto outcome = f.receiver.receive(body, encoding);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(outcome->data_points, 3u);
    EXPECT_EQ(outcome->samples_appended, 3u);
    EXPECT_EQ(outcome->rejected_points, 0u);
    EXPECT_EQ(outcome->message, "");
    EXPECT_THAT(describe(f.appender.appended),
                ElementsAre(R"(jobs_total{job="api"} 3 @1700000000000)", R"(jobs_total{job="api"} 4 @1700000001000)",
                            R"(temp{job="api"} 20 @1700000000000)"));
  }
}

TEST(OtlpReceiver, StorageRejectsArePartialSuccess) {
  Fixture f;
  f.appender.reject_metric = "jobs_total";
  auto outcome = f.receiver.receive(kCounter, Encoding::json);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->rejected_points, 2u);
  EXPECT_THAT(outcome->message, HasSubstr("2 of 3 data points rejected: storage refused 2 samples: out of order"));
}

TEST(OtlpReceiver, StorageFailureIsUnavailableAndUndoesDeltas) {
  Fixture f;
  const std::string delta = request_json(
      R"({"name":"d","sum":{"aggregationTemporality":1,"isMonotonic":true,"dataPoints":[{"timeUnixNano":"2000000000","asInt":"3"}]}})");
  f.appender.fail = true;
  auto failed = f.receiver.receive(delta, Encoding::json);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, ErrorKind::unavailable);
  EXPECT_EQ(f.deltas.streams(), 0u);
  f.appender.fail = false;
  auto retried = f.receiver.receive(delta, Encoding::json);
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->rejected_points, 0u) << retried->message;
}

TEST(OtlpReceiver, CountsDataPoints) {
  Fixture f;
  ASSERT_TRUE(f.receiver.receive(request_json(R"({"name":"g","gauge":{"dataPoints":[{"asDouble":1}]}})"), Encoding::json));
  std::string text;
  exposition::write_text(text, f.registry.collect());
  EXPECT_THAT(text, HasSubstr("vigil_otlp_data_points_received_total 1\n"));
  EXPECT_THAT(text, HasSubstr("vigil_otlp_data_points_rejected_total 1\n"));
}

HttpExportResponse post(Fixture& f, std::string_view content_type, std::string_view body,
                        std::string_view content_encoding = "", uint64_t limit = 1 << 20) {
  return export_over_http(f.receiver, {content_type, content_encoding, body}, limit);
}

TEST(OtlpHttpExport, ProtobufAndJsonAnswersInTheirEncoding) {
  Fixture f;
  auto pb = post(f, "application/x-protobuf", protobuf_of(kCounter));
  EXPECT_EQ(pb.status, 200u);
  EXPECT_EQ(pb.content_type, "application/x-protobuf");
  EXPECT_EQ(pb.body, "");
  auto json = post(f, "application/json; charset=utf-8", kCounter);
  EXPECT_EQ(json.status, 200u);
  EXPECT_EQ(json.content_type, "application/json");
  EXPECT_EQ(json.body, "{}");
}

TEST(OtlpHttpExport, PartialSuccessInTheResponse) {
  Fixture f;
  auto res = post(f, "application/json", request_json(R"({"name":"g","gauge":{"dataPoints":[{"asDouble":1}]}})"));
  EXPECT_EQ(res.status, 200u);
  EXPECT_THAT(res.body, HasSubstr(R"x("partialSuccess":{"rejectedDataPoints":"1","errorMessage":"1 of 1 data points rejected: metric \"g\" data point 0: time_unix_nano is 0 (not set)"})x"));
  auto pb = post(f, "application/x-protobuf", protobuf_of(request_json(R"({"name":"g","gauge":{"dataPoints":[{"asDouble":1}]}})")));
  opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceResponse response;
  ASSERT_TRUE(response.ParseFromString(pb.body));
  EXPECT_EQ(response.partial_success().rejected_data_points(), 1);
}

TEST(OtlpHttpExport, Gzip) {
  Fixture f;
  auto res = post(f, "application/x-protobuf", *gzip_compress(protobuf_of(kCounter)), "gzip");
  EXPECT_EQ(res.status, 200u) << res.body;
  EXPECT_EQ(f.appender.appended.size(), 3u);
  auto corrupt = post(f, "application/x-protobuf", "not gzip", "gzip");
  EXPECT_EQ(corrupt.status, 400u);
}

TEST(OtlpHttpExport, BadInput) {
  Fixture f;
  auto bad = post(f, "application/x-protobuf", "\x0a\xff\xff");
  EXPECT_EQ(bad.status, 400u);
  google::rpc::Status status;
  ASSERT_TRUE(status.ParseFromString(bad.body));
  EXPECT_EQ(status.code(), 3);
  EXPECT_THAT(status.message(), HasSubstr("invalid protobuf ExportMetricsServiceRequest"));
  auto bad_json = post(f, "application/json", "{");
  EXPECT_EQ(bad_json.status, 400u);
  EXPECT_THAT(bad_json.body, HasSubstr(R"("code":3)"));
  EXPECT_EQ(post(f, "text/plain", "x").status, 415u);
  EXPECT_EQ(post(f, "", "x").status, 415u);
  EXPECT_EQ(post(f, "application/json", "{}", "br").status, 415u);
  auto big = post(f, "application/json", std::string(2000, ' '), "", 1000);
  EXPECT_EQ(big.status, 413u);
  EXPECT_THAT(big.body, HasSubstr("more than the limit of 1000"));
  auto bomb = post(f, "application/json", *gzip_compress(std::string(5000, ' ')), "gzip", 1000);
  EXPECT_EQ(bomb.status, 413u);
}

TEST(OtlpHttpExport, StorageFailureIs503) {
  Fixture f;
  f.appender.fail = true;
  auto res = post(f, "application/json", kCounter);
  EXPECT_EQ(res.status, 503u);
  EXPECT_THAT(res.body, HasSubstr(R"("code":14)"));
  EXPECT_THAT(res.body, HasSubstr("disk full"));
}

}  // namespace
}  // namespace vigil::ingest::otlp
