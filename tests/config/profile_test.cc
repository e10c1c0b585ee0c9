#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/temp_config_file.h"

namespace vigil::config {
namespace {

using namespace std::chrono_literals;
using test_support::errors_of;
using test_support::load_yaml;
using ::testing::HasSubstr;

Config load_profile(const std::string& name) {
  LoadOptions options;
  options.profile = name;
  auto config = load(options);
  EXPECT_TRUE(config) << config.error().message;
  return config.value_or(Config{});
}

TEST(Profile, ProductionIsTheBuiltInDefaults) {
  const Config config = load_profile("production");
  EXPECT_EQ(config.profile, Profile::production);
  EXPECT_EQ(config.server.log.level, "info");
  EXPECT_EQ(config.server.shutdown_timeout, 30s);
  EXPECT_EQ(config.server.read_timeout, 30s);
  EXPECT_EQ(config.storage.retention.time, 15 * 24h);
}

TEST(Profile, Development) {
  const Config config = load_profile("development");
  EXPECT_EQ(config.profile, Profile::development);
  EXPECT_EQ(config.server.log.level, "debug");
  EXPECT_EQ(config.server.shutdown_timeout, 5s);
  EXPECT_EQ(config.server.read_timeout, 30s);
}

TEST(Profile, Testing) {
  const Config config = load_profile("testing");
  EXPECT_EQ(config.profile, Profile::testing);
  EXPECT_EQ(config.server.log.level, "warn");
  EXPECT_EQ(config.server.shutdown_timeout, 5s);
  EXPECT_EQ(config.server.read_timeout, 10s);
  EXPECT_EQ(config.storage.retention.time, 24h);
}

TEST(Profile, Names) {
  EXPECT_EQ(to_string(Profile::development), "development");
  EXPECT_EQ(to_string(Profile::production), "production");
  EXPECT_EQ(to_string(Profile::testing), "testing");
}

TEST(Profile, ChosenByOptionThenEnvironmentThenFile) {
  const std::string file = "profile: development\n";
  auto from_file = load_yaml(file);
  ASSERT_TRUE(from_file);
  EXPECT_EQ(from_file->profile, Profile::development);

  LoadOptions env_options;
  env_options.env = {{"VIGIL_PROFILE", "testing"}};
  auto from_env = load_yaml(file, env_options);
  ASSERT_TRUE(from_env);
  EXPECT_EQ(from_env->profile, Profile::testing);

  LoadOptions flag_options = env_options;
  flag_options.profile = "production";
  auto from_flag = load_yaml(file, flag_options);
  ASSERT_TRUE(from_flag);
  EXPECT_EQ(from_flag->profile, Profile::production);
}

TEST(Profile, EmptyEnvironmentVariableChoosesNothing) {
  LoadOptions options;
  options.env = {{"VIGIL_PROFILE", ""}};
  auto config = load_yaml("profile: testing\n", options);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->profile, Profile::testing);
}

TEST(Profile, PrecedenceProfileFileEnvironmentFlag) {
  LoadOptions options;
  options.profile = "testing";  // shutdown_timeout 5s, read_timeout 10s, log.level warn
  const std::string file = "server:\n  shutdown_timeout: 7s\n  read_timeout: 11s\n  listen: 127.0.0.1:1000\n";
  options.env = {{"VIGIL_SERVER_READ_TIMEOUT", "12s"}, {"VIGIL_SERVER_LISTEN", "127.0.0.1:2000"}};
  options.flags.listen = "127.0.0.1:3000";
  auto config = load_yaml(file, options);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server.log.level, "warn");         // profile over built-in
  EXPECT_EQ(config->server.shutdown_timeout, 7s);      // file over profile
  EXPECT_EQ(config->server.read_timeout, 12s);         // environment over file
  EXPECT_EQ(config->server.listen, "127.0.0.1:3000");  // flag over environment
}

TEST(Profile, UnknownNameListsTheValidOnes) {
  LoadOptions options;
  options.profile = "staging";
  auto config = load(options);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ErrorKind::invalid_config);
  EXPECT_EQ(config.error().message,
            "flag --profile: profile: unknown profile \"staging\"; valid profiles: development, production, testing");

  LoadOptions env_options;
  env_options.env = {{"VIGIL_PROFILE", "prod"}};
  auto from_env = load(env_options);
  ASSERT_FALSE(from_env);
  EXPECT_THAT(from_env.error().message, HasSubstr("env VIGIL_PROFILE: profile: unknown profile \"prod\""));

  EXPECT_EQ(errors_of("server:\n  gzip: true\nprofile: dev\n"),
            "config.yml:3: profile: unknown profile \"dev\"; valid profiles: development, production, testing");
  EXPECT_EQ(errors_of("profile: [testing]\n"),
            "config.yml:1: profile: expected one of development, production, testing, got a list");
}

TEST(Profile, WrongNameInFileIsReportedEvenWhenOverridden) {
  LoadOptions options;
  options.profile = "testing";
  EXPECT_THAT(errors_of("profile: dev\n", options), HasSubstr("config.yml:1: profile: unknown profile \"dev\""));
}

}  // namespace
}  // namespace vigil::config
