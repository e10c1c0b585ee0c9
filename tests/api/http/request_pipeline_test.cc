#include "api/http/request_pipeline.h"

#include <gtest/gtest.h>

#include "core/gzip.h"
#include "api/http/responses.h"
#include "vigil/exposition/text_writer.h"

namespace vigil::api {
namespace {

class Pipeline : public ::testing::Test {
 protected:
  Pipeline() {
    router.add({http::verb::get, http::verb::post, http::verb::put}, "/api/v1/echo/:what", [](RequestContext& ctx) {
      std::string body = ctx.path_params.at("what");
      for (const auto& [k, v] : ctx.query) body += ";" + k + "=" + v;
      return text_response(http::status::ok, body);
    });
    router.add({http::verb::get}, "/big", [](RequestContext&) {
      return text_response(http::status::ok, std::string(4096, 'a'));
    });
    router.add({http::verb::get}, "/throws", [](RequestContext&) -> HttpResponse {
      throw std::runtime_error("boom");
    });
  }

  RequestPipeline make(config::AuthConfig auth = {}) {
    return RequestPipeline(router, std::move(Authenticator::create(auth).value()), metrics, logger, true);
  }

  HttpRequest get(std::string target) { return HttpRequest{http::verb::get, target, 11}; }

  std::string metrics_text() {
    std::string out;
    exposition::write_text(out, registry.collect());
    return out;
  }

  metrics::Registry registry;
  HttpMetrics metrics{registry};
  std::shared_ptr<log::MemorySink> sink = std::make_shared<log::MemorySink>();
  log::Logger logger{"http", sink, log::Level::debug, std::make_shared<log::Redactor>()};
  Router router;
};

TEST_F(Pipeline, LongRunningRoutesAreKnownBeforeHandling) {
  router.add_long_running({http::verb::get}, "/api/v1/slow", [](RequestContext&) {
    return text_response(http::status::ok, "slow");
  });
  auto p = make();
  EXPECT_TRUE(p.runs_long(get("/api/v1/slow?x=1")));
  EXPECT_FALSE(p.runs_long(get("/big")));
  EXPECT_FALSE(p.runs_long(get("/nowhere")));
  EXPECT_FALSE(p.runs_long(HttpRequest{http::verb::post, "/api/v1/slow", 11}));  // not its method
  EXPECT_EQ(p.handle(get("/api/v1/slow"), "").body(), "slow");
}

TEST_F(Pipeline, RoutesWithParamsAndQuery) {
  auto p = make();
  auto res = p.handle(get("/api/v1/echo/hi?b=2&a=1"), "127.0.0.1:1");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), "hi;a=1;b=2");
  EXPECT_EQ(res[http::field::content_length], "10");
  EXPECT_EQ(res["X-Request-ID"].size(), 32u);
}

TEST_F(Pipeline, FormBodyMergesWithQuery) {
  auto p = make();
  HttpRequest req{http::verb::post, "/api/v1/echo/x?a=1", 11};
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = "b=two+words";
  EXPECT_EQ(p.handle(req, "").body(), "x;a=1;b=two words");
  req.body() = "b=%zz";
  auto bad = p.handle(req, "");
  EXPECT_EQ(bad.result(), http::status::bad_request);
  EXPECT_NE(bad.body().find("\"errorType\":\"bad_data\""), std::string::npos);
}

TEST_F(Pipeline, PutFormBodyMergesAsGoParseFormDoes) {
  auto p = make();
  HttpRequest req{http::verb::put, "/api/v1/echo/x?a=1", 11};
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = "match%5B%5D=up&match%5B%5D=down";
  EXPECT_EQ(p.handle(req, "").body(), "x;a=1;match[]=up;match[]=down");
}

// Go's Request.Form lists body values before query-string ones, so the first
// value of a name is what FormValue (and Prometheus) reads.
TEST_F(Pipeline, FormBodyValuesComeBeforeQueryValues) {
  auto p = make();
  HttpRequest req{http::verb::post, "/api/v1/echo/x?q=url1&q=url2", 11};
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = "q=body";
  EXPECT_EQ(p.handle(req, "").body(), "x;q=body;q=url1;q=url2");
  req.set(http::field::content_type, "text/plain");
  EXPECT_EQ(p.handle(req, "").body(), "x;q=url1;q=url2");
}

TEST(FormValue, FirstValueOrNothing) {
  HttpRequest req{http::verb::get, "/", 11};
  RequestContext context{req, "/", {{"q", "first"}, {"q", "second"}, {"empty", ""}}, {}, "", "", {}};
  EXPECT_EQ(form_value(context, "q"), "first");
  EXPECT_EQ(form_value(context, "empty"), "");
  EXPECT_EQ(form_value(context, "absent"), std::nullopt);
}

TEST_F(Pipeline, HandlerExceptionBecomes500AndIsLogged) {
  auto p = make();
  auto res = p.handle(get("/throws"), "");
  EXPECT_EQ(res.result(), http::status::internal_server_error);
  bool logged = false;
  for (const auto& line : sink->lines()) logged |= line.find("\"error\":\"boom\"") != std::string::npos;
  EXPECT_TRUE(logged);
}

TEST_F(Pipeline, HeadKeepsLengthDropsBody) {
  auto p = make();
  auto res = p.handle(HttpRequest{http::verb::head, "/big", 11}, "");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_length], "4096");
  EXPECT_TRUE(res.body().empty());
}

TEST_F(Pipeline, GzipOnlyWhenAcceptedAndWorthIt) {
  auto p = make();
  auto req = get("/big");
  req.set(http::field::accept_encoding, "gzip");
  auto res = p.handle(req, "");
  EXPECT_EQ(res[http::field::content_encoding], "gzip");
  EXPECT_EQ(gzip_decompress(res.body(), 1 << 20).value(), std::string(4096, 'a'));
  auto small = get("/api/v1/echo/x");
  small.set(http::field::accept_encoding, "gzip");
  EXPECT_EQ(p.handle(small, "")[http::field::content_encoding], "");
}

TEST_F(Pipeline, AuthBeforeRouting) {
  config::AuthConfig auth;
  auth.bearer_tokens = {"t"};
  auto p = make(auth);
  EXPECT_EQ(p.handle(get("/no/such/route"), "").result(), http::status::unauthorized);
  EXPECT_EQ(p.handle(get("/api/v1/echo/x"), "").result(), http::status::unauthorized);
  auto req = get("/api/v1/echo/x");
  req.set(http::field::authorization, "Bearer t");
  EXPECT_EQ(p.handle(req, "").result(), http::status::ok);
  EXPECT_NE(metrics_text().find("vigil_http_requests_total{code=\"401\",handler=\"/api/v1/echo/:what\"}"),
            std::string::npos) << metrics_text();
}

TEST_F(Pipeline, CountsRequestsByHandlerAndCode) {
  auto p = make();
  p.handle(get("/api/v1/echo/a"), "");
  p.handle(get("/api/v1/echo/b"), "");
  p.handle(get("/missing"), "");
  p.handle(HttpRequest{http::verb::put, "/big", 11}, "");
  std::string text = metrics_text();
  EXPECT_NE(text.find("vigil_http_requests_total{code=\"200\",handler=\"/api/v1/echo/:what\"} 2"), std::string::npos)
      << text;
  EXPECT_NE(text.find("vigil_http_requests_total{code=\"404\",handler=\"other\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("vigil_http_requests_total{code=\"405\",handler=\"/big\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("vigil_http_requests_in_flight 0"), std::string::npos) << text;
}

TEST_F(Pipeline, CorrelationIdInLogLines) {
  auto p = make();
  auto req = get("/api/v1/echo/x");
  req.set("X-Request-ID", "corr-1");
  auto res = p.handle(req, "");
  EXPECT_EQ(res["X-Request-ID"], "corr-1");
  ASSERT_FALSE(sink->lines().empty());
  EXPECT_NE(sink->lines().back().find("\"correlation_id\":\"corr-1\""), std::string::npos) << sink->lines().back();
}

}  // namespace
}  // namespace vigil::api
