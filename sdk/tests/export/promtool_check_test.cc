// The endpoint's text exposition passes `promtool check metrics` (Debian's
// prometheus package): the format parses and the lint finds nothing.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "export/raw_client.h"
#include "vigil/export/metrics_endpoint.h"

namespace vigil::exporter {
namespace {

struct ProgramOutput {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

ProgramOutput run_with_stdin(const std::string& command, const std::string& input) {
  auto path = std::filesystem::temp_directory_path() / ("vigil_promtool_input_" + std::to_string(::getpid()));
  std::ofstream(path, std::ios::binary) << input;
  ProgramOutput result;
  FILE* pipe = ::popen((command + " < '" + path.string() + "' 2>&1").c_str(), "r");
  if (pipe != nullptr) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) result.output.append(buf, n);
    int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::filesystem::remove(path);
  return result;
}

TEST(PromtoolCheck, EndpointOutputHasNoProblems) {
  const char* promtool = "/usr/bin/promtool";
  if (::access(promtool, X_OK) != 0) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";

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

  auto endpoint = MetricsEndpoint::start(registry);
  ASSERT_TRUE(endpoint) << endpoint.error();
  testing::RawClient client((*endpoint)->port());
  auto res = client.request("GET", "/metrics");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);

  ProgramOutput check = run_with_stdin(std::string(promtool) + " check metrics", res->body);
  EXPECT_EQ(check.exit_code, 0) << check.output << "\n" << res->body;
  EXPECT_EQ(check.output, "") << "promtool lint findings for\n" << res->body;
}

}  // namespace
}  // namespace vigil::exporter
