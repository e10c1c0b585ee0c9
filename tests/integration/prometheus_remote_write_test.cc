// Interop: Debian's real Prometheus scrapes itself every second and remote
// writes to Vigil; its samples must arrive, none refused.

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/background_process.h"
#include "support/http_client.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr const char* kPrometheus = "/usr/bin/prometheus";

// The value of an unlabelled counter in Vigil's /metrics, or nullopt.
std::optional<double> counter(int port, const std::string& name) {
  auto res = http_get(port, "/metrics");
  if (!res || res->status != 200) return std::nullopt;
  const size_t at = res->body.find("\n" + name + " ");
  if (at == std::string::npos) return std::nullopt;
  return std::stod(res->body.substr(at + name.size() + 2));
}

TEST(PrometheusRemoteWrite, PrometheusSelfScrapeArrivesInVigil) {
  if (!std::filesystem::exists(kPrometheus)) GTEST_SKIP() << kPrometheus << " is not installed (scripts/setup)";

  VigilProcess vigil;
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();

  TempDir dir;
  const int prometheus_port = free_port();
  const std::string self = "127.0.0.1:" + std::to_string(prometheus_port);
  const std::string config = dir.write("prometheus.yml", R"(global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: [")" + self + R"("]
remote_write:
  - url: http://127.0.0.1:)" + std::to_string(vigil.port()) + R"(/api/v1/write
    queue_config:
      batch_send_deadline: 1s
      min_backoff: 100ms
      max_backoff: 1s
)");
  BackgroundProcess prometheus({kPrometheus, "--config.file=" + config,
                                "--storage.tsdb.path=" + (dir.path() / "data").string(),
                                "--web.listen-address=" + self, "--storage.remote.flush-deadline=5s"},
                               (dir.path() / "prometheus.log").string());

  // Wait for a send after the first one: by then the first scrape, which
  // has every series below, is in (one queue shard sends in order).
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  std::optional<double> first;
  bool later_send = false;
  while (!later_send && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(250ms);
    auto appended = counter(vigil.port(), "vigil_remote_write_samples_appended_total");
    if (!appended || *appended == 0) continue;
    if (!first) first = appended;
    later_send = *appended > *first;
  }
  ASSERT_TRUE(later_send) << "no remote write from Prometheus within 60s\n" << prometheus.log();
  auto metrics = http_get(vigil.port(), "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, ::testing::Not(HasSubstr("vigil_remote_write_samples_rejected_total{")));
  EXPECT_THAT(metrics->body, ::testing::Not(::testing::ContainsRegex(
                                 "vigil_http_requests_total\\{code=\"[45][0-9][0-9]\",handler=\"/api/v1/write\"")));

  EXPECT_TRUE(prometheus.stop(30s)) << prometheus.log();
  ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();

  auto dump = run_vigil({"tsdb", "dump", vigil.data_dir(), R"(up{job="prometheus"})", "prometheus_build_info"});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  EXPECT_THAT(dump.out, HasSubstr("{__name__=\"up\", instance=\"" + self + "\", job=\"prometheus\"} 1 "));
  EXPECT_THAT(dump.out, HasSubstr("{__name__=\"prometheus_build_info\", branch="));
  EXPECT_THAT(dump.out, HasSubstr("version=\"2."));
}

}  // namespace
}  // namespace vigil::testing
