#include "alerting/notify/slack.h"

#include "alerting/notify/http_post.h"
#include "alerting/notify/json_fields.h"
#include "alerting/notify/secret_file.h"
#include "alerting/notify/truncate.h"

namespace vigil::alerting::notify {
Result<SlackMessage> expand_slack(const SlackConfig& config, const Notification& notification,
                                  const ExpandText& expand) {
  SlackMessage m{.link_names = config.link_names, .mrkdwn_in = config.mrkdwn_in};
  auto expanded = expand_texts({{config.channel, m.channel},
                                {config.username, m.username},
                                {config.icon_emoji, m.icon_emoji},
                                {config.icon_url, m.icon_url},
                                {config.title, m.title},
                                {config.title_link, m.title_link},
                                {config.pretext, m.pretext},
                                {config.text, m.text},
                                {config.fallback, m.fallback},
                                {config.callback_id, m.callback_id},
                                {config.footer, m.footer},
                                {config.color, m.color},
                                {config.image_url, m.image_url},
                                {config.thumb_url, m.thumb_url}},
                               notification, expand);
  if (!expanded) return std::unexpected(expanded.error());
  return m;
}

std::string slack_payload(const SlackMessage& m) {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  optional_field(json, "channel", m.channel);
  optional_field(json, "username", m.username);
  optional_field(json, "icon_emoji", m.icon_emoji);
  optional_field(json, "icon_url", m.icon_url);
  if (m.link_names) json.key("link_names").boolean(true);
  json.key("attachments").begin_array().begin_object();
  optional_field(json, "title", truncate_runes(m.title, kSlackMaxTitleRunes).text);
  optional_field(json, "title_link", m.title_link);
  optional_field(json, "pretext", m.pretext);
  json.field("text", m.text).field("fallback", m.fallback).field("callback_id", m.callback_id);
  optional_field(json, "image_url", m.image_url);
  optional_field(json, "thumb_url", m.thumb_url);
  json.field("footer", m.footer);
  optional_field(json, "color", m.color);
  json.key("mrkdwn_in").begin_array();
  if (m.mrkdwn_in.empty()) {
    json.string("fallback").string("pretext").string("text");
  } else {
    for (const std::string& field : m.mrkdwn_in) json.string(field);
  }
  json.end_array().end_object().end_array().end_object();
  out += '\n';
  return out;
}

Attempt SlackNotifier::send(const Notification& notification, Deadline deadline, const std::stop_token& stop) {
  auto message = expand_slack(config_, notification, expand_);
  if (!message) return Attempt::give_up(message.error().message);
  std::string url = config_.api_url;
  if (!config_.api_url_file.empty()) {
    auto read = read_secret_file(config_.api_url_file, "slack api url");
    if (!read) return Attempt::give_up(read.error().message);
    url = *read;
  }
  const HttpPost post{.url = url, .body = slack_payload(*message), .headers = {{"Content-Type", "application/json"}}};
  auto answer = http_post(config_.http_config, post, deadline, stop);
  if (!answer) return Attempt::retry(answer.error().message);
  return check_status(answer->status, answer->body);
}

}  // namespace vigil::alerting::notify
