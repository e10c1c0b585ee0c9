// `vigil query`: against a running server, in-process on a storage
// directory, against a real Prometheus (whose answers the command must read
// as well as Vigil's), and its usage errors and exit codes.

#include <gtest/gtest.h>

#include <csignal>

#include "ingest/remote_write/write_request_encoder.h"
#include "integration/stored_data.h"
#include "support/form_encode.h"
#include "support/http_client.h"
#include "support/live_prometheus.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kT0 = 1'700'000'000'000;  // 2023-11-14T22:13:20Z

std::vector<storage::SeriesSamples> series() {
  return {make_series({{"__name__", "up"}, {"job", "a"}}, {{kT0, 1}, {kT0 + 60'000, 0}}),
          make_series({{"__name__", "up"}, {"job", "b"}}, {{kT0, 1.5}})};
}

constexpr const char* kInstantTable =
    "up{job=\"a\"} => 1 @[1700000030]\n"
    "up{job=\"b\"} => 1.5 @[1700000030]\n";
constexpr const char* kInstantJson =
    R"({"resultType":"vector","result":[{"metric":{"__name__":"up","job":"a"},"value":[1700000030,"1"]},)"
    R"({"metric":{"__name__":"up","job":"b"},"value":[1700000030,"1.5"]}]})"
    "\n";
constexpr const char* kRangeTable =
    "up{job=\"a\"} => 1 @[1700000000]\n"
    "up{job=\"a\"} => 1 @[1700000030]\n"
    "up{job=\"a\"} => 0 @[1700000060]\n";

class QueryCommand : public ::testing::Test {
 protected:
  void SetUp() override { store(data_, series(), false); }

  TempDir dir_;
  std::string data_ = (dir_.path() / "data").string();
};

TEST_F(QueryCommand, AsksARunningServer) {
  VigilProcess vigil({}, {}, data_);
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  const std::string server = "http://127.0.0.1:" + std::to_string(vigil.port());

  auto instant = run_vigil({"query", "--server", server, "up", "--time", "1700000030"});
  EXPECT_EQ(instant.exit_code, 0) << instant.err;
  EXPECT_EQ(instant.out, kInstantTable);

  auto json = run_vigil({"query", "--server", server, "up", "--time", "2023-11-14T22:13:50Z", "--format", "json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out, kInstantJson);

  auto range = run_vigil(
      {"query", "--server", server, "up{job=\"a\"}", "--start", "1700000000", "--end", "1700000060", "--step", "30s"});
  EXPECT_EQ(range.exit_code, 0) << range.err;
  EXPECT_EQ(range.out, kRangeTable);

  auto bad = run_vigil({"query", "--server", server, "sum(up"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "vigil query: invalid parameter \"query\": 1:7: parse error: unclosed left parenthesis (bad_data)\n");

  auto bad_step = run_vigil({"query", "--server", server, "up", "--start", "0", "--end", "1", "--step", "0"});
  EXPECT_EQ(bad_step.exit_code, 2);
  EXPECT_NE(bad_step.err.find("zero or negative query resolution step widths are not accepted"), std::string::npos)
      << bad_step.err;
  EXPECT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
}

TEST_F(QueryCommand, RunsOnAStorageDirectory) {
  auto instant = run_vigil({"query", "--data", data_, "up", "--time", "1700000030"});
  EXPECT_EQ(instant.exit_code, 0) << instant.err;
  EXPECT_EQ(instant.out, kInstantTable);

  auto json = run_vigil({"query", "--data", data_, "up", "--time", "1700000030", "--format", "json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out, kInstantJson);

  auto range = run_vigil(
      {"query", "--data", data_, "up{job=\"a\"}", "--start", "1700000000", "--end", "1700000060", "--step", "30"});
  EXPECT_EQ(range.exit_code, 0) << range.err;
  EXPECT_EQ(range.out, kRangeTable);
}

TEST_F(QueryCommand, RefusesAStorageDirectoryAServerUses) {
  VigilProcess vigil({}, {}, data_);
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  auto result = run_vigil({"query", "--data", data_, "up"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("is in use by another vigil process"), std::string::npos) << result.err;
  EXPECT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
}

TEST_F(QueryCommand, BadParametersOnAStorageDirectoryGetTheServersWords) {
  auto result = run_vigil({"query", "--data", data_, "up", "--time", "yesterday"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "vigil query: invalid parameter \"time\": Invalid time value for 'time': cannot parse \"yesterday\" to a "
            "valid timestamp (bad_data)\n");
}

// The command reads Prometheus's answers too: its JSON output is Prometheus's
// data object byte for byte.
TEST(QueryCommandPrometheus, ReadsPrometheusAnswers) {
  if (!LivePrometheus::installed()) GTEST_SKIP() << LivePrometheus::kBinary << " is not installed (scripts/setup)";
  LivePrometheus prometheus({"--web.enable-remote-write-receiver"});
  ASSERT_TRUE(prometheus.wait_ready()) << prometheus.log();
  ingest::remote_write::WriteRequestEncoder encoder;
  for (const auto& s : series()) {
    encoder.add(ingest::remote_write::WriteRequestEncoder::encode_labels(s.labels), s.samples);
  }
  auto written = post_remote_write(prometheus.port(), encoder.take_compressed());
  ASSERT_TRUE(written && written->status == 204);
  const std::string server = "http://127.0.0.1:" + std::to_string(prometheus.port());

  auto table = run_vigil({"query", "--server", server, "up", "--time", "1700000030"});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out, kInstantTable);

  const std::string envelope = R"({"status":"success","data":)";
  for (const std::string query : {"up", "up / 0", "scalar(up{job=\"b\"}) * 1e-7", "\"a<b\"", "vector(1e30)"}) {
    auto theirs =
        http_get(prometheus.port(), "/api/v1/query?" + form_encode({{"query", query}, {"time", "1700000030.5"}}));
    ASSERT_TRUE(theirs && theirs->status == 200 && theirs->body.starts_with(envelope)) << query;
    const std::string data = theirs->body.substr(envelope.size(), theirs->body.size() - envelope.size() - 1);
    auto ours = run_vigil({"query", "--server", server, query, "--time", "1700000030.5", "--format", "json"});
    EXPECT_EQ(ours.exit_code, 0) << query << ": " << ours.err;
    EXPECT_EQ(ours.out, data + "\n") << query;
  }
  auto range = run_vigil(
      {"query", "--server", server, "up{job=\"a\"}", "--start", "1700000000", "--end", "1700000060", "--step", "30s"});
  EXPECT_EQ(range.out, kRangeTable);
  EXPECT_TRUE(prometheus.stop(30s)) << prometheus.log();
}

TEST(QueryCommandUsage, ErrorsAndExitCodes) {
  auto both = run_vigil({"query", "--server", "http://127.0.0.1:1", "--data", "/tmp", "up"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_EQ(both.err, "vigil query: --server and --data exclude each other\n");

  auto partial = run_vigil({"query", "up", "--start", "1"});
  EXPECT_EQ(partial.exit_code, 2);
  EXPECT_EQ(partial.err, "vigil query: a range query needs all of --start, --end and --step\n");

  auto mixed = run_vigil({"query", "up", "--time", "1", "--start", "1", "--end", "2", "--step", "1"});
  EXPECT_EQ(mixed.exit_code, 2);

  auto format = run_vigil({"query", "up", "--format", "xml"});
  EXPECT_EQ(format.exit_code, 2);

  auto no_expr = run_vigil({"query"});
  EXPECT_EQ(no_expr.exit_code, 2);

  auto https = run_vigil({"query", "--server", "https://127.0.0.1:1", "up"});
  EXPECT_EQ(https.exit_code, 2);
  EXPECT_NE(https.err.find("https is not supported"), std::string::npos) << https.err;

  const int port = free_port();
  auto refused = run_vigil({"query", "--server", "http://127.0.0.1:" + std::to_string(port), "up"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("cannot query http://127.0.0.1:" + std::to_string(port)), std::string::npos)
      << refused.err;

  TempDir dir;
  const std::string missing = (dir.path() / "nothing").string();
  auto no_dir = run_vigil({"query", "--data", missing, "up"});
  EXPECT_EQ(no_dir.exit_code, 1);
  EXPECT_EQ(no_dir.err, "vigil query: " + missing + ": no such storage directory\n");
}

}  // namespace
}  // namespace vigil::testing
