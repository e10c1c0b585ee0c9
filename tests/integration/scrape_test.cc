// Scraping with the real binary: Vigil scraping itself through a file_sd
// file written after it started, Debian's node exporter, /api/v1/targets and
// POST /-/reload.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "support/background_process.h"
#include "support/http_client.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kNodeExporter = "/usr/bin/prometheus-node-exporter";

// Written whole, then renamed: discovery never reads half a file.
void write_atomically(const std::filesystem::path& path, const std::string& content) {
  const auto temporary = path.string() + ".tmp";
  std::ofstream(temporary) << content;
  std::filesystem::rename(temporary, path);
}

// Polls /api/v1/targets until `predicate` holds for its body; the last body.
template <class Predicate>
std::string wait_for_targets(int port, Predicate predicate, std::chrono::seconds timeout = 15s) {
  std::string body;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto res = http_get(port, "/api/v1/targets"); res && res->status == 200) {
      body = res->body;
      if (predicate(body)) break;
    }
    std::this_thread::sleep_for(200ms);
  }
  return body;
}

TEST(Scrape, ScrapesItselfFromAFileSdFileAndStoresTheSeries) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "targets");
  const std::string config = dir.write("vigil.yml",
                                       "scrape_configs:\n"
                                       "  - job_name: self\n"
                                       "    scrape_interval: 1s\n"
                                       "    file_sd_configs:\n"
                                       "      - files: ['targets/*.json']\n");
  VigilProcess vigil({"--config", config});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  const std::string address = "127.0.0.1:" + std::to_string(vigil.port());
  write_atomically(dir.path() / "targets" / "self.json",
                   "[{\"targets\": [\"" + address + "\"], \"labels\": {\"env\": \"test\"}}]");

  const std::string targets =
      wait_for_targets(vigil.port(), [](const std::string& body) { return body.find("\"health\":\"up\"") != std::string::npos; });
  EXPECT_THAT(targets, HasSubstr("\"health\":\"up\""));
  EXPECT_THAT(targets, HasSubstr("\"scrapePool\":\"self\""));
  EXPECT_THAT(targets, HasSubstr("\"scrapeUrl\":\"http://" + address + "/metrics\""));
  EXPECT_THAT(targets, HasSubstr("\"labels\":{\"env\":\"test\",\"instance\":\"" + address + "\",\"job\":\"self\"}"));
  EXPECT_THAT(targets, HasSubstr("\"__meta_filepath\":\"" + (dir.path() / "targets" / "self.json").string() + "\""));
  EXPECT_THAT(targets, HasSubstr("\"scrapeInterval\":\"1s\""));
  std::this_thread::sleep_for(1500ms);  // a second scrape, so that the series are complete
  auto metrics = http_get(vigil.port(), "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("vigil_ingest_samples_appended_total "));
  EXPECT_THAT(metrics->body, Not(HasSubstr("vigil_ingest_samples_appended_total 0\n")));

  ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
  auto dump = run_vigil({"tsdb", "dump", vigil.data_dir()});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  const std::string labels = "env=\"test\", instance=\"" + address + "\", job=\"self\"}";
  EXPECT_THAT(dump.out, HasSubstr("{__name__=\"up\", " + labels + " 1 "));
  EXPECT_THAT(dump.out, HasSubstr("{__name__=\"scrape_samples_scraped\", " + labels));
  EXPECT_THAT(dump.out, HasSubstr("{__name__=\"scrape_duration_seconds\", " + labels));
  EXPECT_THAT(dump.out, HasSubstr("{__name__=\"process_resident_memory_bytes\", " + labels));
  EXPECT_THAT(dump.out, HasSubstr("{__name__=\"vigil_build_info\", "));
}

// https: Vigil serving TLS scrapes itself, trusting its certificate as the
// CA; a wrong server_name fails verification and says so.
TEST(Scrape, HttpsTargetsAreVerified) {
  auto openssl = find_program("openssl");
  if (!openssl) GTEST_SKIP() << "openssl not installed";
  TempDir dir;
  const std::string cert = (dir.path() / "cert.pem").string();
  const std::string key = (dir.path() / "key.pem").string();
  auto made = run_program({*openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                           "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=vigil.test",
                           "-addext", "subjectAltName=DNS:vigil.test"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  std::filesystem::create_directories(dir.path() / "targets");
  const std::string config = dir.write("vigil.yml",
                                       "server:\n  tls:\n    cert_file: " + cert + "\n    key_file: " + key + "\n"
                                       "scrape_configs:\n"
                                       "  - job_name: trusted\n"
                                       "    scheme: https\n"
                                       "    scrape_interval: 1s\n"
                                       "    tls_config: {ca_file: " + cert + ", server_name: vigil.test}\n"
                                       "    file_sd_configs: [{files: ['targets/*.json']}]\n"
                                       "  - job_name: wrong_name\n"
                                       "    scheme: https\n"
                                       "    scrape_interval: 1s\n"
                                       "    tls_config: {ca_file: " + cert + ", server_name: other.test}\n"
                                       "    file_sd_configs: [{files: ['targets/*.json']}]\n");
  VigilProcess vigil({"--config", config});
  ASSERT_TRUE(vigil.wait_ready(20s, /*tls=*/true)) << vigil.log();
  write_atomically(dir.path() / "targets" / "self.json",
                   "[{\"targets\": [\"127.0.0.1:" + std::to_string(vigil.port()) + "\"]}]");
  std::string targets;
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto res = https_get(vigil.port(), "/api/v1/targets"); res && res->status == 200) {
      targets = res->body;
      if (targets.find("\"health\":\"up\"") != std::string::npos &&
          targets.find("\"health\":\"down\"") != std::string::npos) {
        break;
      }
    }
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_THAT(targets, HasSubstr("\"scrapePool\":\"trusted\""));
  EXPECT_THAT(targets, HasSubstr("\"health\":\"up\""));
  EXPECT_THAT(targets, HasSubstr("\"health\":\"down\""));
  EXPECT_THAT(targets, HasSubstr("TLS handshake with 127.0.0.1:" + std::to_string(vigil.port())));
  EXPECT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
}

TEST(Scrape, NodeExporterIsUpWithNodeMetrics) {
  if (!std::filesystem::exists(kNodeExporter)) GTEST_SKIP() << kNodeExporter << " is not installed (scripts/setup)";
  TempDir dir;
  const int port = free_port();
  const std::string address = "127.0.0.1:" + std::to_string(port);
  BackgroundProcess exporter({kNodeExporter, "--web.listen-address=" + address}, (dir.path() / "exporter.log").string());
  const std::string config = dir.write("vigil.yml",
                                       "scrape_configs:\n"
                                       "  - job_name: node\n"
                                       "    scrape_interval: 1s\n"
                                       "    static_configs:\n"
                                       "      - targets: ['" + address + "']\n");
  VigilProcess vigil({"--config", config});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  const std::string targets =
      wait_for_targets(vigil.port(), [](const std::string& body) { return body.find("\"health\":\"up\"") != std::string::npos; });
  EXPECT_THAT(targets, HasSubstr("\"health\":\"up\"")) << exporter.log();
  EXPECT_THAT(targets, HasSubstr("\"lastError\":\"\""));

  ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
  exporter.stop(10s);
  auto dump = run_vigil({"tsdb", "dump", vigil.data_dir()});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  EXPECT_THAT(dump.out, HasSubstr("{__name__=\"up\", instance=\"" + address + "\", job=\"node\"} 1 "));
  EXPECT_THAT(dump.out, HasSubstr("{__name__=\"node_cpu_seconds_total\", cpu=\"0\", instance=\"" + address));
  EXPECT_THAT(dump.out, HasSubstr("{__name__=\"node_exporter_build_info\", "));
}

TEST(Scrape, DownTargetsReloadAndTheTargetsApi) {
  TempDir dir;
  const int unused_port = free_port();
  const std::string config_text =
      "scrape_configs:\n"
      "  - job_name: gone\n"
      "    scrape_interval: 1s\n"
      "    scrape_timeout: 500ms\n"
      "    static_configs:\n"
      "      - targets: ['127.0.0.1:" + std::to_string(unused_port) + "']\n"
      "  - job_name: dropped\n"
      "    static_configs:\n"
      "      - targets: ['host:1']\n"
      "    relabel_configs:\n"
      "      - source_labels: [__address__]\n"
      "        regex: '.*:1'\n"
      "        action: drop\n";
  const std::string config = dir.write("vigil.yml", config_text);
  VigilProcess vigil({"--config", config});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  std::string targets = wait_for_targets(
      vigil.port(), [](const std::string& body) { return body.find("\"health\":\"down\"") != std::string::npos; });
  EXPECT_THAT(targets, HasSubstr("\"health\":\"down\""));
  EXPECT_THAT(targets, HasSubstr("connect 127.0.0.1:" + std::to_string(unused_port)));
  EXPECT_THAT(targets, HasSubstr("\"droppedTargets\":[{\"discoveredLabels\":{\"__address__\":\"host:1\""));
  auto dropped_only = http_get(vigil.port(), "/api/v1/targets?state=dropped");
  ASSERT_TRUE(dropped_only);
  EXPECT_THAT(dropped_only->body, HasSubstr("\"activeTargets\":[]"));
  auto bad_state = http_get(vigil.port(), "/api/v1/targets?state=some");
  ASSERT_TRUE(bad_state);
  EXPECT_EQ(bad_state->status, 400);

  // A broken file is refused and the running configuration stays.
  dir.write("vigil.yml", "scrape_configs:\n  - job_name: x\n    scrape_interval: soon\n");
  HttpCall reload;
  reload.method = "POST";
  reload.target = "/-/reload";
  auto refused = http_request(vigil.port(), reload);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 500);
  EXPECT_THAT(refused->body, HasSubstr("scrape_configs[0].scrape_interval: expected a duration"));
  EXPECT_THAT(http_get(vigil.port(), "/api/v1/targets")->body, HasSubstr("\"scrapePool\":\"gone\""));

  dir.write("vigil.yml", "scrape_configs: []\n");
  auto reloaded = http_request(vigil.port(), reload);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->status, 200) << reloaded->body;
  EXPECT_THAT(http_get(vigil.port(), "/api/v1/targets")->body, Not(HasSubstr("\"scrapePool\"")));
  ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
  auto dump = run_vigil({"tsdb", "dump", vigil.data_dir()});
  EXPECT_THAT(dump.out, HasSubstr("{__name__=\"up\", instance=\"127.0.0.1:" + std::to_string(unused_port) +
                                  "\", job=\"gone\"} 0 "));
}

}  // namespace
}  // namespace vigil::testing
