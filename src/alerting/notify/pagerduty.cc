#include "alerting/notify/pagerduty.h"

#include <openssl/sha.h>

#include <tuple>

#include <fmt/format.h>

#include "alerting/notify/http_post.h"
#include "alerting/notify/json_fields.h"
#include "alerting/notify/secret_file.h"
#include "alerting/notify/truncate.h"

namespace vigil::alerting::notify {
namespace {

constexpr const char* kTooLarge =
    "Custom details have been removed because the original event exceeds the maximum size of 512KB";

const char* event_type(const Notification& notification) { return notification.firing() ? "trigger" : "resolve"; }

std::string v2_body(const PagerdutyMessage& m, const Notification& n,
                    const std::map<std::string, std::string>& details) {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  optional_field(json, "routing_key", m.routing_key);
  json.field("dedup_key", pagerduty_dedup_key(n.group_key)).field("event_action", event_type(n));
  json.key("payload").begin_object();
  json.field("summary", truncate_runes(m.description, kPagerdutyMaxSummaryRunes).text)
      .field("source", m.source)
      .field("severity", m.severity);
  optional_field(json, "class", m.event_class);
  optional_field(json, "component", m.component);
  optional_field(json, "group", m.group);
  if (!details.empty()) write_labels(json.key("custom_details"), details);
  json.end_object();
  optional_field(json, "client", m.client);
  optional_field(json, "client_url", m.client_url);
  json.end_object();
  out += '\n';
  return out;
}

std::string v1_body(const PagerdutyMessage& m, const Notification& n,
                    const std::map<std::string, std::string>& details) {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  optional_field(json, "service_key", m.service_key);
  json.field("incident_key", pagerduty_dedup_key(n.group_key)).field("event_type", event_type(n));
  optional_field(json, "description", truncate_runes(m.description, kPagerdutyMaxSummaryRunes).text);
  // Alertmanager's message type has these two without omitempty.
  json.field("event_action", "").key("payload").null();
  if (n.firing()) {
    optional_field(json, "client", m.client);
    optional_field(json, "client_url", m.client_url);
  }
  if (!details.empty()) write_labels(json.key("details"), details);
  json.end_object();
  out += '\n';
  return out;
}

}  // namespace

Result<PagerdutyMessage> expand_pagerduty(const PagerdutyConfig& config, const Notification& notification,
                                          const ExpandText& expand) {
  std::string routing_key = config.routing_key, service_key = config.service_key;
  for (auto [file, key, what] : {std::tuple(&config.routing_key_file, &routing_key, "pagerduty routing key"),
                                 std::tuple(&config.service_key_file, &service_key, "pagerduty service key")}) {
    if (file->empty()) continue;
    auto read = read_secret_file(*file, what);
    if (!read) return std::unexpected(read.error());
    *key = std::move(*read);
  }
  PagerdutyMessage m;
  auto expanded = expand_texts({{routing_key, m.routing_key},
                                {service_key, m.service_key},
                                {config.client, m.client},
                                {config.client_url, m.client_url},
                                {config.description, m.description},
                                {config.source, m.source},
                                {config.severity, m.severity},
                                {config.event_class, m.event_class},
                                {config.component, m.component},
                                {config.group, m.group}},
                               notification, expand);
  if (!expanded) return std::unexpected(expanded.error());
  auto details = expand_values(config.details, notification, expand);
  if (!details) return std::unexpected(details.error());
  m.details = std::move(*details);
  if (config.source.empty()) m.source = m.client;
  if (config.severity.empty()) m.severity = "error";
  return m;
}

std::string pagerduty_dedup_key(std::string_view group_key) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(group_key.data()), group_key.size(), digest);
  std::string hex;
  for (unsigned char byte : digest) hex += fmt::format("{:02x}", byte);
  return hex;
}

std::string pagerduty_v2_payload(const PagerdutyMessage& message, const Notification& notification) {
  std::string body = v2_body(message, notification, message.details);
  if (body.size() > kPagerdutyMaxEventBytes) body = v2_body(message, notification, {{"error", kTooLarge}});
  return body;
}

std::string pagerduty_v1_payload(const PagerdutyMessage& message, const Notification& notification) {
  std::string body = v1_body(message, notification, message.details);
  if (body.size() > kPagerdutyMaxEventBytes) body = v1_body(message, notification, {{"error", kTooLarge}});
  return body;
}

Attempt PagerdutyNotifier::send(const Notification& notification, Deadline deadline, const std::stop_token& stop) {
  auto message = expand_pagerduty(config_, notification, expand_);
  if (!message) return Attempt::give_up(message.error().message);
  const bool v1_event = v1();
  const HttpPost post{
      .url = v1_event ? std::string(kPagerdutyV1Url) : config_.url,
      .body = v1_event ? pagerduty_v1_payload(*message, notification) : pagerduty_v2_payload(*message, notification),
      .headers = {{"Content-Type", "application/json"}}};
  auto answer = http_post(config_.http_config, post, deadline, stop);
  if (!answer) return Attempt::retry(answer.error().message);
  // Rate limits: v1 answers 403, v2 429 (which check_status retries anyway).
  static constexpr long kV1Retry[] = {403};
  return check_status(answer->status, answer->body,
                      v1_event ? std::span<const long>(kV1Retry) : std::span<const long>{});
}

}  // namespace vigil::alerting::notify
