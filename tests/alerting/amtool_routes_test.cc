// Vigil against Alertmanager's own amtool: for each configuration and label
// set, the receivers `amtool config routes test` prints must be those of
// Vigil's matching routes, in order; for each bad configuration, the reason
// `amtool check-config` gives must be Vigil's first problem. Skipped without
// amtool (Debian's prometheus-alertmanager, installed by scripts/setup).

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

// Every label set with one value (or none, for "") of each dimension.
std::vector<Labels> combinations(const std::vector<std::pair<std::string, std::vector<std::string>>>& dimensions) {
  std::vector<Labels> sets{{}};
  for (const auto& [name, values] : dimensions) {
    std::vector<Labels> next;
    for (const auto& set : sets) {
      for (const auto& value : values) {
        Labels labels = set;
        if (!value.empty()) labels[name] = value;
        next.push_back(std::move(labels));
      }
    }
    sets = std::move(next);
  }
  return sets;
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
       combinations({{"env", {"", "prod", "staging"}},
                     {"team", {"", "db", "web", "wx"}},
                     {"severity", {"", "page", "info", "warning"}},
                     {"service", {"", "api"}}})},
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

// amtool's reason: after "FAILED: ", or the first line of a yaml.v2
// "unmarshal errors" list without its "line N: ".
std::string amtool_reason(const std::string& output) {
  const size_t failed = output.find("FAILED: ");
  if (failed == std::string::npos) return "no failure in: " + output;
  std::string reason = output.substr(failed + 8);
  if (reason.starts_with("yaml: unmarshal errors:\n")) {
    reason = reason.substr(reason.find('\n') + 1);
    reason = reason.substr(reason.find(": ") + 2);
  }
  return reason.substr(0, reason.find('\n'));
}

// Vigil's first problem without its "file:line: ".
std::string vigil_reason(const std::string& message, const std::string& file) {
  std::string first = message.substr(0, message.find('\n'));
  if (first.starts_with(file + ":")) first = first.substr(first.find(": ") + 2);
  return first;
}

TEST(AmtoolCheckConfig, SameReasonsAsAlertmanager) {
  if (!std::filesystem::exists(kAmtool)) GTEST_SKIP() << "amtool not installed";
  const std::string ok_receiver = "receivers: [{name: a}]\n";
  const std::vector<std::string> configs = {
      "route: {receiver: a, matchers: ['a=b']}\n" + ok_receiver,
      "route: {}\n" + ok_receiver,
      ok_receiver,
      "route: {receiver: a, routes: [{receiver: b}]}\n" + ok_receiver,
      "route: {receiver: a}\nreceivers: [{name: a}, {name: a}]\n",
      "route: {receiver: a, routes: [{matchers: ['a']}]}\n" + ok_receiver,
      "route: {receiver: a, routes: [{matchers: ['a=\"b']}]}\n" + ok_receiver,
      "route: {receiver: a, routes: [{match: {'a-b': x}}]}\n" + ok_receiver,
      "route: {receiver: a, group_by: ['...', a]}\n" + ok_receiver,
      "route: {receiver: a, group_by: [a, a]}\n" + ok_receiver,
      "route: {receiver: a, group_by: ['a-b']}\n" + ok_receiver,
      "route: {receiver: a, repeat_interval: 0s}\n" + ok_receiver,
      "route: {receiver: a, group_wait: 1x}\n" + ok_receiver,
      "route: {receiver: a, continue: maybe}\n" + ok_receiver,
      "route: {receiver: a, foo: 1}\n" + ok_receiver,
      "route: {receiver: a, routes: [{active_time_intervals: [x]}]}\n" + ok_receiver,
      "route: {receiver: a}\nreceivers: [{name: a, webhook_configs: [{}]}]\n",
      "route: {receiver: a}\nreceivers: [{name: a, webhook_configs: [{url: 'ftp://x'}]}]\n",
      "route: {receiver: a}\nreceivers: [{name: a, webhook_configs: [{url: 'localhost:80'}]}]\n",
      "route: {receiver: a}\nreceivers: [{name: a, slack_configs: [{channel: x}]}]\n",
      "route: {receiver: a}\nreceivers: [{name: a, slack_configs: [{api_url_file: /x, api_url: 'http://x'}]}]\n",
      "route: {receiver: a}\nreceivers: [{name: a, pagerduty_configs: [{}]}]\n",
      "route: {receiver: a}\nreceivers: [{name: a, email_configs: [{}]}]\n",
      "route: {receiver: a}\nreceivers: [{name: a, email_configs: [{to: x}]}]\n",
      "route: {receiver: a}\nglobal: {smtp_smarthost: 'h:25'}\nreceivers: [{name: a, email_configs: [{to: x}]}]\n",
      "route: {receiver: a}\nreceivers: [{name: a, webhook_configs: [{url: 'http://x', http_config: "
      "{authorization: {type: basic}}}]}]\n",
      "route: {receiver: a}\n" + ok_receiver + "inhibit_rules: [{equal: ['a-b']}]\n",
      "route: {receiver: a}\n" + ok_receiver + "inhibit_rules: [{target_match_re: {a: '('}}]\n",
      "route: {receiver: a, routes: [{matchers: ['a=~\"x)\"']}]}\n" + ok_receiver,
      "route: {receiver: a, routes: [{matchers: ['a=~\"[b\"']}]}\n" + ok_receiver,
      "route: {receiver: a, routes: [{matchers: ['a=~\"**\"']}]}\n" + ok_receiver,
      "route: {receiver: a, routes: [{matchers: ['a=~\"x{2,1}\"']}]}\n" + ok_receiver,
      "route: {receiver: a, routes: [{matchers: ['a=~\"\\\\q\"']}]}\n" + ok_receiver,
      "route: {receiver: a}\n" + ok_receiver + "time_intervals: [{name: x}, {name: x}]\n",
      "route: {receiver: a, routes: [{match_re: {'a-b': x}}]}\n" + ok_receiver,
      "route: {receiver: a, routes: [{matchers: ['a-b=x']}]}\n" + ok_receiver,
      "route: {receiver: a}\nreceivers: [{name: a, webhook_configs: [{url: 'http://x', max_alerts: -1}]}]\n",
      "route: {receiver: a}\nreceivers: [{name: a, webhook_configs: [{url: 'http://x', send_resolved: 3}]}]\n",
      "route: {receiver: a}\nreceivers: [{name: a, webhook_configs: {url: 'http://x'}}]\n",
      "route: {receiver: a}\nreceivers: [{name: a, email_configs: [{to: x, from: y, smarthost: h}]}]\n",
      "route: {receiver: a}\nreceivers: [{name: a, email_configs: [{to: x, from: y, smarthost: 'a:b:25'}]}]\n",
      "route: {receiver: a}\nglobal: {smtp_smarthost: 'h:'}\n" + ok_receiver,
      "route: {receiver: a}\nglobal: {resolve_timeout: [1]}\n" + ok_receiver,
      "route: {receiver: a}\n" + ok_receiver + "time_intervals: [{time_intervals: []}]\n",
      "route: {receiver: a}\n" + ok_receiver + "time_intervals: [{name: t, time_intervals: [{weekdays: [funday]}]}]\n",
      "route: {receiver: a}\n" + ok_receiver + "time_intervals: [{name: t, time_intervals: [{years: ['x:2']}]}]\n",
      "route: {receiver: a}\n" + ok_receiver +
          "time_intervals: [{name: t, time_intervals: [{days_of_month: ['-5:-10']}]}]\n",
  };
  const auto dir = std::filesystem::path(testing::TempDir()) / "vigil_amtool_check";
  std::filesystem::create_directories(dir);
  int index = 0;
  for (const auto& text : configs) {
    const std::string file = (dir / ("bad" + std::to_string(index++) + ".yml")).string();
    std::ofstream(file) << text;
    auto config = parse_alerting_config(text, file);
    ASSERT_FALSE(config) << text;
    const std::string amtool = run(std::string(kAmtool) + " check-config " + shell_quote(file) + " 2>&1");
    EXPECT_EQ(vigil_reason(config.error().message, file), amtool_reason(amtool)) << text;
  }
}

}  // namespace
}  // namespace vigil::alerting
