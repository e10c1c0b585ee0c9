// Alertmanager 0.25 itself as the oracle for template expansion: one
// receiver with two Slack integrations (the default texts, and texts using a
// user template file and the data's methods), PagerDuty and email, and a
// second receiver for another group, all pointing at local sinks. Alertmanager notifies first; then Vigil's
// integrations, built from the same configuration file with Vigil's
// templates, notify the same sinks, and each body must match Alertmanager's
// byte for byte (for email, the Subject header: the HTML is Vigil's own).
// Skipped when /usr/bin/prometheus-alertmanager is absent.

#include <gtest/gtest.h>

#include <thread>

#include "alerting/notify/alertmanager_oracle.h"
#include "support/http_sink.h"
#include "alerting/notify/notification_templates.h"
#include "alerting/notify/notifier.h"
#include "alerting/notify/smtp_sink.h"

namespace vigil::alerting::notify {
namespace {

using namespace std::chrono_literals;

constexpr const char* kUserTemplates = R"({{ define "vigil.alert_lines" }}{{ range .Alerts.Firing -}}
{{ .Labels.instance }}: {{ .Annotations.summary }} since {{ .StartsAt.Format "15:04:05.000" }}
{{ end }}{{ len .Alerts.Resolved }} resolved{{ end }}
)";

std::string oracle_config(const vigil::testing::HttpSink& sink, const testing::SmtpSink& smtp) {
  return "global:\n  smtp_smarthost: " + smtp.smarthost() +
         "\n  smtp_from: am@example.com\n  smtp_require_tls: false\n"
         "templates: ['templates/*.tmpl']\n"
         "route:\n  receiver: team-x\n  group_by: [alertname]\n  group_wait: 2s\n  group_interval: 1h\n"
         "  routes:\n  - receiver: disk\n    matchers: ['alertname=\"Disk\"']\n"
         "receivers:\n- name: disk\n  slack_configs:\n  - api_url: " +
         sink.url("/slack-disk") +
         "\n    send_resolved: true\n"
         "    pretext: '{{ range .CommonLabels.SortedPairs }}{{ .Name }} {{ end }}{{ .CommonLabels.Values }}'\n"
         "  pagerduty_configs:\n  - url: " +
         sink.url("/pagerduty-disk") +
         "\n    routing_key: abc123\n"
         "- name: team-x\n  slack_configs:\n  - api_url: " +
         sink.url("/slack-default") + "\n    send_resolved: true\n  - api_url: " + sink.url("/slack-custom") +
         "\n    text: '{{ template \"vigil.alert_lines\" . }}'\n"
         "    pretext: '{{ .CommonLabels.Names }} {{ .CommonLabels.SortedPairs.Values }} "
         "{{ (.CommonLabels.Remove .GroupLabels.Names).Names }} {{ .GroupLabels }} {{ .CommonAnnotations.Values }}'\n"
         "    footer: '{{ range .Alerts }}{{ .Fingerprint }} {{ .StartsAt }} {{ .EndsAt.IsZero }} "
         "{{ .StartsAt.Unix }} {{ .Status }} {{ .GeneratorURL }}; {{ end }}{{ .CommonLabels.missing }}. {{ .GroupLabels.SortedPairs }}'\n"
         "  pagerduty_configs:\n  - url: " +
         sink.url("/pagerduty") +
         "\n    routing_key: abc123\n"
         "  email_configs:\n  - to: ops@example.com\n    send_resolved: true\n";
}

// The Subject header line of a message.
std::string subject_of(const std::string& data) {
  const auto at = data.find("Subject: ");
  if (at == std::string::npos) return "<no subject>";
  return data.substr(at, data.find("\r\n", at) - at);
}

TEST(AlertmanagerOracle, DefaultAndUserTemplatesMatchAlertmanagers) {
  if (!testing::AlertmanagerOracle::installed()) GTEST_SKIP() << testing::kAlertmanagerBinary << " not installed";

  vigil::testing::HttpSink sink;
  testing::SmtpSink smtp({});
  testing::AlertmanagerOracle alertmanager;
  alertmanager.write("templates/vigil.tmpl", kUserTemplates);
  const std::string config_file = alertmanager.write("alertmanager.yml", oracle_config(sink, smtp));
  ASSERT_TRUE(alertmanager.start(config_file)) << alertmanager.log();

  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const std::vector<Alert> alerts = testing::oracle_alerts(now);
  // A group of one alert, two of whose labels sort before "alertname".
  // (Alertmanager sends nothing for a new group whose alerts are all
  // resolved, so this one fires.)
  const Alert disk[] = {{.labels = {{"alertname", "Disk"}, {"a_team", "storage"}, {"Zone", "z1"}},
                         .starts_at = now - 1s,
                         .ends_at = now + 1h}};
  ASSERT_TRUE(alertmanager.post(alerts)) << alertmanager.log();
  ASSERT_TRUE(alertmanager.post(disk)) << alertmanager.log();
  for (int i = 0; i < 150 && (sink.requests().size() < 5 || smtp.sessions().empty()); ++i)
    std::this_thread::sleep_for(100ms);
  ASSERT_EQ(sink.requests().size(), 5u) << alertmanager.log();
  ASSERT_EQ(smtp.sessions().size(), 1u) << alertmanager.log();

  // Vigil notifies the same sinks from the same configuration.
  auto config = load_alerting_config(config_file);
  ASSERT_TRUE(config) << config.error().message;
  auto expand = make_expand_text(*config);
  ASSERT_TRUE(expand) << expand.error().message;
  const Notification notification =
      make_notification("team-x", R"({}:{alertname="HighLatency"})", {{"alertname", "HighLatency"}},
                        notification_alerts(alerts, now + 2s), testing::kOracleExternalUrl);
  const Notification disk_notification =
      make_notification("disk", R"({}/{alertname="Disk"}:{alertname="Disk"})", {{"alertname", "Disk"}},
                        notification_alerts(disk, now + 2s), testing::kOracleExternalUrl);
  for (const auto& [receiver, sent] : {std::pair{"team-x", &notification}, std::pair{"disk", &disk_notification}}) {
    for (const Integration& integration : build_integrations(*config->receiver(receiver), *expand)) {
      const Delivery delivery = integration.notify(*sent, std::chrono::steady_clock::now() + 10s, {});
      EXPECT_TRUE(delivery.delivered) << integration.name() << ": " << delivery.last_error;
    }
  }

  const auto requests = sink.requests();
  for (const char* path : {"/slack-default", "/slack-custom", "/pagerduty", "/slack-disk", "/pagerduty-disk"}) {
    std::vector<std::string> bodies;
    for (const auto& request : requests)
      if (request.target == path) bodies.push_back(request.body);
    ASSERT_EQ(bodies.size(), 2u) << path;
    EXPECT_EQ(bodies[1], bodies[0]) << path << " (Vigil's, then Alertmanager's)";
  }
  const auto sessions = smtp.sessions();
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(subject_of(sessions[1].data), subject_of(sessions[0].data));
  EXPECT_EQ(subject_of(sessions[0].data), "Subject: [FIRING:1] HighLatency (prod)");
}

}  // namespace
}  // namespace vigil::alerting::notify
