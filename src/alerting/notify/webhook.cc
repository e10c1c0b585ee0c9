#include "alerting/notify/webhook.h"

#include "alerting/notify/http_post.h"
#include "alerting/notify/json_fields.h"
#include "alerting/notify/secret_file.h"

namespace vigil::alerting::notify {

Notification truncate_alerts(const Notification& notification, uint64_t max_alerts) {
  if (max_alerts == 0 || notification.alerts.size() <= max_alerts) return notification;
  std::vector<NotificationAlert> kept(notification.alerts.begin(),
                                      notification.alerts.begin() + static_cast<std::ptrdiff_t>(max_alerts));
  Notification truncated = with_alerts(notification, std::move(kept));
  truncated.truncated_alerts = notification.alerts.size() - max_alerts;
  return truncated;
}

std::string webhook_payload(const Notification& n) {
  std::string out;
  JsonWriter json(out);
  json.begin_object().field("receiver", n.receiver).field("status", n.status).key("alerts").begin_array();
  for (const NotificationAlert& alert : n.alerts) {
    json.begin_object().field("status", alert.status).key("labels");
    write_labels(json, alert.labels);
    json.key("annotations");
    write_labels(json, alert.annotations);
    json.field("startsAt", go_time_text(alert.starts_at))
        .field("endsAt", go_time_text(alert.ends_at))
        .field("generatorURL", alert.generator_url)
        .field("fingerprint", alert.fingerprint)
        .end_object();
  }
  json.end_array().key("groupLabels");
  write_labels(json, n.group_labels);
  json.key("commonLabels");
  write_labels(json, n.common_labels);
  json.key("commonAnnotations");
  write_labels(json, n.common_annotations);
  json.field("externalURL", n.external_url)
      .field("version", "4")
      .field("groupKey", n.group_key)
      .key("truncatedAlerts")
      .number(static_cast<int64_t>(n.truncated_alerts))
      .end_object();
  out += '\n';
  return out;
}

Attempt WebhookNotifier::send(const Notification& notification, Deadline deadline, const std::stop_token& stop) {
  std::string url = config_.url;
  if (!config_.url_file.empty()) {
    auto read = read_secret_file(config_.url_file, "webhook url");
    if (!read) return Attempt::give_up(read.error().message);
    url = *read;
  }
  const HttpPost post{.url = url,
                      .body = webhook_payload(truncate_alerts(notification, config_.max_alerts)),
                      .headers = {{"Content-Type", "application/json"}}};
  auto answer = http_post(config_.http_config, post, deadline, stop);
  if (!answer) return Attempt::retry(answer.error().message);
  // Alertmanager's webhook does not read the answer's body into the error.
  return check_status(answer->status, {});
}

}  // namespace vigil::alerting::notify
