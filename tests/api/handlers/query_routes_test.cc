// The query endpoints around a stand-in engine: Prometheus's envelope, its
// error types and statuses, the queue, timeouts and the stop when the client
// goes away. The answers of the real engine are compared with Prometheus's
// in tests/integration/promql_api_test.cc.

#include "api/handlers/query_routes.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace vigil::api {
namespace {

using namespace std::chrono_literals;
using promql::QueryErrorType;

struct Answer {
  unsigned status;
  std::string body;
};

class QueryRoutes : public ::testing::Test {
 protected:
  void install(QueryLimits limits = {}) {
    add_query_routes(router, [this](const QueryRequest& request, const promql::QueryControl& control) {
      seen = request;
      seen_timeout = control.timeout;
      return runner(request, control);
    }, limits);
  }

  Answer call(const std::string& path, std::multimap<std::string, std::string> params,
              std::function<bool()> client_gone = {}) {
    HttpRequest http_request{http::verb::get, path, 11};
    RequestContext context{http_request, path, std::move(params), {}, "", "", std::move(client_gone)};
    auto match = router.match(http::verb::get, path);
    auto response = match.route->handler(context);
    return {response.result_int(), response.body()};
  }

  Router router;
  std::function<promql::QueryOutcome(const QueryRequest&, const promql::QueryControl&)> runner;
  QueryRequest seen;
  std::chrono::milliseconds seen_timeout{0};
};

promql::QueryOutcome fail(QueryErrorType type, std::string message) {
  return std::unexpected(promql::QueryError{type, std::move(message)});
}

TEST_F(QueryRoutes, VectorWithWarnings) {
  install();
  runner = [](const QueryRequest&, const promql::QueryControl&) -> promql::QueryOutcome {
    promql::Vector vector;
    vector.push_back({*storage::LabelSet::from({{"__name__", "up"}, {"job", "a<b"}}), 1'700'000'000'500, 1e-7});
    return promql::QueryResult{std::move(vector), {"something odd"}};
  };
  auto answer = call("/api/v1/query", {{"query", "up"}, {"time", "1700000000.5"}});
  EXPECT_EQ(answer.status, 200u);
  EXPECT_EQ(answer.body,
            R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"a\u003cb"},)"
            R"("value":[1700000000.500,"1e-07"]}]},"warnings":["something odd"]})");
  EXPECT_EQ(seen.query, "up");
  EXPECT_FALSE(seen.range);
  EXPECT_EQ(seen.time_ms, 1'700'000'000'500);
}

TEST_F(QueryRoutes, MatrixScalarString) {
  install();
  runner = [](const QueryRequest& request, const promql::QueryControl&) -> promql::QueryOutcome {
    if (request.range) {
      promql::Matrix matrix;
      matrix.push_back({*storage::LabelSet::from({{"a", "b"}}), {{0, 1}, {50, std::numeric_limits<double>::infinity()}}});
      return promql::QueryResult{std::move(matrix), {}};
    }
    if (request.query == "s") return promql::QueryResult{promql::StringValue{50, "x"}, {}};
    return promql::QueryResult{promql::ScalarValue{50, 1e-7}, {}};
  };
  EXPECT_EQ(call("/api/v1/query_range", {{"query", "m"}, {"start", "0"}, {"end", "1"}, {"step", "0.05"}}).body,
            R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[0,"1"],[0.050,"+Inf"]]}]}})");
  EXPECT_EQ(seen.step_ms, 50);
  EXPECT_EQ(call("/api/v1/query", {{"query", "s"}, {"time", "0.05"}}).body,
            R"({"status":"success","data":{"resultType":"string","result":[0.05,"x"]}})");
  EXPECT_EQ(call("/api/v1/query", {{"query", "1e-7"}, {"time", "0.05"}}).body,
            R"({"status":"success","data":{"resultType":"scalar","result":[0.05,"0.0000001"]}})");
}

TEST_F(QueryRoutes, ErrorTypesAndStatuses) {
  install();
  const std::vector<std::tuple<QueryErrorType, unsigned, std::string>> cases = {
      {QueryErrorType::bad_data, 400, "bad_data"},   {QueryErrorType::execution, 422, "execution"},
      {QueryErrorType::timeout, 503, "timeout"},     {QueryErrorType::canceled, 503, "canceled"},
      {QueryErrorType::internal, 500, "internal"},
  };
  for (const auto& [type, status, name] : cases) {
    runner = [type](const QueryRequest&, const promql::QueryControl&) { return fail(type, "why"); };
    auto answer = call("/api/v1/query_range", {{"query", "x"}, {"start", "0"}, {"end", "1"}, {"step", "1"}});
    EXPECT_EQ(answer.status, status) << name;
    EXPECT_EQ(answer.body, R"({"status":"error","errorType":")" + name + R"(","error":"why"})");
  }
}

TEST_F(QueryRoutes, InstantParseErrorsNameTheParameter) {
  install();
  runner = [](const QueryRequest&, const promql::QueryControl&) {
    return fail(QueryErrorType::bad_data, "1:5: parse error: unclosed left parenthesis");
  };
  EXPECT_EQ(call("/api/v1/query", {{"query", "sum("}, {"time", "1"}}).body,
            R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"})");
  EXPECT_EQ(call("/api/v1/query_range", {{"query", "sum("}, {"start", "1"}, {"end", "2"}, {"step", "1"}}).body,
            R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: unclosed left parenthesis"})");
}

TEST_F(QueryRoutes, BadParametersNeverReachTheEngine) {
  install();
  bool ran = false;
  runner = [&](const QueryRequest&, const promql::QueryControl&) -> promql::QueryOutcome {
    ran = true;
    return promql::QueryResult{promql::ScalarValue{}, {}};
  };
  auto answer = call("/api/v1/query_range", {{"query", "1"}, {"start", "0"}, {"end", "10"}, {"step", "0"}});
  EXPECT_EQ(answer.status, 400u);
  EXPECT_FALSE(ran);
}

TEST_F(QueryRoutes, TimeoutParameterOnlyShortens) {
  install({.timeout = 10s, .max_concurrency = 1});
  runner = [](const QueryRequest&, const promql::QueryControl&) -> promql::QueryOutcome {
    return promql::QueryResult{promql::ScalarValue{}, {}};
  };
  call("/api/v1/query", {{"query", "1"}, {"time", "1"}, {"timeout", "2s"}});
  EXPECT_LE(seen_timeout, 2s);
  EXPECT_GT(seen_timeout, 1s);
  call("/api/v1/query", {{"query", "1"}, {"time", "1"}, {"timeout", "1h"}});
  EXPECT_LE(seen_timeout, 10s);
  EXPECT_GT(seen_timeout, 9s);
  EXPECT_EQ(call("/api/v1/query", {{"query", "1"}, {"time", "1"}, {"timeout", "0"}}).body,
            R"({"status":"error","errorType":"timeout","error":"query timed out in query execution"})");
}

// One query holds the only slot until released; the test's requests queue
// behind it.
class BusyGate : public QueryRoutes {
 protected:
  void SetUp() override {
    install({.timeout = 10s, .max_concurrency = 1});
    runner = [this](const QueryRequest& request, const promql::QueryControl& control) -> promql::QueryOutcome {
      if (request.query == "hold") {
        holding = true;
        while (!release && !control.stop.stop_requested()) std::this_thread::sleep_for(1ms);
        if (control.stop.stop_requested()) return fail(QueryErrorType::canceled, "query was canceled in query execution");
      }
      return promql::QueryResult{promql::ScalarValue{}, {}};
    };
  }
  void TearDown() override {
    release = true;
    if (holder.valid()) holder.get();
  }
  void hold() {
    holder = std::async(std::launch::async, [this] { return call("/api/v1/query", {{"query", "hold"}, {"time", "1"}}); });
    while (!holding) std::this_thread::sleep_for(1ms);
  }

  std::atomic<bool> holding{false}, release{false};
  std::future<Answer> holder;
};

TEST_F(BusyGate, QueuedQueryTimesOutAsPrometheus) {
  hold();
  auto answer = call("/api/v1/query", {{"query", "1"}, {"time", "1"}, {"timeout", "0.1"}});
  EXPECT_EQ(answer.status, 503u);
  EXPECT_EQ(answer.body, R"({"status":"error","errorType":"timeout","error":"query timed out in query queue"})");
}

TEST_F(BusyGate, QueuedQueryRunsWhenTheSlotFrees) {
  hold();
  auto queued = std::async(std::launch::async, [this] { return call("/api/v1/query", {{"query", "1"}, {"time", "1"}}); });
  std::this_thread::sleep_for(50ms);
  release = true;
  EXPECT_EQ(queued.get().status, 200u);
  EXPECT_EQ(holder.get().status, 200u);
}

TEST_F(BusyGate, ClientGoneWhileQueued) {
  hold();
  auto answer = call("/api/v1/query", {{"query", "1"}, {"time", "1"}}, [] { return true; });
  EXPECT_EQ(answer.status, 503u);
  EXPECT_EQ(answer.body, R"({"status":"error","errorType":"canceled","error":"query was canceled in query queue"})");
}

TEST_F(QueryRoutes, ClientGoneWhileRunningStopsTheQuery) {
  install();
  runner = [](const QueryRequest&, const promql::QueryControl& control) -> promql::QueryOutcome {
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    while (!control.stop.stop_requested() && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(1ms);
    }
    if (control.stop.stop_requested()) return fail(QueryErrorType::canceled, "query was canceled in query execution");
    return promql::QueryResult{promql::ScalarValue{}, {}};
  };
  std::atomic<int> probes{0};
  auto answer = call("/api/v1/query", {{"query", "1"}, {"time", "1"}}, [&] { return ++probes > 2; });
  EXPECT_EQ(answer.status, 503u);
  EXPECT_EQ(answer.body, R"({"status":"error","errorType":"canceled","error":"query was canceled in query execution"})");
}

}  // namespace
}  // namespace vigil::api
