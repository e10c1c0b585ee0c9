// The template data, the default templates, template files and the checks
// of receiver texts. What the defaults print is checked against Alertmanager
// itself in alertmanager_templates_test.cc.

#include "alerting/notify/notification_templates.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "alerting/notify/sample_notification.h"

namespace vigil::alerting::notify {
namespace {

// Expands `text` for the sample notification with the default templates.
std::string expand(const std::string& text, const Notification& notification = testing::sample_notification()) {
  auto expand_text = make_expand_text(AlertingConfig{});
  EXPECT_TRUE(expand_text.has_value()) << expand_text.error().message;
  auto out = (*expand_text)(text, notification);
  EXPECT_TRUE(out.has_value()) << out.error().message;
  return out.value_or("<error>");
}

class TempDir {
 public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() /
              ("vigil-tmpl-" + std::to_string(getpid()) + "-" + std::to_string(counter_++))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file.string();
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

TEST(TemplateData, TopLevelFields) {
  EXPECT_EQ(expand("{{ .Receiver }} {{ .Status }} {{ len .Alerts }} {{ .ExternalURL }}"),
            "team-x firing 2 http://vigil.example:9093");
  EXPECT_EQ(expand("{{ len .Alerts.Firing }}/{{ len .Alerts.Resolved }} {{ range .Alerts.Resolved }}{{ "
                   ".Labels.instance }}{{ end }}"),
            "1/1 b:9090");
  EXPECT_EQ(
      expand("{{ .GroupLabels }} {{ .CommonLabels.env }} {{ .CommonAnnotations.summary }} {{ .CommonLabels.nope }}."),
      "map[alertname:HighLatency] prod p99 > 1s <b>& .");
}

TEST(TemplateData, AlertFields) {
  EXPECT_EQ(expand("{{ range .Alerts }}{{ .Status }} {{ .Fingerprint | len }} {{ .GeneratorURL }}\n{{ end }}"),
            "firing 16 http://prom:9090/graph?g0.expr=x&g0.tab=1\nresolved 16 http://prom:9090/graph\n");
  EXPECT_EQ(
      expand(
          R"({{ range .Alerts }}{{ .StartsAt.Format "15:04:05.000" }} {{ .EndsAt.IsZero }} {{ .EndsAt.Unix }}|{{ end }})"),
      "09:00:00.500 true -62135596800|08:00:00.000 false 1796548200|");
  EXPECT_EQ(expand("{{ (index .Alerts 0).EndsAt }}"), "0001-01-01 00:00:00 +0000 UTC");
}

TEST(TemplateData, KvMethods) {
  Notification n = testing::sample_notification();
  n.common_labels = {{"zone", "z"}, {"alertname", "A"}, {"env", "e"}};
  EXPECT_EQ(expand("{{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}", n),
            "alertname=A env=e zone=z ");
  EXPECT_EQ(expand("{{ .CommonLabels.Names }} {{ .CommonLabels.Values }}", n), "[alertname env zone] [A e z]");
  EXPECT_EQ(expand("{{ .CommonLabels.SortedPairs.Names }} {{ .CommonLabels.SortedPairs.Values }}", n),
            "[alertname env zone] [A e z]");
  EXPECT_EQ(expand("{{ (.CommonLabels.Remove .GroupLabels.Names).Names }}", n), "[env zone]");
  EXPECT_EQ(expand(R"({{ (.CommonLabels.Remove (stringSlice "env" "x")).Values }})", n), "[A z]");
}

TEST(TemplateData, MethodErrorsAreGos) {
  auto expand_text = make_expand_text(AlertingConfig{});
  ASSERT_TRUE(expand_text);
  auto bad = (*expand_text)("{{ .CommonLabels.Remove }}", testing::sample_notification());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("wrong number of args for Remove: want 1 got 0"), std::string::npos)
      << bad.error().message;
  auto missing = (*expand_text)("{{ .Nope }}", testing::sample_notification());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("can't evaluate field Nope in type *template.Data"), std::string::npos)
      << missing.error().message;
}

TEST(DefaultTemplates, SlackAndPagerduty) {
  EXPECT_EQ(expand(R"({{ template "slack.default.title" . }})"), "[FIRING:1] HighLatency (prod)");
  EXPECT_EQ(expand(R"({{ template "slack.default.fallback" . }})"),
            "[FIRING:1] HighLatency (prod) | http://vigil.example:9093/#/alerts?receiver=team-x");
  EXPECT_EQ(expand(R"({{ template "slack.default.username" . }})"), "Alertmanager");
  for (const char* empty : {"callbackid", "pretext", "iconemoji", "iconurl", "text", "footer"})
    EXPECT_EQ(expand(std::string(R"({{ template "slack.default.)") + empty + R"(" . }})"), "") << empty;
  EXPECT_EQ(expand(R"({{ template "pagerduty.default.clientURL" . }})"),
            "http://vigil.example:9093/#/alerts?receiver=team-x");
  EXPECT_EQ(expand(R"({{ template "pagerduty.default.instances" .Alerts.Resolved }})"),
            "Labels:\n - alertname = HighLatency\n - env = prod\n - instance = b:9090\nAnnotations:\n"
            " - runbook = r2\n - summary = p99 > 1s <b>&\nSource: http://prom:9090/graph\n");
}

TEST(DefaultTemplates, SubjectShapes) {
  Notification resolved = testing::sample_notification();
  resolved.status = "resolved";
  for (auto& alert : resolved.alerts) alert.status = "resolved";
  EXPECT_EQ(expand(R"({{ template "__subject" . }})", resolved), "[RESOLVED] HighLatency (prod)");
  Notification all_common = testing::sample_notification();
  all_common.common_labels = all_common.group_labels;  // nothing beyond the group: a trailing space
  EXPECT_EQ(expand(R"({{ template "email.default.subject" . }})", all_common), "[FIRING:1] HighLatency ");
  EXPECT_EQ(expand(R"({{ template "__alertmanagerURL" . }})", make_notification("a b&c", "", {}, {}, "http://x")),
            "http://x/#/alerts?receiver=a+b%26c");
}

TEST(DefaultTemplates, EmailHtmlEscapes) {
  const std::string html = expand(R"({{ template "email.default.html" . }})");
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>")) << html;
  EXPECT_NE(html.find("p99 &gt; 1s &lt;b&gt;&amp;"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>&"), std::string::npos) << html;
}

TEST(NotificationTemplates, EmptyTextIsEmpty) { EXPECT_EQ(expand(""), ""); }

TEST(NotificationTemplates, UserFilesRelativeToConfig) {
  TempDir dir;
  dir.write("tmpl/a.tmpl", R"({{ define "team.title" }}Team {{ .Receiver }}{{ end }})");
  dir.write("tmpl/b.tmpl", R"({{ define "slack.default.title" }}mine{{ end }})");
  AlertingConfig config;
  config.source = (dir.path() / "alertmanager.yml").string();
  config.templates = {"tmpl/*.tmpl", "missing/*.tmpl"};
  auto expand_text = make_expand_text(config);
  ASSERT_TRUE(expand_text) << expand_text.error().message;
  EXPECT_EQ((*expand_text)(R"({{ template "team.title" . }}: {{ template "slack.default.title" . }})",
                           testing::sample_notification())
                .value(),
            "Team team-x: mine");
}

TEST(NotificationTemplates, BadFileNamesFileAndGoError) {
  TempDir dir;
  const std::string file = dir.write("bad.tmpl", "{{ define \"x\" }}\n{{ if }}{{ end }}");
  AlertingConfig config;
  config.source = (dir.path() / "alertmanager.yml").string();
  config.templates = {"*.tmpl"};
  auto checked = check_notification_templates(config);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().kind, ErrorKind::invalid_config);
  EXPECT_EQ(checked.error().message, "template file " + file + ": template: bad.tmpl:2: missing value for if");
}

TEST(NotificationTemplates, BadGlobIsGosSyntaxError) {
  AlertingConfig config;
  config.templates = {"/tmp/x[.tmpl"};
  auto checked = check_notification_templates(config);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().message, "template glob \"/tmp/x[.tmpl\": syntax error in pattern");
}

TEST(NotificationTemplates, BadReceiverTextIsACheckError) {
  AlertingConfig config;
  config.source = "am.yml";
  Receiver receiver{.name = "team-x", .line = 7};
  receiver.slack_configs.push_back(SlackConfig{});
  receiver.slack_configs[0].title = "{{ .Status";
  receiver.pagerduty_configs.push_back(PagerdutyConfig{});
  receiver.pagerduty_configs[0].details["x"] = "{{ nosuch }}";
  config.receivers.push_back(receiver);
  auto checked = check_notification_templates(config);
  ASSERT_FALSE(checked);
  EXPECT_EQ(
      checked.error().message,
      "am.yml:7: receiver \"team-x\": slack_configs[0].title: template: :1: unclosed action\n"
      "am.yml:7: receiver \"team-x\": pagerduty_configs[0].details.x: template: :1: function \"nosuch\" not defined");
  EXPECT_FALSE(make_expand_text(config));
}

}  // namespace
}  // namespace vigil::alerting::notify
