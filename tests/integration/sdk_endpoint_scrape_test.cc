// The SDK's /metrics endpoint scraped by the real binary and by Debian's
// Prometheus 2.42 (which asks for OpenMetrics first): both store exactly the
// samples of the registry's text exposition, with the target's job and
// instance, and both see the target up. And its text exposition passes
// `promtool check metrics`: the format parses and the lint finds nothing.

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "exposition_series.h"
#include "support/http_client.h"
#include "support/live_prometheus.h"
#include "support/vigil_process.h"
#include "vigil/export/metrics_endpoint.h"
#include "vigil/exposition/text_writer.h"
#include "vigil/metrics/registry.h"

namespace vigil::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kQuery = R"({job="sdk",__name__=~"shop_.*"})";

// The same section in Vigil's configuration and Prometheus's.
std::string scrape_config(int target_port) {
  return "scrape_configs:\n"
         "  - job_name: sdk\n"
         "    scrape_interval: 1s\n"
         "    static_configs:\n"
         "      - targets: ['127.0.0.1:" +
         std::to_string(target_port) + "']\n";
}

// Polls the query until it answers `expected` (a scrape may not have
// happened yet); returns the last answer.
std::set<std::string> wait_for_series(int port, const std::set<std::string>& expected) {
  std::set<std::string> got;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    got = queried_series(port, kQuery);
    if (got == expected) break;
    std::this_thread::sleep_for(250ms);
  }
  return got;
}

TEST(SdkEndpointScrape, VigilAndPrometheusStoreWhatTheEndpointExposes) {
  metrics::Registry registry;
  auto& orders = registry.counter("shop_orders_total", "Orders placed.", {"region"});
  orders.with({"eu"}).inc(3);
  orders.with({"us west"}).inc(0.5);
  registry.gauge("shop_queue_depth", "Orders \"waiting\" \\ queued.", {"queue"}).with({"payments"}).set(-7);
  auto& duration =
      registry.histogram("shop_checkout_duration_seconds", "Checkout latency.", {"route"}, {0.25, 1, 2.5}, "seconds");
  for (double v : {0.125, 0.5, 0.75, 2.0, 4.0}) duration.with({"/pay"}).observe(v);
  registry.counter("shop_sent_bytes_total", "Bytes sent.", {}, "bytes").with({}).inc(2048);

  auto endpoint = exporter::MetricsEndpoint::start(registry, {});
  ASSERT_TRUE(endpoint) << endpoint.error();
  const int target_port = (*endpoint)->port();

  std::string exposition;
  exposition::write_exposition(exposition, registry.collect(), exposition::Format::prometheus_text);
  const std::set<std::string> expected =
      exposition_series(exposition, {{"job", "sdk"}, {"instance", "127.0.0.1:" + std::to_string(target_port)}});
  ASSERT_EQ(expected.size(), 10u) << exposition;
  const std::string up = "up{instance=\"127.0.0.1:" + std::to_string(target_port) + "\",job=\"sdk\"} 1";

  TempDir dir;
  VigilProcess vigil{{"--config", dir.write("vigil.yml", scrape_config(target_port))}};
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  EXPECT_EQ(wait_for_series(vigil.port(), expected), expected) << exposition << vigil.log();
  EXPECT_EQ(queried_series(vigil.port(), "up{job=\"sdk\"}"), std::set<std::string>{up});

  if (!LivePrometheus::installed()) GTEST_SKIP() << LivePrometheus::kBinary << " is not installed";
  LivePrometheus prometheus({}, scrape_config(target_port));
  ASSERT_TRUE(prometheus.wait_ready()) << prometheus.log();
  EXPECT_EQ(wait_for_series(prometheus.port(), expected), expected) << exposition << prometheus.log();
  EXPECT_EQ(queried_series(prometheus.port(), "up{job=\"sdk\"}"), std::set<std::string>{up}) << prometheus.log();
}

TEST(SdkEndpointScrape, PromtoolCheckMetricsFindsNoProblems) {
  auto promtool = find_program("promtool");
  if (!promtool) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";

  metrics::Registry registry;
  auto& requests =
      registry.counter("http_requests_total", "HTTP requests by \"code\" and path \\ method.", {"code", "path"});
  requests.with({"200", "/api/v1/query"}).inc(7);
  requests.with({"500", "C:\\temp\n\"quoted\""}).inc();
  registry.counter("sent_bytes_total", "Bytes sent.\nSecond line of help.", {}, "bytes").with({}).inc(1024);
  auto& queue = registry.gauge("queue_length", "Items waiting.", {"queue"});
  queue.with({"high"}).set(3);
  queue.with({"low"}).set(-1.5);
  registry.gauge("temperature_celsius", "Temperature.", {}, "celsius").with({}).set(21.5);
  auto& latency =
      registry.histogram("request_duration_seconds", "Request latency.", {"handler"}, {0.005, 0.1, 1, 10}, "seconds");
  latency.with({"/metrics"}).observe(0.05);
  latency.with({"/metrics"}).observe(20);
  latency.with({"/\u00e9t\u00e9"}).observe(0.001);
  registry.histogram("response_size_bytes", "Response sizes.", {}, {100, 1e6}, "bytes").with({}).observe(5e5);

  auto endpoint = exporter::MetricsEndpoint::start(registry, {});
  ASSERT_TRUE(endpoint) << endpoint.error();
  auto res = http_get((*endpoint)->port(), "/metrics");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);

  auto check = run_program({*promtool, "check", "metrics"}, res->body);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err << "\n" << res->body;
  EXPECT_EQ(check.out + check.err, "") << "promtool lint findings for\n" << res->body;
}

}  // namespace
}  // namespace vigil::testing
