// The OTLP metrics receiver on the real binary: OTLP/HTTP (protobuf, JSON,
// gzip) on the dedicated listener and on the main one at both paths, and
// OTLP/gRPC; what is acknowledged is in storage after a restart (read back
// with `vigil tsdb dump`).

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <sstream>

#include "core/gzip.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.grpc.pb.h"
#include "support/http_client.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

namespace collector = opentelemetry::proto::collector::metrics::v1;
using ::testing::HasSubstr;

// One gauge point of `name` at `t_ms`, from service "svc" instance "i-1".
std::string gauge_json(const std::string& name, int64_t t_ms, double value) {
  return R"({"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}},)"
         R"({"key":"service.instance.id","value":{"stringValue":"i-1"}}]},"scopeMetrics":[{"metrics":[{"name":")" +
         name + R"(","gauge":{"dataPoints":[{"timeUnixNano":")" + std::to_string(t_ms) + R"(000000","asDouble":)" +
         std::to_string(value) + "}]}}]}]}]}";
}

collector::ExportMetricsServiceRequest message(const std::string& json) {
  collector::ExportMetricsServiceRequest request;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &request).ok());
  return request;
}

std::string protobuf(const std::string& json) {
  std::string out;
  message(json).SerializeToString(&out);
  return out;
}

std::optional<HttpResult> post(int port, const std::string& target, const std::string& content_type,
                               std::string body, std::map<std::string, std::string> headers = {}) {
  HttpCall call;
  call.method = "POST";
  call.target = target;
  call.headers = std::move(headers);
  call.headers["Content-Type"] = content_type;
  call.body = std::move(body);
  return http_request(port, call);
}

std::string file_content(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

struct OtlpVigil {
  explicit OtlpVigil(std::vector<std::string> args = {})
      : http_port(free_port()),
        grpc_port(free_port()),
        vigil(std::move(args), {{"VIGIL_OTLP_HTTP_LISTEN", "127.0.0.1:" + std::to_string(http_port)},
                                {"VIGIL_OTLP_GRPC_LISTEN", "127.0.0.1:" + std::to_string(grpc_port)}}) {}

  std::unique_ptr<collector::MetricsService::Stub> stub() const {
    return collector::MetricsService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(grpc_port), grpc::InsecureChannelCredentials()));
  }

  int http_port;
  int grpc_port;
  VigilProcess vigil;
};

constexpr int64_t kT0 = 1'700'000'000'000;

TEST(Otlp, HttpProtobufJsonGzipAndGrpcAreStored) {
  OtlpVigil otlp;
  ASSERT_TRUE(otlp.vigil.wait_ready()) << otlp.vigil.log();

  auto pb = post(otlp.http_port, "/v1/metrics", "application/x-protobuf", protobuf(gauge_json("via.protobuf", kT0, 1)));
  ASSERT_TRUE(pb);
  EXPECT_EQ(pb->status, 200) << pb->body;
  EXPECT_EQ(pb->header("content-type"), "application/x-protobuf");

  auto json = post(otlp.vigil.port(), "/v1/metrics", "application/json", gauge_json("via.json", kT0, 2));
  ASSERT_TRUE(json);
  EXPECT_EQ(json->status, 200) << json->body;
  EXPECT_EQ(json->body, "{}");

  auto gz = post(otlp.vigil.port(), "/api/v1/otlp/v1/metrics", "application/x-protobuf",
                 *gzip_compress(protobuf(gauge_json("via.gzip", kT0, 3))), {{"Content-Encoding", "gzip"}});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->status, 200) << gz->body;

  auto stub = otlp.stub();
  grpc::ClientContext context;
  context.set_compression_algorithm(GRPC_COMPRESS_GZIP);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  collector::ExportMetricsServiceResponse response;
  grpc::Status status = stub->Export(&context, message(gauge_json("via.grpc", kT0, 4)), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(response.has_partial_success());

  const auto stopping = std::chrono::steady_clock::now();
  ASSERT_EQ(otlp.vigil.stop(SIGTERM), 0) << otlp.vigil.log();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::seconds(3))
      << "an idle gRPC client connection must not hold up shutdown";
  auto dump = run_vigil({"tsdb", "dump", otlp.vigil.data_dir()});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  EXPECT_EQ(dump.out,
            "{__name__=\"via_grpc\", instance=\"i-1\", job=\"svc\"} 4 1700000000000\n"
            "{__name__=\"via_gzip\", instance=\"i-1\", job=\"svc\"} 3 1700000000000\n"
            "{__name__=\"via_json\", instance=\"i-1\", job=\"svc\"} 2 1700000000000\n"
            "{__name__=\"via_protobuf\", instance=\"i-1\", job=\"svc\"} 1 1700000000000\n");
}

TEST(Otlp, BadInputGetsTheProtocolsAnswers) {
  OtlpVigil otlp;
  ASSERT_TRUE(otlp.vigil.wait_ready()) << otlp.vigil.log();
  const std::string body = protobuf(gauge_json("m", kT0, 1));

  auto truncated = post(otlp.http_port, "/v1/metrics", "application/x-protobuf", body.substr(0, body.size() - 3));
  ASSERT_TRUE(truncated);
  EXPECT_EQ(truncated->status, 400);
  EXPECT_THAT(truncated->body, HasSubstr("invalid protobuf ExportMetricsServiceRequest"));

  auto json = post(otlp.http_port, "/v1/metrics", "application/json", R"({"resourceMetrics":)");
  ASSERT_TRUE(json);
  EXPECT_EQ(json->status, 400);
  EXPECT_THAT(json->body, HasSubstr(R"("code":3)"));

  auto media = post(otlp.http_port, "/v1/metrics", "text/plain", "x");
  ASSERT_TRUE(media);
  EXPECT_EQ(media->status, 415);

  // A point without a timestamp next to a good one: partial success.
  auto partial = post(otlp.http_port, "/v1/metrics", "application/json",
                      R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"p","gauge":{"dataPoints":[)"
                      R"({"asDouble":1},{"timeUnixNano":"1700000000000000000","asDouble":2}]}}]}]}]})");
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->status, 200);
  EXPECT_THAT(partial->body, HasSubstr(R"("rejectedDataPoints":"1")"));
  EXPECT_THAT(partial->body, HasSubstr("time_unix_nano is 0"));

  auto stub = otlp.stub();
  grpc::ClientContext context;
  collector::ExportMetricsServiceResponse response;
  auto status = stub->Export(&context, message(R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"p","sum":{"dataPoints":[{"timeUnixNano":"1","asDouble":1}]}}]}]}]})"),
                             &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.partial_success().rejected_data_points(), 1);
  EXPECT_THAT(response.partial_success().error_message(), HasSubstr("aggregation_temporality is unspecified"));

  auto metrics = http_get(otlp.vigil.port(), "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("vigil_otlp_data_points_received_total 3\n"));
  EXPECT_THAT(metrics->body, HasSubstr("vigil_otlp_data_points_rejected_total 2\n"));
  EXPECT_EQ(otlp.vigil.stop(SIGTERM), 0) << otlp.vigil.log();
}

TEST(Otlp, OversizedRequestsAreRefused) {
  TempDir dir;
  OtlpVigil otlp({"--config", dir.write("vigil.yml", "otlp:\n  max_request_bytes: 1KiB\n")});
  ASSERT_TRUE(otlp.vigil.wait_ready()) << otlp.vigil.log();
  std::string big = gauge_json(std::string(2000, 'x'), kT0, 1);
  auto plain = post(otlp.http_port, "/v1/metrics", "application/json", big);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 413);
  EXPECT_THAT(plain->body, HasSubstr("more than the limit of 1024"));
  // Small on the wire, large once decompressed.
  auto bomb = post(otlp.vigil.port(), "/v1/metrics", "application/json", *gzip_compress(big),
                   {{"Content-Encoding", "gzip"}});
  ASSERT_TRUE(bomb);
  EXPECT_EQ(bomb->status, 413);
  auto stub = otlp.stub();
  grpc::ClientContext context;
  collector::ExportMetricsServiceResponse response;
  EXPECT_EQ(stub->Export(&context, message(big), &response).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(otlp.vigil.stop(SIGTERM), 0) << otlp.vigil.log();
}

TEST(Otlp, SeriesLimitIsAPartialSuccessAndCounted) {
  TempDir dir;
  OtlpVigil otlp({"--config", dir.write("vigil.yml", "storage:\n  limits:\n    max_series_per_metric: 1\n")});
  ASSERT_TRUE(otlp.vigil.wait_ready()) << otlp.vigil.log();
  auto res = post(otlp.http_port, "/v1/metrics", "application/json",
                  R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[)"
                  R"({"attributes":[{"key":"pod","value":{"stringValue":"a"}}],"timeUnixNano":"1700000000000000000","asDouble":1},)"
                  R"({"attributes":[{"key":"pod","value":{"stringValue":"b"}}],"timeUnixNano":"1700000000000000000","asDouble":1}]}}]}]}]})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr(R"("rejectedDataPoints":"1")"));
  EXPECT_THAT(res->body, HasSubstr("has reached the limit of 1 series"));
  auto metrics = http_get(otlp.vigil.port(), "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("vigil_ingest_rejected_samples_total{reason=\"series_limit\"} 1\n"));
  EXPECT_EQ(otlp.vigil.stop(SIGTERM), 0) << otlp.vigil.log();
}

TEST(Otlp, ListenersFollowAuthAndCanBeTurnedOff) {
  TempDir dir;
  OtlpVigil otlp({"--config", dir.write("vigil.yml", "server:\n  auth:\n    bearer_tokens: [sesame]\n")});
  ASSERT_TRUE(otlp.vigil.wait_ready()) << otlp.vigil.log();
  auto denied = post(otlp.http_port, "/v1/metrics", "application/json", gauge_json("a", kT0, 1));
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 401);
  auto allowed = post(otlp.http_port, "/v1/metrics", "application/json", gauge_json("a", kT0, 1),
                      {{"Authorization", "Bearer sesame"}});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200);

  auto stub = otlp.stub();
  collector::ExportMetricsServiceResponse response;
  grpc::ClientContext anonymous;
  EXPECT_EQ(stub->Export(&anonymous, message(gauge_json("b", kT0, 1)), &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext with_token;
  with_token.AddMetadata("authorization", "Bearer sesame");
  EXPECT_TRUE(stub->Export(&with_token, message(gauge_json("b", kT0, 1)), &response).ok());
  EXPECT_EQ(otlp.vigil.stop(SIGTERM), 0) << otlp.vigil.log();

  TempDir off_dir;
  OtlpVigil off({"--config", off_dir.write("vigil.yml", "otlp:\n  enabled: false\n")});
  ASSERT_TRUE(off.vigil.wait_ready()) << off.vigil.log();
  auto not_found = post(off.vigil.port(), "/v1/metrics", "application/json", gauge_json("a", kT0, 1));
  ASSERT_TRUE(not_found);
  EXPECT_EQ(not_found->status, 404);
  EXPECT_FALSE(post(off.http_port, "/v1/metrics", "application/json", gauge_json("a", kT0, 1)));
  EXPECT_EQ(off.vigil.stop(SIGTERM), 0) << off.vigil.log();
}

TEST(Otlp, ListenersServeTlsWithTheServersCertificate) {
  auto openssl = find_program("openssl");
  if (!openssl) GTEST_SKIP() << "openssl not installed";
  TempDir dir;
  const std::string cert = (dir.path() / "cert.pem").string();
  const std::string key = (dir.path() / "key.pem").string();
  auto made = run_program({*openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                           "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                           "-addext", "subjectAltName=IP:127.0.0.1"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  OtlpVigil otlp({"--config", dir.write("vigil.yml", "server:\n  tls:\n    cert_file: " + cert + "\n    key_file: " + key + "\n")});
  ASSERT_TRUE(otlp.vigil.wait_ready(std::chrono::seconds(20), /*tls=*/true)) << otlp.vigil.log();

  auto https = https_get(otlp.http_port, "/v1/metrics");
  ASSERT_TRUE(https);
  EXPECT_EQ(https->status, 405) << "the OTLP/HTTP listener speaks TLS; /v1/metrics takes POST only";

  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = file_content(cert);
  auto stub = collector::MetricsService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(otlp.grpc_port), grpc::SslCredentials(tls)));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  collector::ExportMetricsServiceResponse response;
  auto status = stub->Export(&context, message(gauge_json("over.tls", kT0, 1)), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(otlp.vigil.stop(SIGTERM), 0) << otlp.vigil.log();
}

TEST(Otlp, TakenPortIsARuntimeFailure) {
  OtlpVigil first;
  ASSERT_TRUE(first.vigil.wait_ready()) << first.vigil.log();
  TempDir dir;
  auto second = run_vigil({"serve", "--listen", "127.0.0.1:" + std::to_string(free_port()), "--data",
                           (dir.path() / "data").string()},
                          {{"VIGIL_OTLP_HTTP_LISTEN", "127.0.0.1:0"},
                           {"VIGIL_OTLP_GRPC_LISTEN", "127.0.0.1:" + std::to_string(first.grpc_port)}},
                          std::chrono::seconds(20));
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_THAT(second.err, HasSubstr("OTLP/gRPC listener: cannot listen on 127.0.0.1:" + std::to_string(first.grpc_port)));
}

}  // namespace
}  // namespace vigil::testing
