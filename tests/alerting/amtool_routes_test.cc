// Vigil's route matching against Alertmanager's own: for each configuration
// and label set, the receivers `amtool config routes test` prints must be
// the receivers of Vigil's matching routes, in order. Skipped without amtool
// (Debian's prometheus-alertmanager, installed by scripts/setup).

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <gtest/gtest.h>

#include "alerting/config.h"
#include "alerting/route.h"

namespace vigil::alerting {
namespace {

constexpr const char* kAmtool = "/usr/bin/amtool";

std::string run(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return "popen failed";
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0) out.append(buffer, n);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

struct Case {
  std::string config;
  std::vector<Labels> alerts;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {R"(route:
  receiver: root
  routes:
    - matchers: ['env="prod"']
      receiver: prod
      continue: true
      routes:
        - matchers: [team=~"db|infra"]
          receiver: prod-db
        - match: {team: web}
          continue: true
        - match_re: {team: 'w.*'}
          receiver: w
    - match: {severity: page}
      receiver: pager
    - matchers: ['severity!~"info|debug"', 'service!=""']
      receiver: service
receivers: [{name: root}, {name: prod}, {name: prod-db}, {name: pager}, {name: w}, {name: service}]
)",
       {{{"env", "prod"}, {"severity", "page"}},
        {{"env", "prod"}, {"team", "db"}, {"severity", "page"}},
        {{"env", "prod"}, {"team", "web"}},
        {{"env", "prod"}, {"team", "wx"}},
        {{"x", "y"}},
        {{"severity", "warning"}, {"service", "api"}},
        {{"severity", "info"}, {"service", "api"}},
        {{"env", "staging"}, {"severity", "page"}, {"service", "db"}}}},
      {R"(route:
  receiver: default
  routes:
    - matchers: ['{alertname=~"Disk.*", quote="a,b"}']
      receiver: disks
      routes:
        - matchers: [instance=~".+"]
          receiver: instance
          continue: true
        - matchers: [instance=~".+"]
          receiver: instance2
    - matchers: [alertname=~"Disk.*"]
      receiver: disks-other
receivers: [{name: default}, {name: disks}, {name: instance}, {name: instance2}, {name: disks-other}]
)",
       {{{"alertname", "DiskFull"}, {"quote", "a,b"}},
        {{"alertname", "DiskFull"}, {"quote", "a,b"}, {"instance", "h1"}},
        {{"alertname", "DiskFull"}},
        {{"alertname", "CPU"}}}},
  };
  return all;
}

TEST(AmtoolRoutes, VigilMatchesAlertmanager) {
  if (!std::filesystem::exists(kAmtool)) GTEST_SKIP() << "amtool not installed";
  const auto dir = std::filesystem::path(testing::TempDir()) / "vigil_amtool_routes";
  std::filesystem::create_directories(dir);
  int index = 0;
  for (const auto& c : cases()) {
    const auto file = dir / ("am" + std::to_string(index++) + ".yml");
    std::ofstream(file) << c.config;
    auto config = parse_alerting_config(c.config, file.string());
    ASSERT_TRUE(config) << config.error().message;
    auto root = Route::build(config->route);
    for (const auto& labels : c.alerts) {
      std::string command = std::string(kAmtool) + " config routes test --config.file=" + shell_quote(file.string());
      std::string vigil;
      for (const auto& [name, value] : labels) command += " " + shell_quote(name + "=" + value);
      for (const Route* route : root->match(labels)) {
        if (!vigil.empty()) vigil += ',';
        vigil += route->options().receiver;
      }
      command += " 2>/dev/null";
      EXPECT_EQ(run(command), vigil) << command;
    }
  }
}

}  // namespace
}  // namespace vigil::alerting
