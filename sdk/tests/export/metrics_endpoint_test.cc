#include "vigil/export/metrics_endpoint.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "export/raw_client.h"
#include "vigil/exposition/format.h"

namespace vigil::exporter {
namespace {

using testing::RawClient;

class MetricsEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry.counter("requests_total", "Requests.", {"code"}).with({"200"}).inc(3);
    start({});
  }
  void start(MetricsEndpointOptions options) {
    endpoint.reset();
    options.address = "127.0.0.1";
    options.port = 0;
    auto started = MetricsEndpoint::start(registry, std::move(options));
    ASSERT_TRUE(started) << started.error();
    endpoint = std::move(*started);
  }

  metrics::Registry registry;
  std::unique_ptr<MetricsEndpoint> endpoint;
};

TEST_F(MetricsEndpointTest, ServesTextFormatByDefault) {
  RawClient client(endpoint->port());
  auto res = client.request("GET", "/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->headers["content-type"], exposition::kTextContentType);
  EXPECT_NE(res->body.find("requests_total{code=\"200\"} 3\n"), std::string::npos) << res->body;
  EXPECT_EQ(res->body.find("# EOF"), std::string::npos);
}

TEST_F(MetricsEndpointTest, ServesOpenMetricsWhenAccepted) {
  RawClient client(endpoint->port());
  auto res = client.request("GET", "/metrics", "Accept: " + std::string(exposition::kScrapeAccept) + "\r\n");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->headers["content-type"], exposition::kOpenMetricsContentType);
  EXPECT_TRUE(res->body.ends_with("# EOF\n")) << res->body;
}

TEST_F(MetricsEndpointTest, HeadHasHeadersWithoutBody) {
  RawClient client(endpoint->port());
  auto get = client.request("GET", "/metrics");
  auto head = client.request("HEAD", "/metrics");
  ASSERT_TRUE(get && head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers["content-length"], std::to_string(get->body.size()));
  EXPECT_EQ(head->headers["content-type"], exposition::kTextContentType);
  // Nothing followed the HEAD answer: the next answer parses cleanly.
  auto again = client.request("GET", "/metrics");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(MetricsEndpointTest, OtherPathIsNotFoundAndQueryStringIsIgnored) {
  RawClient client(endpoint->port());
  auto missing = client.request("GET", "/other");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto with_query = client.request("GET", "/metrics?x=1");
  ASSERT_TRUE(with_query);
  EXPECT_EQ(with_query->status, 200);
}

TEST_F(MetricsEndpointTest, ConfiguredPath) {
  start({.path = "/custom"});
  RawClient client(endpoint->port());
  EXPECT_EQ(client.request("GET", "/custom")->status, 200);
  EXPECT_EQ(client.request("GET", "/metrics")->status, 404);
}

TEST_F(MetricsEndpointTest, OtherMethodIsNotAllowed) {
  RawClient client(endpoint->port());
  auto res = client.request("DELETE", "/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->headers["allow"], "GET, HEAD");
  EXPECT_EQ(client.request("GET", "/metrics")->status, 200);  // still kept alive
}

TEST_F(MetricsEndpointTest, RequestWithBodyIsAnsweredAndClosed) {
  RawClient client(endpoint->port());
  ASSERT_TRUE(client.send("POST /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"));
  auto res = client.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->headers["connection"], "close");
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(MetricsEndpointTest, KeepAliveServesTwoRequestsOnOneConnection) {
  RawClient client(endpoint->port());
  auto first = client.request("GET", "/metrics");
  registry.counter("later_total", "Registered between scrapes.").with({}).inc();
  auto second = client.request("GET", "/metrics");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->headers.count("connection"), 0u);
  EXPECT_NE(second->body.find("later_total 1\n"), std::string::npos) << second->body;
}

TEST_F(MetricsEndpointTest, PipelinedRequestsAreAnsweredInOrder) {
  RawClient client(endpoint->port());
  ASSERT_TRUE(client.send("GET /nope HTTP/1.1\r\n\r\nGET /metrics HTTP/1.1\r\n\r\n"));
  EXPECT_EQ(client.read_response()->status, 404);
  EXPECT_EQ(client.read_response()->status, 200);
}

TEST_F(MetricsEndpointTest, ConnectionCloseIsHonoured) {
  RawClient client(endpoint->port());
  auto res = client.request("GET", "/metrics", "Connection: close\r\n");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->headers["connection"], "close");
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(MetricsEndpointTest, IdleAndPartialClientsDoNotBlockAScrape) {
  RawClient idle(endpoint->port());
  RawClient partial(endpoint->port());
  ASSERT_TRUE(idle.connected() && partial.connected());
  ASSERT_TRUE(partial.send("GET /metrics HTTP/1.1\r\nAccept: te"));
  RawClient scraper(endpoint->port());
  auto res = scraper.request("GET", "/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  // The partial request completes later and is still answered.
  ASSERT_TRUE(partial.send("xt/plain\r\n\r\n"));
  EXPECT_EQ(partial.read_response()->status, 200);
}

TEST_F(MetricsEndpointTest, ClientThatDoesNotReadDoesNotBlockAScrape) {
  auto& series = registry.gauge("many_series", "Enough series to fill the socket buffers.", {"id"});
  for (int i = 0; i < 20000; ++i) series.with({std::to_string(i)}).set(i);
  // About 7 MB of answers: more than the kernel buffers on both sides hold.
  constexpr int kPipelined = 12;
  RawClient stalled(endpoint->port(), 4096);
  std::string requests;
  for (int i = 0; i < kPipelined; ++i) requests += "GET /metrics HTTP/1.1\r\n\r\n";
  ASSERT_TRUE(stalled.send(requests));
  RawClient scraper(endpoint->port());
  auto res = scraper.request("GET", "/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  // The stalled client still gets every answer in full once it reads.
  for (int i = 0; i < kPipelined; ++i) {
    auto answer = stalled.read_response();
    ASSERT_TRUE(answer) << i;
    EXPECT_EQ(answer->body, res->body) << i;
  }
}

TEST_F(MetricsEndpointTest, ConnectionThatNeverFinishesItsRequestIsClosed) {
  start({.connection_timeout = std::chrono::milliseconds(50)});
  RawClient slow(endpoint->port());
  ASSERT_TRUE(slow.send("GET /metrics HTTP/1.1\r\n"));
  EXPECT_TRUE(slow.closed_by_peer());
}

TEST_F(MetricsEndpointTest, OversizedRequestIsRefused) {
  start({.max_request_bytes = 1024});
  RawClient client(endpoint->port());
  ASSERT_TRUE(client.send("GET /metrics HTTP/1.1\r\nX-Filler: " + std::string(4000, 'a') + "\r\n\r\n"));
  auto res = client.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 431);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(MetricsEndpointTest, MalformedRequestIsBadRequest) {
  RawClient client(endpoint->port());
  ASSERT_TRUE(client.send("NOT AN HTTP REQUEST\r\n\r\n"));
  auto res = client.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(MetricsEndpointTest, ConnectionsBeyondTheLimitAreRefused) {
  start({.max_connections = 1});
  RawClient first(endpoint->port());
  ASSERT_EQ(first.request("GET", "/metrics")->status, 200);  // the endpoint has accepted it
  RawClient second(endpoint->port());
  auto refused = second.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(first.request("GET", "/metrics")->status, 200);
}

TEST_F(MetricsEndpointTest, ShutdownWhileAClientIsConnected) {
  RawClient connected(endpoint->port());
  ASSERT_TRUE(connected.send("GET /metr"));
  endpoint.reset();
  EXPECT_TRUE(connected.closed_by_peer());
}

TEST(MetricsEndpointStart, PortInUseIsAnError) {
  metrics::Registry registry;
  auto first = MetricsEndpoint::start(registry);
  ASSERT_TRUE(first) << first.error();
  auto second = MetricsEndpoint::start(registry, {.port = (*first)->port()});
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().find("Address already in use"), std::string::npos) << second.error();
  EXPECT_NE(second.error().find("127.0.0.1:" + std::to_string((*first)->port())), std::string::npos);
}

TEST(MetricsEndpointStart, BadAddressOrPathIsAnError) {
  metrics::Registry registry;
  auto name = MetricsEndpoint::start(registry, {.address = "localhost"});
  ASSERT_FALSE(name);
  EXPECT_NE(name.error().find("not a numeric IP address"), std::string::npos) << name.error();
  auto path = MetricsEndpoint::start(registry, {.path = "metrics"});
  ASSERT_FALSE(path);
  EXPECT_NE(path.error().find("does not start with '/'"), std::string::npos) << path.error();
}

}  // namespace
}  // namespace vigil::exporter
