// Interop with the OpenTelemetry JS SDK from npm: tests/integration/otel_js/
// exports a counter, an observable gauge and a histogram with the OTLP
// proto, JSON and gRPC exporters (and JSON with delta temporality) to the
// real binary; the series must arrive under Prometheus's names.
// `scripts/setup` installs the pinned packages (npm ci).

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

using ::testing::HasSubstr;

// `vigil tsdb dump` output as series -> its last value.
std::map<std::string, std::string> last_values(const std::string& dump) {
  std::map<std::string, std::string> out;
  std::istringstream lines(dump);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t close = line.rfind('}');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 1));
    std::string value;
    rest >> value;
    out[line.substr(0, close + 1)] = value;
  }
  return out;
}

TEST(OtelJs, SdkExportersDeliverCounterGaugeAndHistogram) {
  const std::filesystem::path dir = VIGIL_OTEL_JS_DIR;
  auto node = find_program("node");
  ASSERT_TRUE(node) << "node is not installed; run scripts/setup";
  ASSERT_TRUE(std::filesystem::exists(dir / "node_modules" / "@opentelemetry" / "sdk-metrics"))
      << "the OpenTelemetry JS packages are not installed in " << dir << "; run scripts/setup";

  const int http_port = free_port();
  const int grpc_port = free_port();
  VigilProcess vigil({}, {{"VIGIL_OTLP_HTTP_LISTEN", "127.0.0.1:" + std::to_string(http_port)},
                          {"VIGIL_OTLP_GRPC_LISTEN", "127.0.0.1:" + std::to_string(grpc_port)}});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();

  auto run = run_program({*node, (dir / "export.mjs").string(), std::to_string(http_port),
                          std::to_string(vigil.port()), std::to_string(grpc_port)},
                         {}, std::chrono::seconds(120));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err << vigil.log();
  EXPECT_EQ(run.out, "proto: exported\njson: exported\ngrpc: exported\ndelta: exported\n");

  ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
  auto dump = run_vigil({"tsdb", "dump", vigil.data_dir()});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  const auto values = last_values(dump.out);

  for (const std::string exporter : {"proto", "json", "grpc", "delta"}) {
    SCOPED_TRACE(exporter);
    const std::string id = "instance=\"js-1\", job=\"interop-" + exporter + "\"";
    auto value_of = [&](const std::string& name, const std::string& labels) {
      auto it = values.find("{__name__=\"" + name + "\", " + labels + "}");
      return it == values.end() ? std::string("missing") : it->second;
    };
    // Counter: _total; 3 + 2, then 1 more.
    EXPECT_EQ(value_of("interop_requests_total", id + ", route=\"/a\""), "6") << dump.out;
    // Observable gauge, unit Cel.
    EXPECT_EQ(value_of("interop_temperature_celsius", id + ", room=\"lab\""), "21.5");
    // Histogram, unit ms, buckets 10, 100, 1000; values 5, 50, 500, 5000.
    EXPECT_EQ(value_of("interop_latency_milliseconds_bucket", id + ", le=\"10\", route=\"/a\""), "1");
    EXPECT_EQ(value_of("interop_latency_milliseconds_bucket", id + ", le=\"100\", route=\"/a\""), "2");
    EXPECT_EQ(value_of("interop_latency_milliseconds_bucket", id + ", le=\"1000\", route=\"/a\""), "3");
    EXPECT_EQ(value_of("interop_latency_milliseconds_bucket", id + ", le=\"+Inf\", route=\"/a\""), "4");
    EXPECT_EQ(value_of("interop_latency_milliseconds_sum", id + ", route=\"/a\""), "5555");
    EXPECT_EQ(value_of("interop_latency_milliseconds_count", id + ", route=\"/a\""), "4");
    // Resource attributes other than service.* in target_info.
    EXPECT_EQ(value_of("target_info", "deployment_environment=\"test\", " + id), "1");
  }
  EXPECT_THAT(vigil.log(), ::testing::Not(HasSubstr("\"level\":\"error\"")));
}

}  // namespace
}  // namespace vigil::testing
