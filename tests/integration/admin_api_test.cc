// The TSDB admin API of the real binary: off unless enabled, then snapshot,
// delete_series and clean_tombstones as Prometheus answers them.

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <regex>

#include "integration/stored_data.h"
#include "support/http_client.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

HttpResult call(int port, const std::string& method, const std::string& target, const std::string& form = {}) {
  HttpCall request{.method = method, .target = target};
  if (!form.empty()) {
    request.headers["Content-Type"] = "application/x-www-form-urlencoded";
    request.body = form;
  }
  auto result = http_request(port, request);
  EXPECT_TRUE(result) << method << " " << target;
  return result.value_or(HttpResult{});
}

TEST(AdminApi, DisabledByDefaultAnswersAsPrometheus) {
  VigilProcess vigil;
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  for (const char* path : {"/api/v1/admin/tsdb/snapshot", "/api/v1/admin/tsdb/delete_series?match[]=up",
                           "/api/v1/admin/tsdb/clean_tombstones"}) {
    for (const char* method : {"POST", "PUT"}) {
      auto res = call(vigil.port(), method, path);
      EXPECT_EQ(res.status, 500) << method << " " << path;
      EXPECT_EQ(res.body, R"({"status":"error","errorType":"unavailable","error":"admin APIs disabled"})");
    }
  }
  EXPECT_EQ(call(vigil.port(), "GET", "/api/v1/admin/tsdb/snapshot").status, 405);
  EXPECT_FALSE(std::filesystem::exists(vigil.data_dir() + "/snapshots"));
}

TEST(AdminApi, SnapshotReturnsTheNameOfADirectoryUnderSnapshots) {
  VigilProcess vigil({"--enable-admin-api"});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  for (const char* target : {"/api/v1/admin/tsdb/snapshot", "/api/v1/admin/tsdb/snapshot?skip_head=true"}) {
    auto res = call(vigil.port(), "POST", target);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.header("content-type"), "application/json");
    std::smatch m;
    ASSERT_TRUE(std::regex_match(res.body, m, std::regex(R"re(\{"status":"success","data":\{"name":"([^"/]+)"\}\})re")))
        << res.body;
    EXPECT_TRUE(std::filesystem::is_directory(vigil.data_dir() + "/snapshots/" + m[1].str())) << m[1];
  }
  EXPECT_EQ(call(vigil.port(), "PUT", "/api/v1/admin/tsdb/snapshot").status, 200);
}

TEST(AdminApi, BadSkipHeadIsBadData) {
  VigilProcess vigil({"--enable-admin-api"});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  auto res = call(vigil.port(), "POST", "/api/v1/admin/tsdb/snapshot?skip_head=maybe");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(
      res.body,
      R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"skip_head\": cannot parse \"maybe\" as a boolean"})");
}

TEST(AdminApi, DeleteSeriesParameterErrorsAreBadData) {
  VigilProcess vigil({"--enable-admin-api"});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  const std::string path = "/api/v1/admin/tsdb/delete_series";

  auto missing = call(vigil.port(), "POST", path);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body, R"({"status":"error","errorType":"bad_data","error":"no match[] parameter provided"})");

  auto bad = call(vigil.port(), "POST", path + "?match[]=" + url_encode(R"(up{job=="a"})"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body, R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"match[]\": )"
                      R"(1:8: unexpected \"=\" in label matching, expected string"})");

  // One bad selector among good ones refuses the whole request.
  auto second_bad = call(vigil.port(), "PUT", path + "?match[]=up&match[]=" + url_encode("{a=\"\"}"));
  EXPECT_EQ(second_bad.status, 400);
  EXPECT_NE(second_bad.body.find("must contain at least one non-empty matcher"), std::string::npos) << second_bad.body;

  auto bad_start = call(vigil.port(), "POST", path + "?match[]=up&start=yesterday");
  EXPECT_EQ(bad_start.status, 400);
  EXPECT_NE(bad_start.body.find(R"(invalid parameter \"start\": cannot parse \"yesterday\")"), std::string::npos)
      << bad_start.body;
  auto bad_end = call(vigil.port(), "POST", path, "match[]=up&end=2023-13-01T00:00:00Z");
  EXPECT_EQ(bad_end.status, 400);
  EXPECT_NE(bad_end.body.find(R"(invalid parameter \"end\")"), std::string::npos) << bad_end.body;
}

TEST(AdminApi, CleanTombstonesIsNoContent) {
  VigilProcess vigil({"--enable-admin-api"});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  for (const char* method : {"POST", "PUT"}) {
    auto res = call(vigil.port(), method, "/api/v1/admin/tsdb/clean_tombstones");
    EXPECT_EQ(res.status, 204) << res.body;
    EXPECT_TRUE(res.body.empty());
  }
}

TEST(AdminApi, DeleteSeriesRemovesTheSelectedSamplesInBlocksAndHead) {
  TempDir dir;
  const std::string data = (dir.path() / "data").string();
  // Minutes 0-9 of each series go into a block, which ends at midnight;
  // minutes 10-19 stay in the head.
  constexpr int64_t kT0 = 1'700'005'800'000;  // 2023-11-14T23:50:00Z
  auto minutes = [](int from, int to, double base) {
    std::vector<storage::Sample> samples;
    for (int m = from; m < to; ++m) samples.push_back({kT0 + m * 60'000LL, base + m});
    return samples;
  };
  std::vector<storage::Label> a{{"__name__", "up"}, {"job", "a"}};
  std::vector<storage::Label> b{{"__name__", "up"}, {"job", "b"}};
  std::vector<storage::Label> c{{"__name__", "errors_total"}, {"job", "c"}};
  store(data,
        {make_series(a, minutes(0, 10, 0)), make_series(b, minutes(0, 10, 100)), make_series(c, minutes(0, 10, 200))},
        true);
  store(
      data,
      {make_series(a, minutes(10, 20, 0)), make_series(b, minutes(10, 20, 100)), make_series(c, minutes(10, 20, 200))},
      false);

  {
    VigilProcess vigil({"--enable-admin-api"}, {}, data);
    ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
    // Minutes 5 to 14 (across the block and the head), in Unix seconds, of
    // two selectors, one in the query string and one in a form body.
    auto res = call(vigil.port(), "POST",
                    "/api/v1/admin/tsdb/delete_series?match[]=" + url_encode(R"(up{job="a"})") +
                        "&start=1700006100&end=1700006640.000",
                    "match[]=" + url_encode("errors_total"));
    EXPECT_EQ(res.status, 204) << res.body;
    // Without a range: all of it.
    res = call(vigil.port(), "POST", "/api/v1/admin/tsdb/delete_series?match[]=errors_total");
    EXPECT_EQ(res.status, 204) << res.body;
    // An RFC 3339 range for job b, minute 19 only, all in a PUT's form body.
    res = call(vigil.port(), "PUT", "/api/v1/admin/tsdb/delete_series",
               "match[]=" + url_encode(R"({job="b"})") + "&start=" + url_encode("2023-11-15T00:09:00Z") +
                   "&end=" + url_encode("2023-11-15T01:20:00+01:00"));
    EXPECT_EQ(res.status, 204) << res.body;
    EXPECT_EQ(call(vigil.port(), "POST", "/api/v1/admin/tsdb/clean_tombstones").status, 204);
    ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
  }

  auto all = read_all(data);
  ASSERT_EQ(all.size(), 2u);  // errors_total is gone
  EXPECT_EQ(all[0].labels.to_string(), R"(up{job="a"})");
  std::vector<int64_t> minutes_left;
  for (const auto& s : all[0].samples) minutes_left.push_back((s.t - kT0) / 60'000);
  EXPECT_EQ(minutes_left, (std::vector<int64_t>{0, 1, 2, 3, 4, 15, 16, 17, 18, 19}));
  EXPECT_EQ(all[1].labels.to_string(), R"(up{job="b"})");
  ASSERT_EQ(all[1].samples.size(), 19u);
  EXPECT_EQ(all[1].samples.back().t, kT0 + 18 * 60'000);
  EXPECT_EQ(all[1].samples.back().v, 118);
}

}  // namespace
}  // namespace vigil::testing
