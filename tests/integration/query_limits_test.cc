// The query limits of the real server: the engine's timeout, the queue of
// --query.max-concurrency (query.max_concurrency) and the stop of a query
// whose client hung up, each with Prometheus's errorType and status.

#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "ingest/remote_write/write_request_encoder.h"
#include "support/form_encode.h"
#include "support/http_client.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int64_t kT0 = 1'700'000'000'000;

// A second or two of evaluation on this kind of machine: a one-second
// subquery over an hour, over 5,000 series. The engine checks for a stop or
// its deadline between series, so the query can be interrupted anywhere.
const FormParams kSlowQuery = {{"query", "count(max_over_time(rate(wide[1m])[1h:1s]))"},
                               {"start", "1700000000"},
                               {"end", "1700001800"},
                               {"step", "15"}};

std::string wide_series_write() {
  ingest::remote_write::WriteRequestEncoder encoder;
  std::vector<storage::Sample> samples;
  for (int i = 0; i < 120; ++i) samples.push_back({kT0 + i * 15'000, static_cast<double>(i)});
  for (int id = 0; id < 5000; ++id) {
    auto labels = storage::LabelSet::from({{"__name__", "wide"}, {"id", std::to_string(id)}});
    encoder.add(ingest::remote_write::WriteRequestEncoder::encode_labels(*labels), samples);
  }
  return encoder.take_compressed();
}

HttpCall get(const std::string& path, const FormParams& params) {
  return HttpCall{"GET", path + "?" + form_encode(params), {}, {}, false};
}

FormParams with(FormParams params, const std::string& name, const std::string& value) {
  params.emplace_back(name, value);
  return params;
}

class QueryLimits : public ::testing::Test {
 protected:
  // One query at a time, on a server with a single thread: queries run on
  // threads of their own, so it still reads and answers everything else.
  VigilProcess vigil{{"--query.max-concurrency", "1"}, {{"VIGIL_SERVER_THREADS", "1"}}};

  void SetUp() override {
    ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
    auto written = post_remote_write(vigil.port(), wide_series_write());
    ASSERT_TRUE(written);
    ASSERT_EQ(written->status, 204) << written->body;
  }

  std::future<std::optional<HttpResult>> start_slow_query(const std::string& timeout) {
    auto future = std::async(std::launch::async, [this, timeout] {
      return http_request(vigil.port(), get("/api/v1/query_range", with(kSlowQuery, "timeout", timeout)));
    });
    // Long enough for it to take the only slot.
    std::this_thread::sleep_for(300ms);
    return future;
  }
};

TEST_F(QueryLimits, EvaluationTimeout) {
  const auto asked = Clock::now();
  auto res = http_request(vigil.port(), get("/api/v1/query_range", with(kSlowQuery, "timeout", "0.2")));
  EXPECT_LT(Clock::now() - asked, 1s);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->body,
            R"({"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"})");
}

TEST_F(QueryLimits, QueuedQueryTimesOut) {
  auto slow = start_slow_query("30");
  auto queued = http_request(vigil.port(), get("/api/v1/query", {{"query", "1"}, {"time", "1"}, {"timeout", "0.3"}}));
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->status, 503);
  EXPECT_EQ(queued->body, R"({"status":"error","errorType":"timeout","error":"query timed out in query queue"})");
  auto first = slow.get();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200) << first->body.substr(0, 200);
}

TEST_F(QueryLimits, QueuedQueryRunsOnceTheSlotFrees) {
  auto slow = start_slow_query("30");
  auto queued = http_request(vigil.port(), get("/api/v1/query", {{"query", "1"}, {"time", "1"}}));
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->status, 200);
  EXPECT_EQ(queued->body, R"({"status":"success","data":{"resultType":"scalar","result":[1,"1"]}})");
  ASSERT_TRUE(slow.get());
}

TEST_F(QueryLimits, SlowQueriesHoldUpNothingElse) {
  auto slow = start_slow_query("30");
  auto queued = std::async(std::launch::async, [this] {
    return http_request(vigil.port(), get("/api/v1/query", {{"query", "1"}, {"time", "1"}}));
  });
  const auto asked = Clock::now();
  auto healthy = http_get(vigil.port(), "/-/healthy");
  ASSERT_TRUE(healthy);
  EXPECT_EQ(healthy->status, 200);
  auto labels = http_get(vigil.port(), "/api/v1/labels");
  ASSERT_TRUE(labels);
  EXPECT_EQ(labels->status, 200);
  EXPECT_LT(Clock::now() - asked, 300ms);
  ASSERT_TRUE(slow.get());
  ASSERT_TRUE(queued.get());
}

// A client that hangs up stops its query: the only slot frees long before
// the query would have finished (measured first, on this machine as it is).
TEST_F(QueryLimits, ClientHangingUpStopsItsQuery) {
  const auto started = Clock::now();
  auto whole = http_request(vigil.port(), get("/api/v1/query_range", kSlowQuery));
  const auto full_run = Clock::now() - started;
  ASSERT_TRUE(whole && whole->status == 200);
  ASSERT_GT(full_run, 600ms) << "the slow query is too fast to tell";

  const std::string request =
      "GET /api/v1/query_range?" + form_encode(kSlowQuery) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const auto hung_up = Clock::now() + 200ms;
  EXPECT_EQ(raw_exchange(vigil.port(), request, 200ms), "");
  auto next = http_request(vigil.port(), get("/api/v1/query", {{"query", "1"}, {"time", "1"}}));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200) << next->body;
  // Without the stop, `next` would wait for the rest of the slow query.
  EXPECT_LT(Clock::now() - hung_up, full_run / 2);
}

}  // namespace
}  // namespace vigil::testing
