#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/temp_config_file.h"

namespace vigil::config {
namespace {

using namespace std::chrono_literals;
using test_support::load_yaml;
using ::testing::HasSubstr;

Result<Config> load_env(std::map<std::string, std::string> env) {
  LoadOptions options;
  options.env = std::move(env);
  return load(options);
}

TEST(EnvironmentOverrides, SetScalarKeys) {
  auto config = load_env({{"VIGIL_SERVER_THREADS", "4"},
                          {"VIGIL_SERVER_READ_TIMEOUT", "1h30m"},
                          {"VIGIL_SERVER_LOG_LEVEL", "error"},
                          {"VIGIL_SERVER_TLS_CERT_FILE", "c.pem"},
                          {"VIGIL_SERVER_TLS_KEY_FILE", "k.pem"},
                          {"VIGIL_SERVER_LIMITS_MAX_HEADER_BYTES", "64KB"},
                          {"VIGIL_STORAGE_RETENTION_TIME", "2w"},
                          {"VIGIL_OTLP_ENABLED", "false"},
                          {"VIGIL_ALERTING_CONFIG_FILE", "am.yml"}});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server.threads, 4u);
  EXPECT_EQ(config->server.read_timeout, 90min);
  EXPECT_EQ(config->server.log.level, "error");
  EXPECT_EQ(config->server.tls.cert_file, "c.pem");
  EXPECT_EQ(config->server.limits.max_header_bytes, 64u << 10);
  EXPECT_EQ(config->storage.retention.time, 14 * 24h);
  EXPECT_FALSE(config->otlp.enabled);
  EXPECT_EQ(config->alerting.config_file, "am.yml");
}

TEST(EnvironmentOverrides, OverrideTheFile) {
  LoadOptions options;
  options.env = {{"VIGIL_STORAGE_PATH", "/from/env"}};
  auto config = load_yaml("storage:\n  path: /from/file\n", options);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->storage.path, "/from/env");
}

TEST(EnvironmentOverrides, InvalidValueNamesTheVariable) {
  auto config = load_env({{"VIGIL_SERVER_THREADS", "x"}});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ErrorKind::invalid_config);
  EXPECT_EQ(config.error().message, "env VIGIL_SERVER_THREADS: server.threads: expected an integer, got \"x\"");
}

TEST(EnvironmentOverrides, UnknownVariableInAKnownSection) {
  auto config = load_env({{"VIGIL_SERVER_FOO", "1"}});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message, "env VIGIL_SERVER_FOO: unknown override: no configuration key has this name");

  auto typo = load_env({{"VIGIL_SERVER_LISEN", "127.0.0.1:1"}});
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().message,
            "env VIGIL_SERVER_LISEN: unknown override: no configuration key has this name "
            "(did you mean \"VIGIL_SERVER_LISTEN\"?)");

  EXPECT_FALSE(load_env({{"VIGIL_STORAGE", "x"}}));
  EXPECT_FALSE(load_env({{"VIGIL_SCRAPE_CONFIGS_JOB", "x"}}));
}

TEST(EnvironmentOverrides, ListsMapsAndYamlSectionsAreSetInTheFile) {
  auto list = load_env({{"VIGIL_SERVER_AUTH_BEARER_TOKENS", "a,b"}});
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().message,
            "env VIGIL_SERVER_AUTH_BEARER_TOKENS: server.auth.bearer_tokens: only single values can be set from the "
            "environment; set this one in the file");
  auto section = load_env({{"VIGIL_ALERTING_ROUTE", "x"}});
  ASSERT_FALSE(section);
  EXPECT_THAT(section.error().message, HasSubstr("env VIGIL_ALERTING_ROUTE: alerting.route: only single values"));
}

TEST(EnvironmentOverrides, OtherVariablesAreIgnored) {
  auto config = load_env({{"VIGIL_X", "1"},
                          {"VIGIL_CONFIG", "/etc/vigil.yml"},
                          {"VIGIL_PROFILE", "production"},
                          {"VIGIL_SERVERLESS", "1"},
                          {"HOME", "/root"},
                          {"vigil_server_threads", "x"}});
  EXPECT_TRUE(config) << config.error().message;
}

TEST(EnvironmentOverrides, EveryProblemIsReported) {
  auto config = load_env({{"VIGIL_SERVER_GZIP", "maybe"}, {"VIGIL_SERVER_THREADS", "x"}});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message,
            "env VIGIL_SERVER_GZIP: server.gzip: expected true or false, got \"maybe\"\n"
            "env VIGIL_SERVER_THREADS: server.threads: expected an integer, got \"x\"");
}

TEST(FlagOverrides, ListenAndData) {
  LoadOptions options;
  options.env = {{"VIGIL_SERVER_LISTEN", "127.0.0.1:2"}, {"VIGIL_STORAGE_PATH", "/env"}};
  options.flags.listen = "[::1]:3";
  options.flags.data = "/flag";
  auto config = load_yaml("server:\n  listen: 127.0.0.1:1\nstorage:\n  path: /file\n", options);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server.listen, "[::1]:3");
  EXPECT_EQ(config->storage.path, "/flag");
}

TEST(FlagOverrides, InvalidValueNamesTheFlag) {
  LoadOptions options;
  options.flags.listen = "nowhere";
  options.flags.data = "";
  auto config = load(options);
  ASSERT_FALSE(config);
  EXPECT_THAT(config.error().message, HasSubstr("flag --listen: server.listen: expected host:port"));
  EXPECT_THAT(config.error().message, HasSubstr("\nflag --data: storage.path: must not be empty"));
}

}  // namespace
}  // namespace vigil::config
