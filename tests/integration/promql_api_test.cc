// /api/v1/query and /api/v1/query_range answer byte for byte as Prometheus
// 2.42 did over the same data: fixtures/promql/expected/ holds Prometheus's
// status and body for every request in fixtures/promql/queries.tsv over
// fixtures/promql/data.txt, recorded by fixtures/promql/record.sh (see the
// README there). Here Vigil gets the same data by remote write and the same
// requests. Where /usr/bin/prometheus is installed, a second test asks it
// live, side by side, which also tells when the fixtures are stale.

#include <gtest/gtest.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/remote_write/write_request_encoder.h"
#include "support/form_encode.h"
#include "support/http_client.h"
#include "support/live_prometheus.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

using namespace std::chrono_literals;
using ingest::remote_write::WriteRequestEncoder;

const std::string kFixtures = VIGIL_PROMQL_FIXTURES_DIR;

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, separator);) fields.push_back(field);
  return fields;
}

// data.txt's values: decimal, "NaN", "+Inf", "-Inf".
double parse_value(std::string text) {
  if (!text.empty() && text.front() == '+') text.erase(0, 1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  EXPECT_TRUE(ec == std::errc() && end == text.data() + text.size()) << text;
  return value;
}

std::string remote_write_body() {
  std::ifstream in(kFixtures + "/data.txt");
  EXPECT_TRUE(in) << kFixtures << "/data.txt";
  WriteRequestEncoder encoder;
  std::vector<storage::Label> labels;
  std::vector<storage::Sample> samples;
  auto flush = [&] {
    if (labels.empty()) return;
    encoder.add(WriteRequestEncoder::encode_labels(*storage::LabelSet::from(labels)), samples);
    labels.clear();
    samples.clear();
  };
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("series\t")) {
      flush();
      auto fields = split(line, '\t');
      for (size_t i = 1; i < fields.size(); ++i) {
        const size_t eq = fields[i].find('=');
        labels.push_back({fields[i].substr(0, eq), fields[i].substr(eq + 1)});
      }
      continue;
    }
    const size_t space = line.find(' ');
    samples.push_back({std::stoll(line.substr(0, space)), parse_value(line.substr(space + 1))});
  }
  flush();
  return encoder.take_compressed();
}

void post_write(int port) {
  auto res = post_remote_write(port, remote_write_body());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 204) << res->body;
}

struct Case {
  std::string name;
  HttpCall call;
  int status = 0;
  std::string body;
};

HttpCall make_call(const std::string& method, const std::string& path, const FormParams& params) {
  if (method == "POST") {
    return HttpCall{"POST", path, {{"Content-Type", "application/x-www-form-urlencoded"}}, form_encode(params), false};
  }
  return HttpCall{"GET", params.empty() ? path : path + "?" + form_encode(params), {}, {}, false};
}

// queries.tsv: name, method, path, then name=value parameters, by tabs;
// expected/<name>.txt: the status line, then the body.
std::vector<Case> cases() {
  std::vector<Case> out;
  std::ifstream in(kFixtures + "/queries.tsv");
  EXPECT_TRUE(in) << kFixtures << "/queries.tsv";
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;
    auto fields = split(line, '\t');
    if (fields.size() < 3) {
      ADD_FAILURE() << "queries.tsv: too few fields: " << line;
      continue;
    }
    FormParams params;
    for (size_t i = 3; i < fields.size(); ++i) {
      const size_t eq = fields[i].find('=');
      params.emplace_back(fields[i].substr(0, eq), fields[i].substr(eq + 1));
    }
    Case c{fields[0], make_call(fields[1], fields[2], params), 0, {}};
    std::ifstream expected(kFixtures + "/expected/" + c.name + ".txt");
    std::string status;
    if (!expected || !std::getline(expected, status)) {
      ADD_FAILURE() << "no recorded answer for " << c.name << " (run record.sh)";
      continue;
    }
    c.status = std::stoi(status);
    c.body.assign(std::istreambuf_iterator<char>(expected), std::istreambuf_iterator<char>());
    out.push_back(std::move(c));
  }
  return out;
}

class PromqlApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
    post_write(vigil.port());
  }
  VigilProcess vigil;
};

TEST_F(PromqlApi, AnswersAsPrometheusDid) {
  const auto all = cases();
  ASSERT_GT(all.size(), 30u);
  for (const Case& c : all) {
    auto res = http_request(vigil.port(), c.call);
    ASSERT_TRUE(res) << c.name;
    EXPECT_EQ(res->status, c.status) << c.name;
    EXPECT_EQ(res->header("content-type"), "application/json") << c.name;
    EXPECT_EQ(res->body, c.body) << c.name;
  }
}

// A timeout of 0 has run out before the query starts. Prometheus 2.42 then
// says "query timed out in query queue" or "... in query execution" at random
// (Go's select between a free slot and the expired context), so this is not
// a recorded fixture; the status and errorType are fixed.
TEST_F(PromqlApi, ExpiredTimeoutIsPrometheusTimeoutError) {
  auto res = http_request(vigil.port(), make_call("GET", "/api/v1/query", {{"query", "up"}, {"timeout", "0"}}));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_TRUE(res->body == R"({"status":"error","errorType":"timeout","error":"query timed out in query execution"})" ||
              res->body == R"({"status":"error","errorType":"timeout","error":"query timed out in query queue"})")
      << res->body;
}

TEST_F(PromqlApi, SameAnswersAsLivePrometheus) {
  if (!LivePrometheus::installed()) GTEST_SKIP() << LivePrometheus::kBinary << " is not installed (scripts/setup)";
  LivePrometheus prometheus({"--web.enable-remote-write-receiver"});
  ASSERT_TRUE(prometheus.wait_ready()) << "Prometheus not ready\n" << prometheus.log();
  post_write(prometheus.port());
  for (const Case& c : cases()) {
    auto theirs = http_request(prometheus.port(), c.call);
    auto ours = http_request(vigil.port(), c.call);
    ASSERT_TRUE(theirs && ours) << c.name;
    EXPECT_EQ(theirs->status, c.status) << c.name << ": the recorded answer is stale";
    EXPECT_EQ(theirs->body, c.body) << c.name << ": the recorded answer is stale";
    EXPECT_EQ(ours->status, theirs->status) << c.name;
    EXPECT_EQ(ours->body, theirs->body) << c.name;
  }
  EXPECT_TRUE(prometheus.stop(30s)) << prometheus.log();
}

}  // namespace
}  // namespace vigil::testing
