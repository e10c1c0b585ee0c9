// /api/v1/status/runtimeinfo: Prometheus's fields in its order, filled from
// Vigil's process, configuration and storage.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>

#include "support/background_process.h"
#include "support/http_client.h"
#include "support/live_prometheus.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

using namespace std::chrono_literals;

// The answer with every value that varies from run to run replaced by its
// kind, so two servers' answers compare field by field.
std::string shape(const std::string& body) {
  std::string out =
      std::regex_replace(body, std::regex(R"re("(startTime|lastConfigTime)":"[^"]*")re"), R"re("$1":"<time>")re");
  out = std::regex_replace(out, std::regex(R"re("CWD":"[^"]*")re"), R"re("CWD":"<dir>")re");
  return std::regex_replace(out, std::regex(R"re("(goroutineCount|GOMAXPROCS)":[0-9]+)re"), R"re("$1":<n>)re");
}

constexpr const char* kDefaultShape =
    R"({"status":"success","data":{"startTime":"<time>","CWD":"<dir>","reloadConfigSuccess":true,)"
    R"("lastConfigTime":"<time>","corruptionCount":0,"goroutineCount":<n>,"GOMAXPROCS":<n>,"GOGC":"","GODEBUG":"",)"
    R"("storageRetention":"15d"}})";

HttpCall reload() { return HttpCall{"POST", "/-/reload", {}, {}, false}; }

TEST(RuntimeInfo, PrometheusFieldsAndAFailedReload) {
  TempDir dir;
  const std::string config = dir.write("vigil.yml", "scrape_configs: []\n");
  VigilProcess vigil({"--config", config});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  auto info = http_get(vigil.port(), "/api/v1/status/runtimeinfo");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->status, 200);
  EXPECT_EQ(info->header("content-type"), "application/json");
  EXPECT_EQ(shape(info->body), kDefaultShape) << info->body;
  EXPECT_TRUE(std::regex_search(info->body, std::regex(R"("lastConfigTime":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")")))
      << info->body;
  EXPECT_TRUE(std::regex_search(info->body, std::regex(R"("goroutineCount":[1-9])"))) << info->body;

  dir.write("vigil.yml", "scrape_configs:\n  - job_name: x\n    scrape_interval: soon\n");
  ASSERT_EQ(http_request(vigil.port(), reload())->status, 500);
  EXPECT_NE(http_get(vigil.port(), "/api/v1/status/runtimeinfo")->body.find(R"("reloadConfigSuccess":false)"),
            std::string::npos);
  dir.write("vigil.yml", "scrape_configs: []\n");
  ASSERT_EQ(http_request(vigil.port(), reload())->status, 200);
  EXPECT_NE(http_get(vigil.port(), "/api/v1/status/runtimeinfo")->body.find(R"("reloadConfigSuccess":true)"),
            std::string::npos);
}

// Debian's Prometheus 2.42 with its default retention answers the same
// shape, field for field.
TEST(RuntimeInfo, SameShapeAsLivePrometheus) {
  if (!LivePrometheus::installed()) GTEST_SKIP() << LivePrometheus::kBinary << " is not installed (scripts/setup)";
  LivePrometheus prometheus;
  ASSERT_TRUE(prometheus.wait_ready()) << "Prometheus not ready\n" << prometheus.log();
  const int port = prometheus.port();
  auto theirs = http_get(port, "/api/v1/status/runtimeinfo");
  ASSERT_TRUE(theirs);
  EXPECT_EQ(shape(theirs->body), kDefaultShape) << theirs->body;
  EXPECT_EQ(theirs->header("content-type"), "application/json");
  EXPECT_TRUE(prometheus.stop(30s)) << prometheus.log();
}

}  // namespace
}  // namespace vigil::testing
