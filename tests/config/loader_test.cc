#include "config/loader.h"

#include <gtest/gtest.h>

#include "config/full_config.h"
#include "config/temp_config_file.h"

namespace vigil::config {
namespace {

using namespace std::chrono_literals;
using test_support::load_yaml;

TEST(Load, WithoutFileGivesBuiltInDefaults) {
  auto config = load({});
  ASSERT_TRUE(config) << config.error().message;
  const Config defaults;
  EXPECT_EQ(config->profile, Profile::production);
  EXPECT_EQ(config->source, "");
  EXPECT_EQ(config->server.listen, defaults.server.listen);
  EXPECT_EQ(config->server.read_timeout, 30s);
  EXPECT_EQ(config->server.limits.max_request_body_bytes, 32ULL << 20);
  EXPECT_EQ(config->server.auth.unauthenticated_paths, defaults.server.auth.unauthenticated_paths);
  EXPECT_EQ(config->storage.path, "./data");
  EXPECT_EQ(config->storage.retention.time, 15 * 24h);
  EXPECT_TRUE(config->otlp.enabled);
}

TEST(Load, SectionsKeptAsYamlAreEmptyWhenAbsent) {
  auto config = load({});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(config->scrape_configs.IsSequence());
  EXPECT_EQ(config->scrape_configs.size(), 0u);
  EXPECT_TRUE(config->slos.IsSequence());
  EXPECT_TRUE(config->anomaly.IsMap());
  EXPECT_TRUE(config->health.IsMap());
  EXPECT_TRUE(config->alerting.inline_config.IsMap());
  EXPECT_EQ(config->alerting.inline_config.size(), 0u);
}

TEST(Load, EmptyFileAndCommentsOnlyGiveDefaults) {
  for (auto text : {"", "# nothing here\n\n   # still nothing\n", "---\n"}) {
    auto config = load_yaml(text);
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->server.listen, Config{}.server.listen);
  }
}

TEST(Load, NullValueKeepsTheDefault) {
  auto config = load_yaml("server:\n  listen:\n  threads: ~\n  tls:\nscrape_configs:\nanomaly: ~\n");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server.listen, Config{}.server.listen);
  EXPECT_TRUE(config->scrape_configs.IsSequence());
  EXPECT_TRUE(config->anomaly.IsMap());
}

TEST(Load, FullFile) {
  test_support::TempConfigFile file(test_support::kFullConfigWithoutSecrets);
  LoadOptions options;
  options.file = file.path();
  auto config = load(options);
  ASSERT_TRUE(config) << config.error().message;
  const Config& c = *config;
  EXPECT_EQ(c.source, file.path());
  EXPECT_EQ(c.profile, Profile::development);
  EXPECT_EQ(c.server.listen, "0.0.0.0:9500");
  EXPECT_EQ(c.server.threads, 8u);
  EXPECT_EQ(c.server.read_timeout, 1min);
  EXPECT_EQ(c.server.write_timeout, 2min);
  EXPECT_EQ(c.server.idle_timeout, 5min);
  EXPECT_EQ(c.server.shutdown_timeout, 20s);
  EXPECT_FALSE(c.server.gzip);
  EXPECT_TRUE(c.server.admin_api);
  EXPECT_EQ(c.server.auth.bearer_token_file, "/etc/vigil/token");
  EXPECT_EQ(c.server.auth.unauthenticated_paths, std::vector<std::string>{"/-/healthy"});
  EXPECT_EQ(c.server.tls.cert_file, "/etc/vigil/tls.crt");
  EXPECT_EQ(c.server.tls.key_file, "/etc/vigil/tls.key");
  EXPECT_EQ(c.server.tls.client_ca_file, "/etc/vigil/ca.crt");
  EXPECT_EQ(c.server.tls.min_version, "TLS13");
  EXPECT_EQ(c.server.limits.max_request_body_bytes, 64ULL << 20);
  EXPECT_EQ(c.server.limits.max_header_bytes, 32ULL << 10);
  EXPECT_EQ(c.server.limits.max_connections, 500u);
  EXPECT_EQ(c.server.log.level, "error");  // the file wins over the development profile
  EXPECT_EQ(c.server.log.redact_keys, (std::vector<std::string>{"session_id", "api_key"}));
  EXPECT_EQ(c.server.log.redact_patterns, std::vector<std::string>{"sk-[A-Za-z0-9]{20,}"});
  EXPECT_EQ(c.storage.path, "/var/lib/vigil");
  EXPECT_EQ(c.storage.retention.time, 30 * 24h);
  EXPECT_EQ(c.storage.retention.size, 100ULL << 30);
  ASSERT_EQ(c.scrape_configs.size(), 1u);
  EXPECT_EQ(c.scrape_configs[0]["job_name"].as<std::string>(), "node");
  EXPECT_EQ(c.rule_files, (std::vector<std::string>{"rules/*.yml", "alerts.yml"}));
  EXPECT_EQ(c.alerting.config_file, "");
  EXPECT_EQ(c.alerting.inline_config["route"]["receiver"].as<std::string>(), "team");
  EXPECT_TRUE(c.alerting.inline_config["receivers"].IsSequence());
  EXPECT_FALSE(c.otlp.enabled);
  EXPECT_EQ(c.otlp.http_listen, "127.0.0.1:14318");
  EXPECT_EQ(c.otlp.grpc_listen, "[::1]:14317");
  EXPECT_EQ(c.slos.size(), 1u);
  EXPECT_TRUE(c.anomaly["enabled"].as<bool>());
  EXPECT_TRUE(c.health["checks"].IsSequence());
}

TEST(Load, SecretsAndPlainByteCounts) {
  auto config =
      load_yaml(std::string("server:\n  auth:\n    bearer_tokens: [abc, def]\n    basic_auth_users:\n      alice: \"") +
                std::string(test_support::kBcryptHash) + "\"\n  limits:\n    max_header_bytes: 2048\n");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server.auth.bearer_tokens, (std::vector<std::string>{"abc", "def"}));
  EXPECT_EQ(config->server.auth.basic_auth_users.at("alice"), test_support::kBcryptHash);
  EXPECT_TRUE(config->server.auth.enabled());
  EXPECT_EQ(config->server.limits.max_header_bytes, 2048u);
}

TEST(Load, ListenAddressForms) {
  for (auto address : {"localhost:80", "[::]:9400", "[fe80::1%eth0]:1", "0.0.0.0:0", "host.example:65535"}) {
    auto config = load_yaml("server:\n  listen: \"" + std::string(address) + "\"\n");
    ASSERT_TRUE(config) << address << ": " << config.error().message;
    EXPECT_EQ(config->server.listen, address);
  }
}

TEST(ProcessEnvironment, ReadsTheEnvironment) {
  ::setenv("VIGIL_CONFIG_TEST_VARIABLE", "a=b", 1);
  auto env = process_environment();
  ::unsetenv("VIGIL_CONFIG_TEST_VARIABLE");
  ASSERT_TRUE(env.contains("VIGIL_CONFIG_TEST_VARIABLE"));
  EXPECT_EQ(env.at("VIGIL_CONFIG_TEST_VARIABLE"), "a=b");
}

}  // namespace
}  // namespace vigil::config
