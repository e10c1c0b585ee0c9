#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/full_config.h"
#include "config/loader.h"
#include "config/schema.h"
#include "config/temp_config_file.h"

namespace vigil::config {
namespace {

using test_support::kBcryptHash;
using test_support::kFullConfigWithoutSecrets;
using test_support::load_yaml;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(ToYaml, RoundTripGivesTheSameConfiguration) {
  auto first = load_yaml(kFullConfigWithoutSecrets);
  ASSERT_TRUE(first) << first.error().message;
  const std::string printed = to_yaml(*first);
  auto second = load_yaml(printed);
  ASSERT_TRUE(second) << second.error().message << "\n" << printed;

  EXPECT_EQ(to_yaml(*second), printed);
  EXPECT_EQ(second->profile, first->profile);
  EXPECT_EQ(second->server.listen, first->server.listen);
  EXPECT_EQ(second->server.threads, first->server.threads);
  EXPECT_EQ(second->server.read_timeout, first->server.read_timeout);
  EXPECT_EQ(second->server.gzip, first->server.gzip);
  EXPECT_EQ(second->server.auth.unauthenticated_paths, first->server.auth.unauthenticated_paths);
  EXPECT_EQ(second->server.tls.client_ca_file, first->server.tls.client_ca_file);
  EXPECT_EQ(second->server.limits.max_request_body_bytes, first->server.limits.max_request_body_bytes);
  EXPECT_EQ(second->server.log.redact_patterns, first->server.log.redact_patterns);
  EXPECT_EQ(second->storage.retention.time, first->storage.retention.time);
  EXPECT_EQ(second->storage.retention.size, first->storage.retention.size);
  EXPECT_EQ(second->rule_files, first->rule_files);
  EXPECT_EQ(second->otlp.grpc_listen, first->otlp.grpc_listen);
  EXPECT_EQ(second->scrape_configs[0]["static_configs"][0]["targets"][0].as<std::string>(), "localhost:9100");
  EXPECT_EQ(second->alerting.inline_config["route"]["receiver"].as<std::string>(), "team");
  EXPECT_TRUE(second->anomaly["enabled"].as<bool>());
}

TEST(ToYaml, DefaultsRoundTrip) {
  for (auto profile : {"development", "production", "testing"}) {
    LoadOptions options;
    options.profile = profile;
    auto first = load(options);
    ASSERT_TRUE(first) << first.error().message;
    const std::string printed = to_yaml(*first);
    auto second = load_yaml(printed);
    ASSERT_TRUE(second) << second.error().message << "\n" << printed;
    EXPECT_EQ(to_yaml(*second), printed);
  }
}

TEST(ToYaml, PrintsProfileFirstAndEveryKey) {
  auto config = load({});
  ASSERT_TRUE(config);
  const std::string printed = to_yaml(*config);
  EXPECT_THAT(printed, StartsWith("profile: production\n"));
  const YAML::Node root = YAML::Load(printed);
  for (const auto& leaf : leaves()) {
    YAML::Node node = root;
    std::string_view path = leaf.path;
    for (size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
      node.reset(node[std::string(path.substr(0, dot))]);
      path.remove_prefix(dot + 1);
    }
    EXPECT_TRUE(node[std::string(path)].IsDefined()) << leaf.path;
  }
  for (auto section : {"scrape_configs", "slos", "anomaly", "health"})
    EXPECT_TRUE(root[section].IsDefined()) << section;
  EXPECT_EQ(root["server"]["read_timeout"].as<std::string>(), "30s");
  EXPECT_EQ(root["server"]["limits"]["max_request_body_bytes"].as<std::string>(), "32MiB");
  EXPECT_EQ(root["storage"]["retention"]["time"].as<std::string>(), "2w1d");
  EXPECT_EQ(root["storage"]["retention"]["size"].as<std::string>(), "0B");
}

TEST(ToYaml, SecretsAreMasked) {
  auto config = load_yaml(
      "server:\n  auth:\n    bearer_tokens: [token-one-value]\n"
      "    bearer_token_file: /run/secrets/token\n"
      "    basic_auth_users:\n      alice: \"" +
      std::string(kBcryptHash) + "\"\n");
  ASSERT_TRUE(config) << config.error().message;
  const std::string printed = to_yaml(*config);
  EXPECT_THAT(printed, Not(HasSubstr("token-one-value")));
  EXPECT_THAT(printed, Not(HasSubstr(std::string(kBcryptHash))));
  const YAML::Node auth = YAML::Load(printed)["server"]["auth"];
  EXPECT_EQ(auth["bearer_tokens"][0].as<std::string>(), "<secret>");
  EXPECT_EQ(auth["basic_auth_users"]["alice"].as<std::string>(), "<secret>");
  EXPECT_EQ(auth["bearer_token_file"].as<std::string>(), "/run/secrets/token");
}

TEST(ToYaml, PrintedSecretsDoNotLoadAsCredentials) {
  auto config = load_yaml("server:\n  auth:\n    bearer_tokens: [abc]\n");
  ASSERT_TRUE(config);
  auto again = load_yaml(to_yaml(*config));
  ASSERT_FALSE(again);
  EXPECT_THAT(again.error().message, HasSubstr("server.auth.bearer_tokens[0]: is the placeholder"));
}

TEST(ToYaml, ValuesThatLookLikeOtherTypesStayStrings) {
  LoadOptions options;
  options.env = {
      {"VIGIL_STORAGE_PATH", "~"}, {"VIGIL_SERVER_TLS_CERT_FILE", "null"}, {"VIGIL_SERVER_TLS_KEY_FILE", "true"}};
  auto first = load(options);
  ASSERT_TRUE(first) << first.error().message;
  const std::string printed = to_yaml(*first);
  auto second = load_yaml(printed);
  ASSERT_TRUE(second) << second.error().message << "\n" << printed;
  EXPECT_EQ(second->storage.path, "~");
  EXPECT_EQ(second->server.tls.cert_file, "null");
  EXPECT_EQ(second->server.tls.key_file, "true");
}

TEST(ToYaml, AlertingConfigFile) {
  auto config = load_yaml("alerting:\n  config_file: am.yml\n");
  ASSERT_TRUE(config);
  const YAML::Node alerting = YAML::Load(to_yaml(*config))["alerting"];
  EXPECT_EQ(alerting["config_file"].as<std::string>(), "am.yml");
  EXPECT_EQ(alerting.size(), 1u);
}

TEST(ToYaml, DefaultConstructedConfig) {
  auto config = load_yaml(to_yaml(Config{}));
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(config->scrape_configs.IsSequence());
}

}  // namespace
}  // namespace vigil::config
