#include "vigil/export/otlp_exporter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <thread>

#include "export/otlp_test_server.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"

namespace vigil::exporter {
namespace {

using namespace std::chrono_literals;
using testing::OtlpTestServer;
using testing::ScriptedResponse;
using Request = opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest;

// Polls `condition` (the exporter works on its own thread) for up to 20 s.
bool eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return condition();
}

// Options for tests: an interval long enough that only force_flush(),
// shutdown() or the test's own choice exports, fast retries, a log kept in
// memory.
OtlpExporterOptions test_options(std::string endpoint, std::shared_ptr<log::MemorySink> sink = nullptr) {
  OtlpExporterOptions options;
  options.endpoint = std::move(endpoint);
  options.export_interval = 1h;
  options.timeout = 10s;
  options.retry.initial_backoff = 10ms;
  options.retry.max_backoff = 100ms;
  options.shutdown_timeout = 2s;
  options.logger =
      log::Logger("otlp_exporter", sink ? sink : std::make_shared<log::MemorySink>(), log::Level::debug, nullptr);
  return options;
}

Request decoded(const testing::RecordedRequest& request) {
  Request out;
  EXPECT_TRUE(out.ParseFromString(request.body));
  return out;
}

std::vector<std::string> metric_names(const Request& request) {
  std::vector<std::string> out;
  for (const auto& metric : request.resource_metrics(0).scope_metrics(0).metrics()) out.push_back(metric.name());
  return out;
}

TEST(OtlpExporterTest, FlushSendsTheRegistryAsProtobufWithTheHeaders) {
  OtlpTestServer server;
  metrics::Registry registry;
  registry.counter("jobs_total", "Jobs.", {"queue"}).with({"mail"}).inc(2);
  OtlpExporterOptions options = test_options(server.endpoint());
  options.headers = {{"Authorization", "Bearer t0ken"}};
  options.resource_attributes = {{"service.name", "billing"}};
  OtlpExporter exporter(registry, options);

  EXPECT_TRUE(exporter.force_flush(20s));
  ASSERT_EQ(server.requests().size(), 1u);
  const testing::RecordedRequest request = server.requests()[0];
  EXPECT_EQ(request.target, "/v1/metrics");
  EXPECT_EQ(request.headers.at("content-type"), "application/x-protobuf");
  EXPECT_EQ(request.headers.at("authorization"), "Bearer t0ken");
  const Request sent = decoded(request);
  EXPECT_EQ(metric_names(sent), (std::vector<std::string>{"jobs"}));
  EXPECT_EQ(sent.resource_metrics(0).resource().attributes(0).key(), "service.name");
  EXPECT_EQ(sent.resource_metrics(0).resource().attributes(0).value().string_value(), "billing");
  EXPECT_EQ(exporter.stats().exported_batches, 1u);
  EXPECT_EQ(exporter.stats().failed_requests, 0u);
}

TEST(OtlpExporterTest, ExportsShareOneKeptAliveConnection) {
  OtlpTestServer server(/*keep_alive=*/true);
  metrics::Registry registry;
  registry.counter("jobs_total", "Jobs.").with({}).inc();
  OtlpExporter exporter(registry, test_options(server.endpoint()));
  ASSERT_TRUE(exporter.force_flush(20s));
  ASSERT_TRUE(exporter.force_flush(20s));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].connection, 1);
  EXPECT_EQ(requests[1].connection, 1);
}

TEST(OtlpExporterTest, ExportsEveryInterval) {
  OtlpTestServer server;
  metrics::Registry registry;
  registry.gauge("up", "x").with({}).set(1);
  OtlpExporterOptions options = test_options(server.endpoint());
  options.export_interval = 20ms;
  OtlpExporter exporter(registry, options);
  EXPECT_TRUE(server.wait_for_requests(3));
  const auto requests = server.requests();
  // Cumulative: every batch starts where the exporter did.
  EXPECT_EQ(decoded(requests[0])
                .resource_metrics(0)
                .scope_metrics(0)
                .metrics(0)
                .gauge()
                .data_points(0)
                .start_time_unix_nano(),
            decoded(requests[2])
                .resource_metrics(0)
                .scope_metrics(0)
                .metrics(0)
                .gauge()
                .data_points(0)
                .start_time_unix_nano());
}

TEST(OtlpExporterTest, RetriesAfter503ThenSucceeds) {
  OtlpTestServer server;
  server.script({.status = 503});
  server.script({.status = 502});
  metrics::Registry registry;
  registry.gauge("up", "x").with({}).set(1);
  OtlpExporter exporter(registry, test_options(server.endpoint()));

  EXPECT_TRUE(exporter.force_flush(20s));
  EXPECT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(server.requests()[0].body, server.requests()[2].body) << "the same batch is sent again";
  const OtlpExporterStats stats = exporter.stats();
  EXPECT_EQ(stats.exported_batches, 1u);
  EXPECT_EQ(stats.failed_requests, 2u);
  EXPECT_EQ(stats.dropped_batches, 0u);
}

TEST(OtlpExporterTest, RetryAfterIsHonoured) {
  OtlpTestServer server;
  server.script({.status = 429, .headers = {{"Retry-After", "1"}}});
  metrics::Registry registry;
  registry.gauge("up", "x").with({}).set(1);
  OtlpExporterOptions options = test_options(server.endpoint());  // backoff without Retry-After: 10 ms
  options.retry.max_backoff = 5s;
  OtlpExporter exporter(registry, options);

  EXPECT_TRUE(exporter.force_flush(20s));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  // A lower bound only: the exporter may not send again before Retry-After.
  EXPECT_GE(requests[1].arrived - requests[0].arrived, 900ms);
}

TEST(OtlpExporterTest, RetryAfterIsCappedByMaxBackoff) {
  OtlpTestServer server;
  server.script({.status = 503, .headers = {{"Retry-After", "3600"}}});
  metrics::Registry registry;
  registry.gauge("up", "x").with({}).set(1);
  OtlpExporter exporter(registry, test_options(server.endpoint()));  // max_backoff 100 ms
  EXPECT_TRUE(exporter.force_flush(20s));
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(OtlpExporterTest, PermanentFailureDropsTheBatchAndLogsOnce) {
  OtlpTestServer server;
  server.script({.status = 400, .body = "bad request"});
  metrics::Registry registry;
  registry.gauge("up", "x").with({}).set(1);
  auto sink = std::make_shared<log::MemorySink>();
  OtlpExporter exporter(registry, test_options(server.endpoint(), sink));

  EXPECT_FALSE(exporter.force_flush(20s)) << "the batch was dropped";
  EXPECT_EQ(server.requests().size(), 1u) << "400 is not retried";
  OtlpExporterStats stats = exporter.stats();
  EXPECT_EQ(stats.dropped_batches, 1u);
  EXPECT_EQ(stats.failed_requests, 1u);
  EXPECT_EQ(stats.queued_batches, 0u);
  ASSERT_EQ(sink->lines().size(), 1u);
  EXPECT_NE(sink->lines()[0].find("HTTP 400: bad request"), std::string::npos) << sink->lines()[0];

  EXPECT_TRUE(exporter.force_flush(20s)) << "the next batch goes through";
  EXPECT_EQ(exporter.stats().exported_batches, 1u);
}

TEST(OtlpExporterTest, EndpointDownNeverBlocksAndTheQueueStaysBounded) {
  metrics::Registry registry;
  auto& work = registry.counter("work_total", "Work done.").with({});
  OtlpExporterOptions options =
      test_options("http://127.0.0.1:" + std::to_string(testing::closed_port()) + "/v1/metrics");
  options.export_interval = 5ms;
  options.max_queue_size = 3;
  options.retry.initial_backoff = 1h;  // the first batch stays at the head, so new ones push out old ones
  options.retry.max_backoff = 1h;
  options.self_metrics = true;
  OtlpExporter exporter(registry, options);

  for (int i = 0; i < 1000; ++i) work.inc(1);  // the application only updates metrics
  ASSERT_TRUE(eventually([&] { return exporter.stats().dropped_batches >= 5; }));
  const OtlpExporterStats stats = exporter.stats();
  EXPECT_LE(stats.queued_batches, 3u);
  EXPECT_GE(stats.failed_requests, 1u);
  EXPECT_EQ(stats.exported_batches, 0u);

  // The drops are visible in the registry itself.
  double dropped = 0;
  for (const auto& family : registry.collect()) {
    if (family.name == "vigil_sdk_otlp_dropped_batches_total") dropped = std::get<double>(family.points.at(0).value);
  }
  EXPECT_GE(dropped, 5);

  const auto flushing = std::chrono::steady_clock::now();
  EXPECT_FALSE(exporter.force_flush(200ms));
  EXPECT_LT(std::chrono::steady_clock::now() - flushing, 10s) << "force_flush returns within (about) its timeout";
}

TEST(OtlpExporterTest, ShutdownWithADownEndpointReturnsWithinItsTimeout) {
  metrics::Registry registry;
  registry.gauge("up", "x").with({}).set(1);
  OtlpExporter exporter(registry,
                        test_options("http://127.0.0.1:" + std::to_string(testing::closed_port()) + "/v1/metrics"));
  const auto stopping = std::chrono::steady_clock::now();
  EXPECT_FALSE(exporter.shutdown(300ms));
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 10s);
  EXPECT_EQ(exporter.stats().dropped_batches, 1u) << "the final batch";
  EXPECT_FALSE(exporter.shutdown(300ms)) << "later calls give the first answer";
  EXPECT_FALSE(exporter.force_flush(300ms));
}

TEST(OtlpExporterTest, ShutdownCutsOffARequestThatGetsNoAnswer) {
  testing::SilentListener silent;
  metrics::Registry registry;
  registry.gauge("up", "x").with({}).set(1);
  OtlpExporterOptions options = test_options(silent.endpoint());
  options.timeout = 1h;
  OtlpExporter exporter(registry, options);
  EXPECT_FALSE(exporter.force_flush(100ms));  // leaves a request hanging
  const auto stopping = std::chrono::steady_clock::now();
  EXPECT_FALSE(exporter.shutdown(300ms));
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 10s);
}

TEST(OtlpExporterTest, DestructorMakesAFinalExport) {
  OtlpTestServer server;
  metrics::Registry registry;
  registry.counter("last_total", "x").with({}).inc(7);
  { OtlpExporter exporter(registry, test_options(server.endpoint())); }
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(metric_names(decoded(server.requests()[0])), (std::vector<std::string>{"last"}));
}

TEST(OtlpExporterTest, SelfMetricsCountExports) {
  OtlpTestServer server;
  server.script({.status = 503});
  metrics::Registry registry;
  OtlpExporterOptions options = test_options(server.endpoint());
  options.self_metrics = true;
  OtlpExporter exporter(registry, options);
  EXPECT_TRUE(exporter.force_flush(20s));
  EXPECT_TRUE(exporter.force_flush(20s));
  std::map<std::string, double> values;
  for (const auto& family : registry.collect()) values[family.name] = std::get<double>(family.points.at(0).value);
  EXPECT_EQ(values["vigil_sdk_otlp_exported_batches_total"], 2);
  EXPECT_EQ(values["vigil_sdk_otlp_failed_requests_total"], 1);
  EXPECT_EQ(values["vigil_sdk_otlp_dropped_batches_total"], 0);
  // The second batch carries the exporter's own counters, as "..._batches" sums.
  const auto names = metric_names(decoded(server.requests().back()));
  EXPECT_NE(std::find(names.begin(), names.end(), "vigil_sdk_otlp_exported_batches"), names.end());
}

TEST(OtlpExporterTest, PartialSuccessIsLogged) {
  OtlpTestServer server;
  opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceResponse response;
  response.mutable_partial_success()->set_rejected_data_points(2);
  response.mutable_partial_success()->set_error_message("bad points");
  server.script({.status = 200, .body = response.SerializeAsString()});
  metrics::Registry registry;
  registry.gauge("up", "x").with({}).set(1);
  auto sink = std::make_shared<log::MemorySink>();
  OtlpExporter exporter(registry, test_options(server.endpoint(), sink));
  EXPECT_TRUE(exporter.force_flush(20s));
  ASSERT_EQ(sink->lines().size(), 1u);
  EXPECT_NE(sink->lines()[0].find("2 data points rejected: bad points"), std::string::npos) << sink->lines()[0];
}

TEST(OtlpExporterTest, TheEnvironmentFillsWhatTheOptionsLeaveUnset) {
  ::setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1", 1);
  metrics::Registry registry;
  OtlpExporterOptions options = test_options("");
  OtlpExporter from_environment(registry, options);
  EXPECT_EQ(from_environment.endpoint(), "http://127.0.0.1:1/v1/metrics");
  options.endpoint = "http://127.0.0.1:2/v1/metrics";
  OtlpExporter from_options(registry, options);
  EXPECT_EQ(from_options.endpoint(), "http://127.0.0.1:2/v1/metrics");
  ::unsetenv("OTEL_EXPORTER_OTLP_ENDPOINT");
}

TEST(OtlpExporterTest, InvalidOptionsThrow) {
  metrics::Registry registry;
  OtlpExporterOptions options = test_options("localhost:4318");
  EXPECT_THROW(OtlpExporter(registry, options), std::invalid_argument);
  options = test_options("http://127.0.0.1:1/v1/metrics");
  options.max_queue_size = 0;
  EXPECT_THROW(OtlpExporter(registry, options), std::invalid_argument);
  options = test_options("http://127.0.0.1:1/v1/metrics");
  options.export_interval = 0ms;
  EXPECT_THROW(OtlpExporter(registry, options), std::invalid_argument);
}

}  // namespace
}  // namespace vigil::exporter
