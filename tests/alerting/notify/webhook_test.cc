// The webhook notifier against a local HTTP sink: the body byte for byte as
// Alertmanager 0.25 writes it, truncation, authentication, retries and
// deadlines.

#include "alerting/notify/webhook.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/http_sink.h"
#include "alerting/notify/sample_notification.h"
#include "alerting/notify/test_certificate.h"

namespace vigil::alerting::notify {
namespace {

using namespace std::chrono_literals;
using vigil::testing::HttpSink;
using testing::sample_notification;

// Written by hand from Alertmanager's webhook Message and template.Data
// declarations (field order), encoding/json's rules (sorted map keys, <>&
// escaped, RFC 3339 times with trailing zeros cut) and json.Encoder's final
// newline.
constexpr std::string_view kExpectedPayload =
    R"({"receiver":"team-x","status":"firing","alerts":[)"
    R"({"status":"firing","labels":{"alertname":"HighLatency","env":"prod","instance":"a:9090"},)"
    R"("annotations":{"runbook":"r1","summary":"p99 \u003e 1s \u003cb\u003e\u0026"},)"
    R"("startsAt":"2026-12-06T09:00:00.5Z","endsAt":"0001-01-01T00:00:00Z",)"
    R"("generatorURL":"http://prom:9090/graph?g0.expr=x\u0026g0.tab=1","fingerprint":"dc7f271bd3c4ad86"},)"
    R"({"status":"resolved","labels":{"alertname":"HighLatency","env":"prod","instance":"b:9090"},)"
    R"("annotations":{"runbook":"r2","summary":"p99 \u003e 1s \u003cb\u003e\u0026"},)"
    R"("startsAt":"2026-12-06T08:00:00Z","endsAt":"2026-12-06T09:10:00.123456789Z",)"
    R"("generatorURL":"http://prom:9090/graph","fingerprint":"9067ac66ede60567"}],)"
    R"("groupLabels":{"alertname":"HighLatency"},"commonLabels":{"alertname":"HighLatency","env":"prod"},)"
    R"("commonAnnotations":{"summary":"p99 \u003e 1s \u003cb\u003e\u0026"},)"
    R"("externalURL":"http://vigil.example:9093","version":"4",)"
    R"("groupKey":"{}/{env=\"prod\"}:{alertname=\"HighLatency\"}","truncatedAlerts":0})"
    "\n";

Deadline in(std::chrono::milliseconds ms) { return std::chrono::steady_clock::now() + ms; }

Integration webhook_integration(WebhookConfig config) {
  return Integration("webhook", 0, config.send_resolved, std::make_unique<WebhookNotifier>(std::move(config)));
}

TEST(Webhook, PayloadIsAlertmanagersByteForByte) {
  EXPECT_EQ(webhook_payload(sample_notification()), kExpectedPayload);
}

TEST(Webhook, PostsThePayloadAsJson) {
  HttpSink sink;
  const Delivery delivery = webhook_integration({.url = sink.url("/hook")}).notify(sample_notification(), in(10s), {});
  EXPECT_TRUE(delivery.delivered) << delivery.last_error;
  EXPECT_EQ(delivery.attempts, 1);
  const auto requests = sink.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/hook");
  EXPECT_EQ(requests[0].header("content-type"), "application/json");
  EXPECT_TRUE(requests[0].header("user-agent").starts_with("Vigil/")) << requests[0].header("user-agent");
  EXPECT_EQ(requests[0].body, kExpectedPayload);
}

TEST(Webhook, MaxAlertsTruncatesAndCounts) {
  const Notification truncated = truncate_alerts(sample_notification(), 1);
  ASSERT_EQ(truncated.alerts.size(), 1u);
  EXPECT_EQ(truncated.truncated_alerts, 1u);
  // Common pairs are those of the alert kept, as Alertmanager computes them
  // after truncating.
  EXPECT_EQ(label_value(truncated.common_labels, "instance"), "a:9090");
  EXPECT_EQ(label_value(truncated.common_annotations, "runbook"), "r1");

  HttpSink sink;
  ASSERT_TRUE(
      webhook_integration({.url = sink.url(), .max_alerts = 1}).notify(sample_notification(), in(10s), {}).delivered);
  const std::string body = sink.requests().at(0).body;
  EXPECT_NE(body.find(R"("truncatedAlerts":1})"), std::string::npos) << body;
  EXPECT_EQ(body.find("b:9090"), std::string::npos) << body;
  EXPECT_EQ(truncate_alerts(sample_notification(), 0).alerts.size(), 2u);
  EXPECT_EQ(truncate_alerts(sample_notification(), 5).truncated_alerts, 0u);
}

TEST(Webhook, SendsBasicAuth) {
  HttpSink sink;
  WebhookConfig config{.url = sink.url()};
  config.http_config.basic_auth = HttpConfig::BasicAuth{.username = "am", .password = "s3cret"};
  ASSERT_TRUE(webhook_integration(config).notify(sample_notification(), in(10s), {}).delivered);
  EXPECT_EQ(sink.requests().at(0).header("authorization"), "Basic YW06czNjcmV0");  // base64("am:s3cret")
}

TEST(Webhook, SendsBearerCredentialsFromAFile) {
  const auto path = std::filesystem::temp_directory_path() / ("vigil-notify-token-" + std::to_string(getpid()));
  std::ofstream(path) << "tok-123\n";
  HttpSink sink;
  WebhookConfig config{.url = sink.url()};
  config.http_config.authorization = HttpConfig::Authorization{.credentials_file = path.string()};
  ASSERT_TRUE(webhook_integration(config).notify(sample_notification(), in(10s), {}).delivered);
  EXPECT_EQ(sink.requests().at(0).header("authorization"), "Bearer tok-123");
  std::filesystem::remove(path);

  // A missing file fails the attempt; as in Alertmanager, where the HTTP
  // client reads it, it is retried (it may appear).
  const Delivery missing = webhook_integration(config).notify(sample_notification(), in(800ms), {});
  EXPECT_FALSE(missing.delivered);
  EXPECT_NE(missing.last_error.find("unable to read authorization credentials file"), std::string::npos)
      << missing.last_error;
}

TEST(Webhook, PostsOverTlsCheckingTheServerName) {
  testing::TestCertificate certificate;
  if (!certificate.made()) GTEST_SKIP() << "openssl could not make a certificate";
  const auto sink = HttpSink::serving_tls(certificate.cert_file(), certificate.key_file());
  WebhookConfig config{.url = sink->url("/tls")};
  config.http_config.tls_config = {.ca_file = certificate.cert_file(), .server_name = "localhost"};
  const Delivery delivery = webhook_integration(config).notify(sample_notification(), in(10s), {});
  ASSERT_TRUE(delivery.delivered) << delivery.last_error;
  // Host is the URL's, as Go sends it; the certificate was checked against
  // server_name (it does not name 127.0.0.1).
  EXPECT_EQ(sink->requests().at(0).header("host"), "127.0.0.1:" + std::to_string(sink->port()));

  config.http_config.tls_config.server_name.clear();
  EXPECT_FALSE(webhook_integration(config).notify(sample_notification(), in(800ms), {}).delivered);
  config.http_config.tls_config = {.insecure_skip_verify = true};
  EXPECT_TRUE(webhook_integration(config).notify(sample_notification(), in(10s), {}).delivered);
}

TEST(Webhook, GoesThroughTheProxy) {
  HttpSink proxy;
  WebhookConfig config{.url = "http://receiver.invalid:8080/hook"};
  config.http_config.proxy_url = proxy.url();
  ASSERT_TRUE(webhook_integration(config).notify(sample_notification(), in(10s), {}).delivered);
  EXPECT_EQ(proxy.requests().at(0).target, "http://receiver.invalid:8080/hook");
  EXPECT_EQ(proxy.requests().at(0).body, kExpectedPayload);
}

TEST(Webhook, RetriesServerErrorsUntilDelivered) {
  HttpSink sink({500, 500, 200});
  const Delivery delivery = webhook_integration({.url = sink.url()}).notify(sample_notification(), in(20s), {});
  EXPECT_TRUE(delivery.delivered) << delivery.last_error;
  EXPECT_EQ(delivery.attempts, 3);
  EXPECT_EQ(sink.requests().size(), 3u);
}

TEST(Webhook, DoesNotRetryClientErrors) {
  HttpSink sink({400});
  const Delivery delivery = webhook_integration({.url = sink.url()}).notify(sample_notification(), in(20s), {});
  EXPECT_FALSE(delivery.delivered);
  EXPECT_EQ(delivery.attempts, 1);
  EXPECT_EQ(delivery.last_error, "webhook[0]: notify retry canceled after 1 attempts: unexpected status code 400");
  EXPECT_EQ(sink.requests().size(), 1u);
}

TEST(Webhook, RetriesTooManyRequests) {
  HttpSink sink({429, 200});
  const Delivery delivery = webhook_integration({.url = sink.url()}).notify(sample_notification(), in(20s), {});
  EXPECT_TRUE(delivery.delivered);
  EXPECT_EQ(delivery.attempts, 2);
}

TEST(Webhook, AHangingReceiverDoesNotHoldPastTheDeadline) {
  HttpSink sink({0});
  const auto start = std::chrono::steady_clock::now();
  const Delivery delivery = webhook_integration({.url = sink.url()}).notify(sample_notification(), in(1500ms), {});
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(delivery.delivered);
  EXPECT_GE(delivery.attempts, 1);
  EXPECT_NE(delivery.last_error.find("timed out"), std::string::npos) << delivery.last_error;
  EXPECT_LT(took, 2500ms);
}

TEST(Webhook, StopsPromptlyOnShutdown) {
  HttpSink sink({0});
  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(300ms);
    stop.request_stop();
  });
  const auto start = std::chrono::steady_clock::now();
  const Delivery delivery =
      webhook_integration({.url = sink.url()}).notify(sample_notification(), in(60s), stop.get_token());
  EXPECT_FALSE(delivery.delivered);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_NE(delivery.last_error.find("shutting down"), std::string::npos) << delivery.last_error;
}

TEST(Webhook, UnreachableReceiverIsRetriedUntilTheDeadline) {
  int port;
  { port = HttpSink().port(); }  // free again once the sink is gone
  const Delivery delivery = webhook_integration({.url = "http://127.0.0.1:" + std::to_string(port) + "/"})
                                .notify(sample_notification(), in(1200ms), {});
  EXPECT_FALSE(delivery.delivered);
  EXPECT_GE(delivery.attempts, 2);
  EXPECT_EQ(delivery.last_error.find("127.0.0.1:" + std::to_string(port) + "/"), std::string::npos)
      << "errors must not name the URL: " << delivery.last_error;
}

TEST(Webhook, SendResolvedFalseDropsResolvedAlerts) {
  HttpSink sink;
  auto integration = webhook_integration({.send_resolved = false, .url = sink.url()});
  ASSERT_TRUE(integration.notify(sample_notification(), in(10s), {}).delivered);
  const std::string body = sink.requests().at(0).body;
  EXPECT_EQ(body.find("b:9090"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("commonLabels":{"alertname":"HighLatency","env":"prod","instance":"a:9090"})"),
            std::string::npos)
      << body;

  // Only resolved alerts: nothing is sent.
  Notification resolved = sample_notification();
  std::vector<NotificationAlert> only_resolved{resolved.alerts[1]};
  resolved = with_alerts(resolved, only_resolved);
  const Delivery skipped = integration.notify(resolved, in(10s), {});
  EXPECT_TRUE(skipped.skipped);
  EXPECT_EQ(skipped.attempts, 0);
  EXPECT_EQ(sink.requests().size(), 1u);
}

}  // namespace
}  // namespace vigil::alerting::notify
