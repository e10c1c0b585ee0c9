#include "api/http/authenticator.h"

#include <gtest/gtest.h>

#include "core/base64.h"
#include "support/vigil_process.h"

namespace vigil::api {
namespace {

using Outcome = Authenticator::Outcome;
constexpr const char* kSecretHash = "$2b$04$abcdefghijklmnopqrstuu2r9OfJnfCsdneAXAGHnS4UpFFP8WIrW";  // "secret"

std::string basic(std::string_view user_password) { return "Basic " + base64_encode(user_password); }

TEST(Authenticator, DisabledAllowsEverything) {
  auto auth = Authenticator::create(config::AuthConfig{});
  ASSERT_TRUE(auth);
  EXPECT_FALSE(auth->enabled());
  EXPECT_EQ(auth->check("/metrics", ""), Outcome::allowed);
}

TEST(Authenticator, BearerTokens) {
  config::AuthConfig cfg;
  cfg.bearer_tokens = {"one", "two"};
  auto auth = Authenticator::create(cfg);
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->check("/metrics", "Bearer one"), Outcome::allowed);
  EXPECT_EQ(auth->check("/metrics", "bearer two"), Outcome::allowed);
  EXPECT_EQ(auth->check("/metrics", "Bearer three"), Outcome::invalid_credentials);
  EXPECT_EQ(auth->check("/metrics", "Bearer on"), Outcome::invalid_credentials);
  EXPECT_EQ(auth->check("/metrics", "Bearer"), Outcome::invalid_credentials);
  EXPECT_EQ(auth->check("/metrics", "Basic b25lOm9uZQ=="), Outcome::invalid_credentials);
  EXPECT_EQ(auth->check("/metrics", ""), Outcome::missing_credentials);
  EXPECT_EQ(auth->check("/-/ready", ""), Outcome::allowed);
  EXPECT_EQ(auth->check("/-/healthy", ""), Outcome::allowed);
  EXPECT_EQ(auth->challenge(), "Bearer realm=\"vigil\"");
}

TEST(Authenticator, TokenFile) {
  vigil::testing::TempDir dir;
  config::AuthConfig cfg;
  cfg.bearer_token_file = dir.write("token", "  from-file\n");
  auto auth = Authenticator::create(cfg);
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->check("/x", "Bearer from-file"), Outcome::allowed);

  cfg.bearer_token_file = dir.write("empty", "\n");
  EXPECT_FALSE(Authenticator::create(cfg));
  cfg.bearer_token_file = (dir.path() / "missing").string();
  auto missing = Authenticator::create(cfg);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("missing"), std::string::npos);
}

TEST(Authenticator, BasicAuthAgainstBcrypt) {
  config::AuthConfig cfg;
  cfg.basic_auth_users = {{"alice", kSecretHash}};
  auto auth = Authenticator::create(cfg);
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->check("/x", basic("alice:secret")), Outcome::allowed);
  EXPECT_EQ(auth->check("/x", basic("alice:secret")), Outcome::allowed);  // from the cache
  EXPECT_EQ(auth->check("/x", basic("alice:Secret")), Outcome::invalid_credentials);
  EXPECT_EQ(auth->check("/x", basic("bob:secret")), Outcome::invalid_credentials);
  EXPECT_EQ(auth->check("/x", basic("alicesecret")), Outcome::invalid_credentials);
  EXPECT_EQ(auth->check("/x", "Basic !!!"), Outcome::invalid_credentials);
  EXPECT_EQ(auth->check("/x", "Bearer secret"), Outcome::invalid_credentials);
  EXPECT_EQ(auth->challenge(), "Basic realm=\"vigil\", charset=\"UTF-8\"");
}

TEST(Authenticator, CustomOpenPaths) {
  config::AuthConfig cfg;
  cfg.bearer_tokens = {"t"};
  cfg.unauthenticated_paths = {};
  auto auth = Authenticator::create(cfg);
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->check("/-/ready", ""), Outcome::missing_credentials);
}

}  // namespace
}  // namespace vigil::api
