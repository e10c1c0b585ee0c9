#include "alerting/config.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace vigil::alerting {
namespace {

std::string problems_of(std::string_view text) {
  auto config = parse_alerting_config(text, "am.yml");
  return config ? "" : config.error().message;
}

TEST(AlertingConfig, ReadsAFullConfiguration) {
  auto config = parse_alerting_config(R"(global:
  resolve_timeout: 2m
  smtp_from: am@example.org
  smtp_smarthost: smtp.example.org:587
  slack_api_url: https://hooks.slack.com/services/X
  http_config:
    bearer_token: secret
templates: ['/etc/am/*.tmpl']
route:
  receiver: team
  group_by: [alertname, cluster]
  routes:
    - matchers: ['severity="page"', 'env=~"prod|staging"']
      receiver: pager
      group_wait: 10s
      escalate: {after: 30m, receiver: team}
receivers:
  - name: team
    webhook_configs:
      - url: http://127.0.0.1:9000/hook
        max_alerts: 10
    slack_configs:
      - channel: '#alerts'
    email_configs:
      - to: team@example.org
        headers: {subject: hi}
  - name: pager
    pagerduty_configs:
      - routing_key: abc
        details: {extra: x}
inhibit_rules:
  - source_matchers: [severity="critical"]
    target_match: {severity: warning}
    equal: [alertname]
time_intervals:
  - name: weekends
    time_intervals:
      - weekdays: [saturday, sunday]
)",
                                      "am.yml");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->global.resolve_timeout, std::chrono::minutes(2));
  EXPECT_EQ(config->templates, std::vector<std::string>{"/etc/am/*.tmpl"});
  ASSERT_EQ(config->receivers.size(), 2u);
  const auto& team = *config->receiver("team");
  ASSERT_EQ(team.webhook_configs.size(), 1u);
  EXPECT_TRUE(team.webhook_configs[0].send_resolved);
  EXPECT_EQ(team.webhook_configs[0].max_alerts, 10u);
  // Notifiers without their own http_config use the global one.
  ASSERT_TRUE(team.webhook_configs[0].http_config.authorization);
  EXPECT_EQ(team.webhook_configs[0].http_config.authorization->credentials, "secret");
  ASSERT_EQ(team.slack_configs.size(), 1u);
  EXPECT_EQ(team.slack_configs[0].api_url, "https://hooks.slack.com/services/X");
  EXPECT_EQ(team.slack_configs[0].title, R"({{ template "slack.default.title" . }})");
  EXPECT_FALSE(team.slack_configs[0].send_resolved);
  ASSERT_EQ(team.email_configs.size(), 1u);
  EXPECT_EQ(team.email_configs[0].from, "am@example.org");
  EXPECT_EQ(team.email_configs[0].smarthost, "smtp.example.org:587");
  EXPECT_EQ(team.email_configs[0].hello, "localhost");
  EXPECT_TRUE(team.email_configs[0].require_tls);
  EXPECT_EQ(team.email_configs[0].headers.at("Subject"), "hi");
  const auto& pager = *config->receiver("pager");
  ASSERT_EQ(pager.pagerduty_configs.size(), 1u);
  EXPECT_EQ(pager.pagerduty_configs[0].url, "https://events.pagerduty.com/v2/enqueue");
  EXPECT_EQ(pager.pagerduty_configs[0].details.size(), 5u);
  EXPECT_EQ(pager.pagerduty_configs[0].details.at("num_firing"), "{{ .Alerts.Firing | len }}");
  ASSERT_EQ(config->route.routes.size(), 1u);
  const auto& child = config->route.routes[0];
  EXPECT_EQ(matchers_text(child.matchers), R"({env=~"prod|staging",severity="page"})");
  ASSERT_TRUE(child.escalate);
  EXPECT_EQ(child.escalate->after, std::chrono::minutes(30));
  ASSERT_EQ(config->inhibit_rules.size(), 1u);
  EXPECT_EQ(matchers_text(config->inhibit_rules[0].target_matchers), R"({severity="warning"})");
  ASSERT_NE(config->time_interval("weekends"), nullptr);
}

TEST(AlertingConfig, ReportsEveryProblemWithItsLine) {
  EXPECT_EQ(problems_of(R"(route:
  receiver: a
  foo: 1
  routes:
    - receiver: b
      matchers: ['x="y']
    - receiver: a
      group_wait: 10x
      group_by: ['...', x]
receivers:
  - name: a
  - name: a
    opsgenie_configs: [{api_key: x}]
)"),
            "am.yml:3: field foo not found in type config.plain\n"
            "am.yml:5: undefined receiver \"b\" used in route\n"
            "am.yml:6: matcher value contains unescaped double quote: \"y\n"
            "am.yml:8: not a valid duration string: \"10x\"\n"
            "am.yml:9: cannot have wildcard group_by (`...`) and other other labels at the same time\n"
            "am.yml:12: notification config name \"a\" is not unique\n"
            "am.yml:13: opsgenie_configs in receiver \"a\" is not supported by Vigil (it delivers to webhook, slack, "
            "pagerduty and email)");
}

TEST(AlertingConfig, RootRouteRules) {
  EXPECT_EQ(problems_of("receivers: [{name: a}]\n"), "am.yml:1: no routes provided");
  EXPECT_EQ(problems_of("route: {group_wait: 1s}\nreceivers: [{name: a}]\n"),
            "am.yml:1: root route must specify a default receiver");
  EXPECT_EQ(problems_of("route: {receiver: a, match: {a: b}}\nreceivers: [{name: a}]\n"),
            "am.yml:1: root route must not have any matchers");
  EXPECT_EQ(problems_of("route: {receiver: a, mute_time_intervals: [x]}\nreceivers: [{name: a}]\n"
                        "time_intervals: [{name: x}]\n"),
            "am.yml:1: root route must not have any mute time intervals");
}

TEST(AlertingConfig, ReceiverProblems) {
  const auto with = [](const std::string& receiver) {
    return problems_of("route: {receiver: a}\nreceivers:\n  - name: a\n    " + receiver + "\n");
  };
  EXPECT_EQ(with("webhook_configs: [{}]"), "am.yml:4: missing URL in webhook config");
  EXPECT_EQ(with("webhook_configs: [{url: 'ftp://x'}]"), "am.yml:4: unsupported scheme \"ftp\" for URL");
  EXPECT_EQ(with("webhook_configs: [{url: 'http://'}]"), "am.yml:4: missing host for URL");
  EXPECT_EQ(with("slack_configs: [{channel: x}]"), "am.yml:4: no global Slack API URL set either inline or in a file");
  EXPECT_EQ(with("slack_configs: [{api_url: 'http://x', fields: []}]"),
            "am.yml:4: slack_configs.fields is not supported by Vigil");
  EXPECT_EQ(with("pagerduty_configs: [{}]"), "am.yml:4: missing service or routing key in PagerDuty config");
  EXPECT_EQ(with("email_configs: [{}]"),
            "am.yml:4: missing to address in email config\nam.yml:4: no global SMTP smarthost set\n"
            "am.yml:4: no global SMTP from set");
  EXPECT_EQ(with("email_configs: [{to: a, from: b, smarthost: 'h:25', headers: {subject: a, Subject: b}}]"),
            "am.yml:4: duplicate header \"Subject\" in email config");
  EXPECT_EQ(with("webhook_configs: [{url: 'http://x', http_config: {bearer_token: x, basic_auth: {username: u}}}]"),
            "am.yml:4: at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
  EXPECT_EQ(with("webhook_configs: [{url: 'http://x', http_config: {oauth2: {}}}]"),
            "am.yml:4: http_config.oauth2 is not supported by Vigil");
  EXPECT_EQ(with("foo_configs: []"), "am.yml:4: field foo_configs not found in type config.plain");
  EXPECT_EQ(problems_of("route: {receiver: a}\nreceivers: [{}]\n"),
            "am.yml:1: undefined receiver \"a\" used in route\nam.yml:2: missing name in receiver");
}

TEST(AlertingConfig, RouteAndInhibitionProblems) {
  const auto with = [](const std::string& tail) {
    return problems_of("route:\n  receiver: a\n" + tail + "\nreceivers: [{name: a}]\n");
  };
  EXPECT_EQ(with("  routes: [{match_re: {a: '('}}]"), "am.yml:3: error parsing regexp: missing closing ): `^(?:()$`");
  EXPECT_EQ(with("  routes: [{match: {'a-b': x}}]"), "am.yml:3: invalid label name \"a-b\"");
  EXPECT_EQ(with("  group_by: [a, a]"), "am.yml:3: duplicated label \"a\" in group_by");
  EXPECT_EQ(with("  group_interval: 0s"), "am.yml:3: group_interval cannot be zero");
  EXPECT_EQ(with("  continue: maybe"), "am.yml:3: cannot unmarshal !!str `maybe` into bool");
  EXPECT_EQ(with("  routes: [{mute_time_intervals: [x]}]"), "am.yml:3: undefined time interval \"x\" used in route");
  EXPECT_EQ(with("  escalate: {after: 0s, receiver: z}"),
            "am.yml:3: escalate.after must be a positive duration\n"
            "am.yml:3: undefined receiver \"z\" used in route escalation");
  EXPECT_EQ(with("inhibit_rules: [{equal: ['a-b']}]"), "am.yml:3: \"a-b\" is not a valid label name");
}

TEST(AlertingConfig, TimeIntervalProblems) {
  const auto with = [](const std::string& interval) {
    return problems_of(
        "route: {receiver: a}\nreceivers: [{name: a}]\ntime_intervals:\n  - name: t\n"
        "    time_intervals:\n      - " +
        interval + "\n");
  };
  EXPECT_EQ(with("times: [{start_time: '10:00', end_time: '09:00'}]"),
            "am.yml:6: start time cannot be equal or greater than end time");
  EXPECT_EQ(with("times: [{start_time: '25:00', end_time: '26:00'}]"),
            "am.yml:6: couldn't parse timestamp 25:00, invalid format");
  EXPECT_EQ(with("weekdays: ['friday:monday']"), "am.yml:6: start day cannot be before end day");
  EXPECT_EQ(with("weekdays: ['a:b:c']"), "am.yml:6: couldn't parse range a:b:c, invalid format");
  EXPECT_EQ(with("days_of_month: ['-1:5']"), "am.yml:6: end day must be negative if start day is negative");
  EXPECT_EQ(with("days_of_month: ['0']"), "am.yml:6: 0 is not a valid day of the month: out of range");
  EXPECT_EQ(with("days_of_month: ['x']"), "am.yml:6: strconv.Atoi: parsing \"x\": invalid syntax");
  EXPECT_EQ(with("months: ['may:march']"), "am.yml:6: end month march is before start month may");
  EXPECT_EQ(with("months: ['foo']"), "am.yml:6: foo is not a valid month");
  EXPECT_EQ(with("years: ['2020:2019']"), "am.yml:6: end year 2019 is before start year 2020");
  EXPECT_EQ(with("location: Nowhere/X"), "am.yml:6: unknown time zone Nowhere/X");
  EXPECT_EQ(with("foo: 1"), "am.yml:6: field foo not found in type timeinterval.TimeInterval");
  EXPECT_EQ(problems_of("route: {receiver: a}\nreceivers: [{name: a}]\nmute_time_intervals: [{name: x}]\n"
                        "time_intervals: [{name: x}]\n"),
            "am.yml:4: time interval \"x\" is not unique");
}

TEST(AlertingConfig, AppliesMergeKeys) {
  auto config = parse_alerting_config(R"(route: {receiver: a}
receivers:
  - name: a
    slack_configs:
      - &slack
        api_url: http://x
        channel: '#a'
      - <<: *slack
        channel: '#b'
      - <<: [{channel: '#c'}, *slack]
)",
                                      "am.yml");
  ASSERT_TRUE(config) << config.error().message;
  const auto& slack = config->receivers[0].slack_configs;
  ASSERT_EQ(slack.size(), 3u);
  EXPECT_EQ(slack[1].api_url, "http://x");
  EXPECT_EQ(slack[1].channel, "#b");
  EXPECT_EQ(slack[2].channel, "#c");
}

TEST(AlertingConfig, AliasesCannotExplodeTheRouteTree) {
  // Each route has two copies of the previous one: 2^25 routes from 26 lines.
  std::string text = "route:\n  receiver: a\n  routes:\n    - &n0 {receiver: a}\n";
  for (int i = 1; i <= 24; ++i)
    text += "    - &n" + std::to_string(i) + " {receiver: a, routes: [*n" + std::to_string(i - 1) + ", *n" +
            std::to_string(i - 1) + "]}\n";
  text += "receivers: [{name: a}]\n";
  auto config = parse_alerting_config(text, "am.yml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("expands to more than"), std::string::npos) << config.error().message;
  // Without the file reader's alias check, the route reader stops too.
  auto from_node = alerting_config_from_yaml(YAML::Load(text), "am.yml");
  ASSERT_FALSE(from_node);
  EXPECT_EQ(from_node.error().message, "am.yml:5: more than 100000 routes");
}

TEST(AlertingConfig, SyntaxAndShapeErrors) {
  EXPECT_EQ(problems_of("route: [\n"), "am.yml:2:1: YAML syntax error: end of sequence flow not found");
  EXPECT_EQ(problems_of("- 1\n"), "am.yml:1: cannot unmarshal !!seq into config.plain");
  EXPECT_EQ(problems_of("route: {receiver: a}\nreceivers: a\n"),
            "am.yml:1: undefined receiver \"a\" used in route\n"
            "am.yml:2: cannot unmarshal !!str `a` into []*config.Receiver");
  EXPECT_EQ(problems_of("route: {receiver: a}\nroute: {receiver: a}\nreceivers: [{name: a}]\n").substr(0, 7),
            "am.yml:");
}

}  // namespace
}  // namespace vigil::alerting
