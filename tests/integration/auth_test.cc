// Bearer-token and basic authentication, and TLS, from the configuration file.

#include <gtest/gtest.h>
#include <signal.h>

#include "support/http_client.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

// bcrypt of "secret" (cost 4, to keep the test fast).
constexpr const char* kSecretHash = "$2b$04$abcdefghijklmnopqrstuu2r9OfJnfCsdneAXAGHnS4UpFFP8WIrW";

TEST(Auth, BearerTokenRequiredExceptForProbes) {
  TempDir dir;
  auto config = dir.write("vigil.yml", "server:\n  auth:\n    bearer_tokens: [\"s3cr3t-token\"]\n");
  VigilProcess vigil({"--config", config});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();

  auto missing = http_get(vigil.port(), "/metrics");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_EQ(missing->header("www-authenticate"), "Bearer realm=\"vigil\"");

  auto wrong = http_get(vigil.port(), "/metrics", {{"Authorization", "Bearer not-the-token"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);

  auto api = http_get(vigil.port(), "/api/v1/status/buildinfo", {{"Authorization", "Bearer wrong"}});
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
  EXPECT_EQ(api->body, R"({"status":"error","errorType":"unauthorized","error":"Unauthorized"})");

  auto good = http_get(vigil.port(), "/metrics", {{"Authorization", "Bearer s3cr3t-token"}});
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 200);

  auto probe = http_get(vigil.port(), "/-/healthy");
  ASSERT_TRUE(probe);
  EXPECT_EQ(probe->status, 200);

  EXPECT_EQ(vigil.stop(SIGTERM), 0);
  EXPECT_EQ(vigil.log().find("s3cr3t-token"), std::string::npos) << "token leaked into the log";
}

TEST(Auth, BasicAuthWithBcryptHash) {
  TempDir dir;
  auto config = dir.write("vigil.yml", std::string("server:\n  auth:\n    basic_auth_users:\n      alice: \"") +
                                           kSecretHash + "\"\n");
  VigilProcess vigil({"--config", config});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  // "alice:secret" and "alice:wrong" and "bob:secret" in base64.
  auto good = http_get(vigil.port(), "/metrics", {{"Authorization", "Basic YWxpY2U6c2VjcmV0"}});
  auto again = http_get(vigil.port(), "/metrics", {{"Authorization", "Basic YWxpY2U6c2VjcmV0"}});
  auto wrong = http_get(vigil.port(), "/metrics", {{"Authorization", "Basic YWxpY2U6d3Jvbmc="}});
  auto stranger = http_get(vigil.port(), "/metrics", {{"Authorization", "Basic Ym9iOnNlY3JldA=="}});
  auto garbage = http_get(vigil.port(), "/metrics", {{"Authorization", "Basic %%%"}});
  ASSERT_TRUE(good && again && wrong && stranger && garbage);
  EXPECT_EQ(good->status, 200);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(stranger->status, 401);
  EXPECT_EQ(garbage->status, 401);
  EXPECT_EQ(wrong->header("www-authenticate"), "Basic realm=\"vigil\", charset=\"UTF-8\"");
}

TEST(Auth, ServesHttpsWithConfiguredCertificate) {
  auto openssl = find_program("openssl");
  if (!openssl) GTEST_SKIP() << "openssl not installed";
  TempDir dir;
  std::string cert = (dir.path() / "cert.pem").string();
  std::string key = (dir.path() / "key.pem").string();
  auto made = run_program({*openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                           "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto config = dir.write("vigil.yml", "server:\n  tls:\n    cert_file: " + cert + "\n    key_file: " + key + "\n");
  VigilProcess vigil({"--config", config});
  ASSERT_TRUE(vigil.wait_ready(std::chrono::seconds(20), /*tls=*/true)) << vigil.log();
  auto res = https_get(vigil.port(), "/api/v1/status/buildinfo");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  // Plain HTTP to the TLS port is not answered as HTTP.
  auto plain = http_get(vigil.port(), "/-/healthy");
  EXPECT_FALSE(plain && plain->status == 200);
  EXPECT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
}

TEST(Auth, UnreadableCertificateIsAConfigError) {
  TempDir dir;
  auto config = dir.write("vigil.yml", "server:\n  tls:\n    cert_file: /nonexistent/cert.pem\n    key_file: /nonexistent/key.pem\n");
  auto result = run_vigil({"serve", "--config", config, "--listen", "127.0.0.1:" + std::to_string(free_port()),
                           "--data", (dir.path() / "data").string()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
}

}  // namespace
}  // namespace vigil::testing
