// The Slack and PagerDuty bodies, in the shapes Alertmanager 0.25 sends.

#include <gtest/gtest.h>

#include "support/http_sink.h"
#include "alerting/notify/pagerduty.h"
#include "alerting/notify/sample_notification.h"
#include "alerting/notify/slack.h"

namespace vigil::alerting::notify {
namespace {

using namespace std::chrono_literals;
using testing::sample_notification;

// Stands in for the template engine: texts are sent as written, except that
// "{{ .Status }}" becomes the notification's status.
Result<std::string> expand(const std::string& text, const Notification& n) {
  if (text == "{{ .Status }}") return n.status;
  if (text == "{{ fail }}")
    return std::unexpected(make_error(ErrorKind::invalid_argument, "template: no function fail"));
  return text;
}

SlackConfig slack_config() {
  return {.api_url = "http://unused",
          .channel = "#alerts",
          .username = "vigil",
          .color = "danger",
          .title = "[FIRING:1] HighLatency",
          .title_link = "http://vigil/#/alerts",
          .pretext = "",
          .text = "p99 > 1s",
          .footer = "",
          .fallback = "fb",
          .callback_id = "",
          .icon_emoji = ":fire:",
          .icon_url = "",
          .image_url = "",
          .thumb_url = ""};
}

TEST(Slack, PayloadShape) {
  auto message = expand_slack(slack_config(), sample_notification(), expand);
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(
      slack_payload(*message),
      R"({"channel":"#alerts","username":"vigil","icon_emoji":":fire:","attachments":[)"
      R"({"title":"[FIRING:1] HighLatency","title_link":"http://vigil/#/alerts","text":"p99 \u003e 1s",)"
      R"("fallback":"fb","callback_id":"","footer":"","color":"danger","mrkdwn_in":["fallback","pretext","text"]}]})"
      "\n");
}

TEST(Slack, OptionalFieldsAndTitleTruncation) {
  SlackConfig config = slack_config();
  config.title = std::string(1030, 'T');
  config.link_names = true;
  config.mrkdwn_in = {"text"};
  config.image_url = "http://img";
  config.thumb_url = "http://thumb";
  config.pretext = "pre";
  auto message = expand_slack(config, sample_notification(), expand);
  ASSERT_TRUE(message);
  const std::string body = slack_payload(*message);
  EXPECT_NE(body.find(R"("link_names":true,"attachments")"), std::string::npos) << body;
  EXPECT_NE(body.find("\"title\":\"" + std::string(1023, 'T') + "…\""), std::string::npos);
  EXPECT_NE(body.find(R"("pretext":"pre","text")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("image_url":"http://img","thumb_url":"http://thumb","footer")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("mrkdwn_in":["text"])"), std::string::npos) << body;
}

TEST(Slack, TemplateErrorsAreNotRetried) {
  vigil::testing::HttpSink sink;
  SlackConfig config = slack_config();
  config.api_url = sink.url();
  config.text = "{{ fail }}";
  Integration slack("slack", 0, true, std::make_unique<SlackNotifier>(config, expand));
  const Delivery d = slack.notify(sample_notification(), std::chrono::steady_clock::now() + 10s, {});
  EXPECT_FALSE(d.delivered);
  EXPECT_EQ(d.attempts, 1);
  EXPECT_NE(d.last_error.find("template: no function fail"), std::string::npos) << d.last_error;
  EXPECT_TRUE(sink.requests().empty());
}

TEST(Slack, PostsAndKeepsTheAnswerInErrors) {
  vigil::testing::HttpSink sink({400}, "invalid_payload");
  SlackConfig config = slack_config();
  config.api_url = sink.url("/services/T000/B000/XXXX");
  Integration slack("slack", 0, true, std::make_unique<SlackNotifier>(config, expand));
  const Delivery d = slack.notify(sample_notification(), std::chrono::steady_clock::now() + 10s, {});
  EXPECT_FALSE(d.delivered);
  EXPECT_NE(d.last_error.find("unexpected status code 400: invalid_payload"), std::string::npos) << d.last_error;
  ASSERT_EQ(sink.requests().size(), 1u);
  EXPECT_EQ(sink.requests()[0].target, "/services/T000/B000/XXXX");
}

PagerdutyConfig pagerduty_config() {
  PagerdutyConfig config;
  config.routing_key = "R0UTING";
  config.client = "Vigil";
  config.client_url = "http://vigil.example:9093";
  config.description = "{{ .Status }}";
  config.details = {{"num_firing", "1"}, {"firing", "a:9090"}};
  return config;
}

TEST(Pagerduty, DedupKeyIsTheSha256OfTheGroupKey) {
  // printf '%s' '{}/{env="prod"}:{alertname="HighLatency"}' | sha256sum
  EXPECT_EQ(pagerduty_dedup_key(testing::kGroupKey),
            "276318f60fc6ebec4945bdc759dfbf30abfdd8bd3cc2183b4ff4c9ea7a03b8aa");
}

TEST(Pagerduty, V2TriggerShape) {
  auto message = expand_pagerduty(pagerduty_config(), sample_notification(), expand);
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(pagerduty_v2_payload(*message, sample_notification()),
            R"({"routing_key":"R0UTING",)"
            R"("dedup_key":"276318f60fc6ebec4945bdc759dfbf30abfdd8bd3cc2183b4ff4c9ea7a03b8aa",)"
            R"("event_action":"trigger","payload":{"summary":"firing","source":"Vigil","severity":"error",)"
            R"("custom_details":{"firing":"a:9090","num_firing":"1"}},)"
            R"("client":"Vigil","client_url":"http://vigil.example:9093"})"
            "\n");
}

TEST(Pagerduty, V2ResolveAndOptionalFields) {
  PagerdutyConfig config = pagerduty_config();
  config.severity = "critical";
  config.source = "db-1";
  config.event_class = "latency";
  config.component = "api";
  config.group = "prod";
  config.description = std::string(2000, 'd');
  Notification resolved = sample_notification();
  resolved = with_alerts(resolved, {resolved.alerts[1]});
  auto message = expand_pagerduty(config, resolved, expand);
  ASSERT_TRUE(message);
  const std::string body = pagerduty_v2_payload(*message, resolved);
  EXPECT_NE(body.find(R"("event_action":"resolve")"), std::string::npos) << body;
  EXPECT_NE(body.find("\"summary\":\"" + std::string(1023, 'd') + "…\""), std::string::npos);
  EXPECT_NE(body.find(R"("source":"db-1","severity":"critical","class":"latency","component":"api","group":"prod",)"),
            std::string::npos)
      << body;
}

TEST(Pagerduty, OversizedDetailsAreReplaced) {
  PagerdutyConfig config = pagerduty_config();
  config.details = {{"firing", std::string(600'000, 'x')}};
  auto message = expand_pagerduty(config, sample_notification(), expand);
  ASSERT_TRUE(message);
  const std::string body = pagerduty_v2_payload(*message, sample_notification());
  EXPECT_LT(body.size(), kPagerdutyMaxEventBytes);
  EXPECT_NE(body.find(R"("custom_details":{"error":"Custom details have been removed because the original event )"
                      R"(exceeds the maximum size of 512KB"})"),
            std::string::npos)
      << body.substr(0, 400);
}

TEST(Pagerduty, V1Shape) {
  PagerdutyConfig config = pagerduty_config();
  config.routing_key.clear();
  config.service_key = "SERV1CE";
  auto message = expand_pagerduty(config, sample_notification(), expand);
  ASSERT_TRUE(message);
  EXPECT_EQ(
      pagerduty_v1_payload(*message, sample_notification()),
      R"({"service_key":"SERV1CE",)"
      R"("incident_key":"276318f60fc6ebec4945bdc759dfbf30abfdd8bd3cc2183b4ff4c9ea7a03b8aa",)"
      R"("event_type":"trigger","description":"firing","event_action":"","payload":null,)"
      R"("client":"Vigil","client_url":"http://vigil.example:9093","details":{"firing":"a:9090","num_firing":"1"}})"
      "\n");
  Notification resolved = sample_notification();
  resolved = with_alerts(resolved, {resolved.alerts[1]});
  const std::string body = pagerduty_v1_payload(*message, resolved);
  EXPECT_NE(body.find(R"("event_type":"resolve")"), std::string::npos);
  EXPECT_EQ(body.find("client"), std::string::npos) << body;
}

TEST(Pagerduty, PostsToTheConfiguredUrlAndRetries) {
  vigil::testing::HttpSink sink({503, 202});
  PagerdutyConfig config = pagerduty_config();
  config.url = sink.url("/v2/enqueue");
  Integration pd("pagerduty", 0, true, std::make_unique<PagerdutyNotifier>(config, expand));
  const Delivery d = pd.notify(sample_notification(), std::chrono::steady_clock::now() + 10s, {});
  EXPECT_TRUE(d.delivered) << d.last_error;
  EXPECT_EQ(d.attempts, 2);
  ASSERT_EQ(sink.requests().size(), 2u);
  EXPECT_EQ(sink.requests()[1].target, "/v2/enqueue");
  EXPECT_EQ(sink.requests()[1].header("content-type"), "application/json");
}

}  // namespace
}  // namespace vigil::alerting::notify
