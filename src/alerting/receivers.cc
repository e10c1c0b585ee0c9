// Receivers and their notifier configurations, Alertmanager's defaults and
// global fallbacks applied when they are read.

#include <cctype>

#include "alerting/config_sections.h"

namespace vigil::alerting {
namespace {

// Alertmanager's notifiers that Vigil does not deliver to: refused by name.
constexpr const char* kUnsupportedNotifiers[] = {"opsgenie_configs",  "wechat_configs",  "pushover_configs",
                                                 "victorops_configs", "sns_configs",     "telegram_configs",
                                                 "webex_configs",     "discord_configs", "msteams_configs"};

// Each entry of the list under `key` that is a mapping.
template <class Read>
void each_config(YamlReader& in, const YAML::Node& receiver, const char* key, const char* go_type, Read read) {
  const YAML::Node list = receiver[key];
  if (!in.sequence(list, go_type)) return;
  for (const auto& item : list)
    if (in.map(item, "config.plain")) read(item);
}

// A notifier's http_config, or the global one.
HttpConfig http_config_or(YamlReader& in, const YAML::Node& node, const GlobalConfig& global) {
  if (!node["http_config"]) return global.http_config;
  return read_http_config(in, node["http_config"]).value_or(global.http_config);
}

// textproto.CanonicalMIMEHeaderKey: upper case after the start and each '-'.
std::string canonical_header(const std::string& name) {
  for (char c : name)
    if (c == ' ' || static_cast<unsigned char>(c) >= 0x80) return name;  // Go leaves such keys as they are
  std::string out = name;
  bool upper = true;
  for (auto& c : out) {
    c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c))
                                : std::tolower(static_cast<unsigned char>(c)));
    upper = c == '-';
  }
  return out;
}

WebhookConfig read_webhook(YamlReader& in, const YAML::Node& node, const GlobalConfig& global) {
  in.check_keys(node, {"send_resolved", "http_config", "url", "url_file", "max_alerts"});
  WebhookConfig webhook;
  in.read(node, "send_resolved", webhook.send_resolved);
  webhook.http_config = http_config_or(in, node, global);
  if (in.read(node, "url", webhook.url)) check_url(in, node["url"], webhook.url);
  in.read(node, "url_file", webhook.url_file);
  if (webhook.url.empty() && webhook.url_file.empty()) in.problem(node, "missing URL in webhook config");
  if (!webhook.url.empty() && !webhook.url_file.empty())
    in.problem(node, "at most one of url & url_file must be configured");
  in.read(node, "max_alerts", webhook.max_alerts);
  return webhook;
}

SlackConfig read_slack(YamlReader& in, const YAML::Node& node, const GlobalConfig& global) {
  in.check_keys(node, {"send_resolved", "http_config", "api_url",    "api_url_file", "channel",    "username",
                       "color",         "title",       "title_link", "pretext",      "text",       "fields",
                       "short_fields",  "footer",      "fallback",   "callback_id",  "icon_emoji", "icon_url",
                       "image_url",     "thumb_url",   "link_names", "mrkdwn_in",    "actions"});
  SlackConfig slack;
  for (const char* unsupported : {"fields", "actions"})
    if (node[unsupported])
      in.problem(node[unsupported], std::string("slack_configs.") + unsupported + " is not supported by Vigil");
  in.read(node, "send_resolved", slack.send_resolved);
  slack.http_config = http_config_or(in, node, global);
  if (in.read(node, "api_url", slack.api_url)) check_url(in, node["api_url"], slack.api_url);
  in.read(node, "api_url_file", slack.api_url_file);
  if (!slack.api_url.empty() && !slack.api_url_file.empty())
    in.problem(node, "at most one of api_url & api_url_file must be configured");
  if (slack.api_url.empty() && slack.api_url_file.empty()) {
    if (global.slack_api_url.empty() && global.slack_api_url_file.empty())
      in.problem(node, "no global Slack API URL set either inline or in a file");
    slack.api_url = global.slack_api_url;
    slack.api_url_file = global.slack_api_url_file;
  }
  in.read(node, "channel", slack.channel);
  in.read(node, "username", slack.username);
  in.read(node, "color", slack.color);
  in.read(node, "title", slack.title);
  in.read(node, "title_link", slack.title_link);
  in.read(node, "pretext", slack.pretext);
  in.read(node, "text", slack.text);
  in.read(node, "footer", slack.footer);
  in.read(node, "fallback", slack.fallback);
  in.read(node, "callback_id", slack.callback_id);
  in.read(node, "icon_emoji", slack.icon_emoji);
  in.read(node, "icon_url", slack.icon_url);
  in.read(node, "image_url", slack.image_url);
  in.read(node, "thumb_url", slack.thumb_url);
  in.read(node, "link_names", slack.link_names);
  in.read(node, "short_fields", slack.short_fields);
  in.read(node, "mrkdwn_in", slack.mrkdwn_in);
  return slack;
}

PagerdutyConfig read_pagerduty(YamlReader& in, const YAML::Node& node, const GlobalConfig& global) {
  in.check_keys(node, {"send_resolved", "http_config", "service_key", "service_key_file", "routing_key",
                       "routing_key_file", "url", "client", "client_url", "description", "details", "images", "links",
                       "source", "severity", "class", "component", "group"});
  PagerdutyConfig pd;
  for (const char* unsupported : {"images", "links"})
    if (node[unsupported])
      in.problem(node[unsupported], std::string("pagerduty_configs.") + unsupported + " is not supported by Vigil");
  in.read(node, "send_resolved", pd.send_resolved);
  pd.http_config = http_config_or(in, node, global);
  in.read(node, "routing_key", pd.routing_key);
  in.read(node, "routing_key_file", pd.routing_key_file);
  in.read(node, "service_key", pd.service_key);
  in.read(node, "service_key_file", pd.service_key_file);
  if (pd.routing_key.empty() && pd.service_key.empty() && pd.routing_key_file.empty() && pd.service_key_file.empty())
    in.problem(node, "missing service or routing key in PagerDuty config");
  if (!pd.routing_key.empty() && !pd.routing_key_file.empty())
    in.problem(node, "at most one of routing_key & routing_key_file must be configured");
  if (!pd.service_key.empty() && !pd.service_key_file.empty())
    in.problem(node, "at most one of service_key & service_key_file must be configured");
  pd.url = global.pagerduty_url;
  if (in.read(node, "url", pd.url)) check_url(in, node["url"], pd.url);
  in.read(node, "client", pd.client);
  in.read(node, "client_url", pd.client_url);
  in.read(node, "description", pd.description);
  in.read(node, "source", pd.source);
  in.read(node, "severity", pd.severity);
  in.read(node, "class", pd.event_class);
  in.read(node, "component", pd.component);
  in.read(node, "group", pd.group);
  in.read(node, "details", pd.details);
  // Alertmanager's default details, unless given.
  pd.details.try_emplace("firing", R"({{ template "pagerduty.default.instances" .Alerts.Firing }})");
  pd.details.try_emplace("resolved", R"({{ template "pagerduty.default.instances" .Alerts.Resolved }})");
  pd.details.try_emplace("num_firing", "{{ .Alerts.Firing | len }}");
  pd.details.try_emplace("num_resolved", "{{ .Alerts.Resolved | len }}");
  return pd;
}

EmailConfig read_email(YamlReader& in, const YAML::Node& node, const GlobalConfig& global) {
  in.check_keys(node, {"send_resolved", "to", "from", "hello", "smarthost", "auth_username", "auth_password",
                       "auth_secret", "auth_identity", "headers", "html", "text", "require_tls", "tls_config"});
  EmailConfig email;
  in.read(node, "send_resolved", email.send_resolved);
  if (!in.read(node, "to", email.to) || email.to.empty()) in.problem(node, "missing to address in email config");
  std::map<std::string, std::string> headers;
  in.read(node, "headers", headers);
  for (const auto& [name, value] : headers) {
    const std::string canonical = canonical_header(name);
    if (!email.headers.emplace(canonical, value).second)
      in.problem(node["headers"], "duplicate header \"" + canonical + "\" in email config");
  }
  email.headers.try_emplace("Subject", R"({{ template "email.default.subject" . }})");
  in.read(node, "html", email.html);
  in.read(node, "text", email.text);
  if (in.read(node, "smarthost", email.smarthost)) check_host_port(in, node["smarthost"], email.smarthost);
  if (email.smarthost.empty()) {
    if (global.smtp_smarthost.empty()) in.problem(node, "no global SMTP smarthost set");
    email.smarthost = global.smtp_smarthost;
  }
  in.read(node, "from", email.from);
  if (email.from.empty()) {
    if (global.smtp_from.empty()) in.problem(node, "no global SMTP from set");
    email.from = global.smtp_from;
  }
  const auto fallback = [&](const char* key, std::string& out, const std::string& global_value) {
    in.read(node, key, out);
    if (out.empty()) out = global_value;
  };
  fallback("hello", email.hello, global.smtp_hello);
  fallback("auth_username", email.auth_username, global.smtp_auth_username);
  fallback("auth_password", email.auth_password, global.smtp_auth_password);
  fallback("auth_secret", email.auth_secret, global.smtp_auth_secret);
  fallback("auth_identity", email.auth_identity, global.smtp_auth_identity);
  email.require_tls = global.smtp_require_tls;
  in.read(node, "require_tls", email.require_tls);
  read_tls_config(in, node["tls_config"], email.tls_config);
  return email;
}

}  // namespace

Receiver read_receiver(YamlReader& in, const YAML::Node& node, const GlobalConfig& global) {
  Receiver receiver;
  receiver.line = node.Mark().line + 1;
  in.check_keys(node, {"name", "webhook_configs", "slack_configs", "pagerduty_configs", "email_configs",
                       "opsgenie_configs", "wechat_configs", "pushover_configs", "victorops_configs", "sns_configs",
                       "telegram_configs", "webex_configs", "discord_configs", "msteams_configs"});
  in.read(node, "name", receiver.name);
  if (receiver.name.empty()) in.problem(node, "missing name in receiver");
  for (const char* key : kUnsupportedNotifiers)
    if (node[key])
      in.problem(node[key], std::string(key) + " in receiver " + config::quoted(receiver.name) +
                                " is not supported by Vigil (it delivers to webhook, slack, pagerduty and email)");
  each_config(in, node, "webhook_configs", "[]*config.WebhookConfig",
              [&](const YAML::Node& item) { receiver.webhook_configs.push_back(read_webhook(in, item, global)); });
  each_config(in, node, "slack_configs", "[]*config.SlackConfig",
              [&](const YAML::Node& item) { receiver.slack_configs.push_back(read_slack(in, item, global)); });
  each_config(in, node, "pagerduty_configs", "[]*config.PagerdutyConfig",
              [&](const YAML::Node& item) { receiver.pagerduty_configs.push_back(read_pagerduty(in, item, global)); });
  each_config(in, node, "email_configs", "[]*config.EmailConfig",
              [&](const YAML::Node& item) { receiver.email_configs.push_back(read_email(in, item, global)); });
  return receiver;
}

}  // namespace vigil::alerting
