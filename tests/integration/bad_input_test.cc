// Malformed HTTP, oversized requests, unknown routes: clear errors, no crash.

#include <gtest/gtest.h>
#include <signal.h>

#include "support/http_client.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.write("vigil.yml",
                         "server:\n  shutdown_timeout: 3s\n  limits:\n    max_request_body_bytes: 4KB\n    max_header_bytes: 2KB\n");
    vigil_ = std::make_unique<VigilProcess>(std::vector<std::string>{"--config", config_});
    ASSERT_TRUE(vigil_->wait_ready()) << vigil_->log();
  }
  void TearDown() override {
    // Whatever was thrown at it, the server still works and stops cleanly.
    auto res = http_get(vigil_->port(), "/-/healthy");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(vigil_->stop(SIGTERM), 0) << vigil_->log();
    // Every connection, however it ended, was closed before the shutdown deadline.
    EXPECT_EQ(vigil_->log().find("shutdown timeout"), std::string::npos) << vigil_->log();
  }
  TempDir dir_;
  std::string config_;
  std::unique_ptr<VigilProcess> vigil_;
};

TEST_F(BadInput, GarbageRequestLineGets400) {
  std::string reply = raw_exchange(vigil_->port(), "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 400 Bad Request")) << reply;
  EXPECT_NE(reply.find("malformed HTTP request"), std::string::npos) << reply;
}

TEST_F(BadInput, BadHeaderGets400) {
  std::string reply = raw_exchange(vigil_->port(), "GET / HTTP/1.1\r\nHost x\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 400 Bad Request")) << reply;
}

TEST_F(BadInput, BadContentLengthGets400) {
  std::string reply =
      raw_exchange(vigil_->port(), "POST /api/v1/status/buildinfo HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 400 Bad Request")) << reply;
}

TEST_F(BadInput, OversizedBodyGets413) {
  HttpCall call{.method = "POST", .target = "/api/v1/status/buildinfo", .headers = {}, .body = std::string(8192, 'x')};
  auto res = http_request(vigil_->port(), call);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_NE(res->body.find("max_request_body_bytes"), std::string::npos) << res->body;
}

TEST_F(BadInput, OversizedChunkedBodyGets413) {
  std::string chunk(3000, 'y');
  std::string request = "POST /api/v1/status/buildinfo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) request += "bb8\r\n" + chunk + "\r\n";
  request += "0\r\n\r\n";
  std::string reply = raw_exchange(vigil_->port(), request);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413 Payload Too Large")) << reply.substr(0, 200);
}

TEST_F(BadInput, OversizedHeadersGet431) {
  auto res = http_get(vigil_->port(), "/-/healthy", {{"X-Big", std::string(4096, 'h')}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 431);
}

TEST_F(BadInput, UnknownRouteGets404) {
  auto text = http_get(vigil_->port(), "/nope");
  auto api = http_get(vigil_->port(), "/api/v1/nope");
  ASSERT_TRUE(text && api);
  EXPECT_EQ(text->status, 404);
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(api->body, R"({"status":"error","errorType":"not_found","error":"no route for /api/v1/nope"})");
}

TEST_F(BadInput, WrongMethodGets405WithAllow) {
  HttpCall call{.method = "DELETE", .target = "/metrics"};
  auto res = http_request(vigil_->port(), call);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->header("allow"), "GET, HEAD");
}

TEST_F(BadInput, BadPercentEscapeGets400) {
  auto res = http_get(vigil_->port(), "/api/v1/status/buildinfo?x=%zz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("bad_data"), std::string::npos);
}

TEST_F(BadInput, TruncatedRequestIsDropped) {
  std::string reply = raw_exchange(vigil_->port(), "GET /metr", std::chrono::milliseconds(500));
  // The client stopped mid-request line; nothing sensible to answer, no crash.
  SUCCEED() << reply;
}

TEST(BadConfig, InvalidFileExitsWithTwoAndNamesTheLine) {
  TempDir dir;
  auto config = dir.write("vigil.yml", "server:\n  listen: 127.0.0.1:9400\n  read_timeout: soon\n");
  auto result = run_vigil({"serve", "--config", config, "--data", (dir.path() / "data").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(config + ":3: server.read_timeout:"), std::string::npos) << result.err;
}

TEST(BadConfig, UnknownFlagExitsWithTwo) {
  auto result = run_vigil({"serve", "--no-such-flag"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("no-such-flag"), std::string::npos) << result.err;
}

TEST(BadConfig, BadListenFlagExitsWithTwo) {
  TempDir dir;
  auto result = run_vigil({"serve", "--listen", "nowhere", "--data", (dir.path() / "data").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("flag --listen"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace vigil::testing
