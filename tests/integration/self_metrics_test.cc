// /metrics: content, HTTP metrics, gzip, and `promtool check metrics`.

#include <gtest/gtest.h>
#include <signal.h>
#include <zlib.h>

#include "ingest/exposition/text_parser.h"
#include "support/http_client.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

std::string gunzip(const std::string& data) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

class SelfMetrics : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(vigil.wait_ready()) << vigil.log(); }
  VigilProcess vigil;
};

TEST_F(SelfMetrics, ExposesProcessBuildAndHttpMetrics) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(http_get(vigil.port(), "/-/healthy"));
  ASSERT_TRUE(http_get(vigil.port(), "/no/such/path"));
  auto res = http_get(vigil.port(), "/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  for (const char* name :
       {"process_cpu_seconds_total ", "process_resident_memory_bytes ", "process_open_fds ", "process_max_fds ",
        "process_start_time_seconds ", "process_threads ", "process_virtual_memory_bytes ",
        "vigil_build_info{", "# TYPE vigil_http_request_duration_seconds histogram",
        "vigil_http_requests_total{code=\"200\",handler=\"/-/healthy\"} 3",
        "vigil_http_requests_total{code=\"404\",handler=\"other\"} 1",
        "vigil_http_request_duration_seconds_bucket{handler=\"/-/healthy\",le=\"+Inf\"} 3"}) {
    EXPECT_NE(res->body.find(name), std::string::npos) << "missing " << name << " in\n" << res->body;
  }
}

// Prometheus's Accept header gets OpenMetrics; both formats parse with
// Vigil's own scrape parser.
TEST_F(SelfMetrics, OpenMetricsWhenAskedAndBothFormatsParse) {
  ASSERT_TRUE(http_get(vigil.port(), "/-/healthy"));
  auto om = http_get(vigil.port(), "/metrics", {{"Accept", std::string(vigil::exposition::kScrapeAccept)}});
  ASSERT_TRUE(om);
  EXPECT_EQ(om->header("content-type"), "application/openmetrics-text; version=1.0.0; charset=utf-8");
  EXPECT_TRUE(om->body.ends_with("# EOF\n"));
  EXPECT_NE(om->body.find("# TYPE vigil_http_requests counter\n"), std::string::npos) << om->body;
  EXPECT_NE(om->body.find("vigil_http_requests_total{code=\"200\",handler=\"/-/healthy\"} 1"), std::string::npos);
  auto text = http_get(vigil.port(), "/metrics", {{"Accept", "text/plain;version=0.0.4"}});
  ASSERT_TRUE(text);
  EXPECT_EQ(text->header("content-type"), "text/plain; version=0.0.4; charset=utf-8");

  struct Count : vigil::ingest::exposition::ParseSink {
    size_t samples = 0;
    void on_sample(const vigil::ingest::exposition::SampleView&) override { ++samples; }
  };
  vigil::ingest::exposition::TextParser parser;
  Count from_om, from_text;
  auto parsed_om = parser.parse(om->body, vigil::exposition::Format::openmetrics, from_om);
  EXPECT_TRUE(parsed_om) << parsed_om.error().message;
  auto parsed_text = parser.parse(text->body, vigil::exposition::Format::prometheus_text, from_text);
  EXPECT_TRUE(parsed_text) << parsed_text.error().message;
  EXPECT_GT(from_om.samples, 20u);
  EXPECT_GT(from_text.samples, 20u);
}

TEST_F(SelfMetrics, PassesPromtoolCheckMetrics) {
  auto promtool = find_program("promtool");
  if (!promtool) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  ASSERT_TRUE(http_get(vigil.port(), "/-/ready"));
  auto res = http_get(vigil.port(), "/metrics");
  ASSERT_TRUE(res);
  auto check = run_program({*promtool, "check", "metrics"}, res->body);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err << "\n" << res->body;
  EXPECT_EQ(check.out + check.err, "") << "promtool lint findings";
}

TEST_F(SelfMetrics, GzipWhenAccepted) {
  auto plain = http_get(vigil.port(), "/metrics");
  auto zipped = http_get(vigil.port(), "/metrics", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(plain && zipped);
  EXPECT_EQ(plain->header("content-encoding"), "");
  EXPECT_EQ(zipped->header("content-encoding"), "gzip");
  EXPECT_EQ(zipped->header("vary"), "Accept-Encoding");
  std::string text = gunzip(zipped->body);
  EXPECT_NE(text.find("process_cpu_seconds_total"), std::string::npos);
  auto refused = http_get(vigil.port(), "/metrics", {{"Accept-Encoding", "gzip;q=0, identity"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->header("content-encoding"), "");
}

TEST_F(SelfMetrics, BuildInfoInPrometheusShape) {
  auto res = http_get(vigil.port(), "/api/v1/status/buildinfo");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->header("content-type"), "application/json");
  EXPECT_TRUE(res->body.starts_with(R"({"status":"success","data":{"version":")")) << res->body;
  // Prometheus 2.42's fields, in its order, and no others.
  size_t at = 0;
  for (const char* key : {"\"version\":", ",\"revision\":", ",\"branch\":", ",\"buildUser\":",
                          ",\"buildDate\":", ",\"goVersion\":"}) {
    at = res->body.find(key, at);
    ASSERT_NE(at, std::string::npos) << key << " in " << res->body;
  }
  size_t keys = 0;
  for (size_t i = res->body.find("\":"); i != std::string::npos; i = res->body.find("\":", i + 1)) ++keys;
  EXPECT_EQ(keys, 8u) << res->body;  // status, data and the six
}

}  // namespace
}  // namespace vigil::testing
