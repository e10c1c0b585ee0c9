#include "config/schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "config/profiles.h"

namespace vigil::config {
namespace {

using ::testing::Contains;

TEST(Schema, EnvironmentNamesFollowThePath) {
  EXPECT_EQ(env_name("server.read_timeout"), "VIGIL_SERVER_READ_TIMEOUT");
  EXPECT_EQ(env_name("server.log.level"), "VIGIL_SERVER_LOG_LEVEL");
  EXPECT_EQ(env_name("storage.retention.time"), "VIGIL_STORAGE_RETENTION_TIME");
  EXPECT_EQ(env_name("server.tls.cert_file"), "VIGIL_SERVER_TLS_CERT_FILE");
}

TEST(Schema, EnvironmentNamesAreUnique) {
  std::set<std::string> names;
  for (const auto& leaf : leaves()) EXPECT_TRUE(names.insert(env_name(leaf.path)).second) << leaf.path;
  for (const auto& section : raw_sections()) EXPECT_TRUE(names.insert(env_name(section.path)).second) << section.path;
}

TEST(Schema, EveryKeyIsInATopLevelSection) {
  const auto& sections = top_level_sections();
  for (const auto& leaf : leaves()) {
    EXPECT_THAT(sections, Contains(leaf.path.substr(0, leaf.path.find('.')))) << leaf.path;
  }
  for (const auto& section : raw_sections()) {
    EXPECT_THAT(sections, Contains(section.path.substr(0, section.path.find('.')))) << section.path;
  }
}

TEST(Schema, EveryScalarParsesItsOwnDefault) {
  Config config;
  for (const auto& leaf : leaves()) {
    if (const auto* scalar = std::get_if<ScalarLeaf>(&leaf.kind)) {
      const std::string text = scalar->format(config);
      EXPECT_EQ(scalar->parse_into(config, text), std::nullopt) << leaf.path << " = " << text;
      EXPECT_EQ(scalar->format(config), text) << leaf.path;
    }
  }
}

TEST(Schema, ProfileSettingsNameScalarKeys) {
  for (const auto& profile : profiles()) {
    for (const auto& [path, value] : profile.settings) {
      const Leaf* leaf = find_leaf(path);
      ASSERT_NE(leaf, nullptr) << path;
      Config config;
      EXPECT_EQ(std::get<ScalarLeaf>(leaf->kind).parse_into(config, value), std::nullopt) << path;
    }
  }
}

TEST(Schema, Branches) {
  EXPECT_TRUE(is_branch("server"));
  EXPECT_TRUE(is_branch("server.tls"));
  EXPECT_TRUE(is_branch("alerting"));
  EXPECT_FALSE(is_branch("server.listen"));
  EXPECT_FALSE(is_branch("serv"));
  EXPECT_THAT(child_names("server.tls"), Contains("min_version"));
  EXPECT_THAT(child_names("alerting"), Contains("route"));
}

}  // namespace
}  // namespace vigil::config
