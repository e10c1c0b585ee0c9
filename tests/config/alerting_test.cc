#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/temp_config_file.h"

namespace vigil::config {
namespace {

using test_support::errors_of;
using test_support::load_yaml;
using ::testing::HasSubstr;

TEST(Alerting, ConfigFile) {
  auto config = load_yaml("alerting:\n  config_file: /etc/alertmanager.yml\n");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->alerting.config_file, "/etc/alertmanager.yml");
  EXPECT_EQ(config->alerting.inline_config.size(), 0u);
}

TEST(Alerting, InlineAlertmanagerConfiguration) {
  auto config = load_yaml(
      "alerting:\n"
      "  global:\n    resolve_timeout: 5m\n"
      "  route:\n    receiver: team\n    group_by: [alertname]\n"
      "  receivers:\n    - name: team\n"
      "  inhibit_rules: []\n"
      "  mute_time_intervals: []\n"
      "  time_intervals: []\n"
      "  templates: ['*.tmpl']\n");
  ASSERT_TRUE(config) << config.error().message;
  const YAML::Node& am = config->alerting.inline_config;
  EXPECT_EQ(am.size(), 7u);
  EXPECT_EQ(am["route"]["receiver"].as<std::string>(), "team");
  EXPECT_EQ(am["templates"][0].as<std::string>(), "*.tmpl");
}

TEST(Alerting, ConfigFileAndInlineAreExclusive) {
  EXPECT_EQ(errors_of("alerting:\n  config_file: am.yml\n  route:\n    receiver: x\n  receivers: []\n"),
            "config.yml:2: alerting.config_file: cannot be combined with Alertmanager's configuration written inline "
            "under alerting (route, receivers); use one or the other");
}

TEST(Alerting, ConfigFileFromTheEnvironmentConflictsWithInline) {
  LoadOptions options;
  options.env = {{"VIGIL_ALERTING_CONFIG_FILE", "am.yml"}};
  EXPECT_THAT(errors_of("alerting:\n  route: {receiver: x}\n", options),
              HasSubstr("env VIGIL_ALERTING_CONFIG_FILE: alerting.config_file: cannot be combined"));
}

TEST(Alerting, UnknownKeysAreRejected) {
  EXPECT_EQ(errors_of("alerting:\n  routes:\n    receiver: x\n"),
            "config.yml:2: alerting.routes: unknown key (did you mean \"route\"?)");
  EXPECT_EQ(errors_of("alerting:\n  alertmanagers: []\n"),
            "config.yml:2: alerting.alertmanagers: unknown key (known keys: config_file, global, route, receivers, "
            "inhibit_rules, mute_time_intervals, time_intervals, templates)");
}

TEST(Alerting, AlertmanagerKeysHaveTheirShapes) {
  EXPECT_EQ(errors_of("alerting:\n  route: [a]\n"), "config.yml:2: alerting.route: expected a map, got a list");
  EXPECT_EQ(errors_of("alerting:\n  receivers: {name: x}\n"),
            "config.yml:2: alerting.receivers: expected a list, got a map");
}

}  // namespace
}  // namespace vigil::config
