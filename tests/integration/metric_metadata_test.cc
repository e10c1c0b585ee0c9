// /api/v1/metadata from what scraping found, and /api/v1/query_exemplars,
// side by side with Debian's Prometheus 2.42 scraping the same static
// target (a file served by Python's http.server), compared byte for byte.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/background_process.h"
#include "support/form_encode.h"
#include "support/http_client.h"
#include "support/live_prometheus.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

using namespace std::chrono_literals;

// Families with every kind of metadata line, and one without any.
constexpr const char* kExposition =
    "# HELP http_requests_total Requests served, by code.\n"
    "# TYPE http_requests_total counter\n"
    "http_requests_total{code=\"200\"} 5\n"
    "# HELP queue_depth Items <waiting> & \"queued\".\n"
    "# TYPE queue_depth gauge\n"
    "queue_depth 3\n"
    "# TYPE request_seconds histogram\n"
    "request_seconds_bucket{le=\"1\"} 1\n"
    "request_seconds_bucket{le=\"+Inf\"} 1\n"
    "request_seconds_sum 0.5\n"
    "request_seconds_count 1\n"
    "# HELP help_only A family with HELP and no TYPE.\n"
    "help_only 1\n"
    "# TYPE untyped_metric untyped\n"
    "untyped_metric 2\n"
    "no_metadata 1\n";

// The same section in Vigil's configuration and Prometheus's.
std::string scrape_configs(int target_port) {
  return "scrape_configs:\n"
         "  - job_name: static\n"
         "    scrape_interval: 1s\n"
         "    metrics_path: /metrics.txt\n"
         "    static_configs:\n"
         "      - targets: ['127.0.0.1:" +
         std::to_string(target_port) + "']\n";
}

// Polls until /api/v1/metadata lists something.
bool wait_for_metadata(int port) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = http_get(port, "/api/v1/metadata");
    if (res && res->status == 200 && res->body != R"({"status":"success","data":{}})") return true;
    std::this_thread::sleep_for(200ms);
  }
  return false;
}

class MetricMetadata : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(find_program("python3")) << "python3 is needed for the static target";
    ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
    ASSERT_TRUE(wait_for_metadata(vigil.port())) << vigil.log() << target.log();
  }

  TempDir dir;
  std::string target_file = dir.write("metrics.txt", kExposition);
  int target_port = free_port();
  BackgroundProcess target{{"/usr/bin/python3", "-m", "http.server", std::to_string(target_port), "--bind",
                            "127.0.0.1", "--directory", dir.path().string()},
                           (dir.path() / "target.log").string()};
  std::string config = dir.write("vigil.yml", scrape_configs(target_port));
  VigilProcess vigil{{"--config", config}};
};

const std::vector<std::string> kMetadataQueries = {
    "", "?metric=queue_depth", "?metric=absent", "?limit=0", "?limit=-1", "?limit=abc", "?metric=help_only&limit=5",
};

const std::vector<HttpCall> exemplar_calls() {
  auto get = [](const FormParams& params) {
    return HttpCall{"GET", "/api/v1/query_exemplars?" + form_encode(params), {}, {}, false};
  };
  return {
      get({{"query", "http_requests_total"}}),
      get({{"query", "sum(rate(http_requests_total[5m])) / queue_depth"}, {"start", "1"}, {"end", "2"}}),
      get({{"query", "up{"}}),
      get({{"query", "up"}, {"start", "x"}}),
      get({{"query", "up{"}, {"end", "yesterday"}}),
      get({{"query", "up"}, {"start", "5"}, {"end", "1"}}),
      get({{"query", "1 + 1"}}),
      get({}),
      HttpCall{"POST", "/api/v1/query_exemplars", {{"Content-Type", "application/x-www-form-urlencoded"}},
               "query=up&start=2023-11-14T22:13:20Z", false},
  };
}

TEST_F(MetricMetadata, AnswersFromTheLastScrape) {
  auto all = http_get(vigil.port(), "/api/v1/metadata");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->body,
            R"({"status":"success","data":{"help_only":[{"type":"unknown","help":"A family with HELP and no TYPE.","unit":""}],)"
            R"("http_requests_total":[{"type":"counter","help":"Requests served, by code.","unit":""}],)"
            R"("queue_depth":[{"type":"gauge","help":"Items \u003cwaiting\u003e \u0026 \"queued\".","unit":""}],)"
            R"("request_seconds":[{"type":"histogram","help":"","unit":""}],)"
            R"("untyped_metric":[{"type":"unknown","help":"","unit":""}]}})");
  auto two = http_get(vigil.port(), "/api/v1/metadata?limit=2");
  ASSERT_TRUE(two);
  EXPECT_EQ(two->body,
            R"({"status":"success","data":{"help_only":[{"type":"unknown","help":"A family with HELP and no TYPE.","unit":""}],)"
            R"("http_requests_total":[{"type":"counter","help":"Requests served, by code.","unit":""}]}})");
  auto per_metric = http_get(vigil.port(), "/api/v1/metadata?limit_per_metric=0&metric=queue_depth");
  ASSERT_TRUE(per_metric);
  EXPECT_EQ(per_metric->body, R"({"status":"success","data":{"queue_depth":[]}})");
  auto bad = http_get(vigil.port(), "/api/v1/metadata?limit_per_metric=x");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(bad->body, R"({"status":"error","errorType":"bad_data","error":"limit_per_metric must be a number"})");
}

TEST_F(MetricMetadata, SameAnswersAsLivePrometheus) {
  if (!LivePrometheus::installed()) GTEST_SKIP() << LivePrometheus::kBinary << " is not installed (scripts/setup)";
  LivePrometheus prometheus({}, "global:\n  scrape_interval: 1s\n" + scrape_configs(target_port));
  ASSERT_TRUE(prometheus.wait_ready()) << prometheus.log();
  ASSERT_TRUE(wait_for_metadata(prometheus.port())) << prometheus.log();
  for (const std::string& query : kMetadataQueries) {
    auto theirs = http_get(prometheus.port(), "/api/v1/metadata" + query);
    auto ours = http_get(vigil.port(), "/api/v1/metadata" + query);
    ASSERT_TRUE(theirs && ours) << query;
    EXPECT_EQ(ours->status, theirs->status) << query;
    EXPECT_EQ(ours->body, theirs->body) << query;
  }
  for (const HttpCall& call : exemplar_calls()) {
    auto theirs = http_request(prometheus.port(), call);
    auto ours = http_request(vigil.port(), call);
    ASSERT_TRUE(theirs && ours) << call.target;
    EXPECT_EQ(ours->status, theirs->status) << call.target << " " << call.body;
    EXPECT_EQ(ours->body, theirs->body) << call.target << " " << call.body;
  }
  EXPECT_TRUE(prometheus.stop(30s)) << prometheus.log();
}

}  // namespace
}  // namespace vigil::testing
