#pragma once
// An Alertmanager 0.25 configuration (global, route, receivers,
// inhibit_rules, time_intervals, templates), read with Alertmanager's checks
// and wording, every problem reported as "<file>:<line>: <what>" in one pass.
// Receivers Vigil cannot deliver to are errors, never silently dropped.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alerting/matcher.h"
#include "alerting/time_interval.h"
#include "core/duration.h"
#include "core/error.h"

namespace YAML {
class Node;
}

namespace vigil::alerting {

struct TlsConfig {
  std::string ca_file, cert_file, key_file, server_name, min_version;
  bool insecure_skip_verify = false;
};

// Prometheus common's HTTP client settings, the parts Vigil implements.
struct HttpConfig {
  struct BasicAuth {
    std::string username, password, password_file;
  };
  struct Authorization {
    std::string type = "Bearer";
    std::string credentials, credentials_file;
  };
  std::optional<BasicAuth> basic_auth;
  std::optional<Authorization> authorization;  // bearer_token(_file) is read into this
  TlsConfig tls_config;
  std::string proxy_url;
  bool follow_redirects = true;
  bool enable_http2 = true;
};

struct GlobalConfig {
  Duration resolve_timeout = std::chrono::minutes(5);
  HttpConfig http_config;
  std::string smtp_from, smtp_smarthost, smtp_hello = "localhost";
  std::string smtp_auth_username, smtp_auth_password, smtp_auth_identity, smtp_auth_secret;
  bool smtp_require_tls = true;
  std::string slack_api_url, slack_api_url_file;
  std::string pagerduty_url = "https://events.pagerduty.com/v2/enqueue";
};

// Text fields of notifiers are templates; their defaults name Alertmanager's
// default templates, which the template module provides.
struct WebhookConfig {
  bool send_resolved = true;
  HttpConfig http_config;  // the global one when not given
  std::string url, url_file;
  uint64_t max_alerts = 0;  // 0: all
};

struct SlackConfig {
  bool send_resolved = false;
  HttpConfig http_config;
  std::string api_url, api_url_file;  // the global ones when neither is given
  std::string channel;
  std::string username = R"({{ template "slack.default.username" . }})";
  std::string color = R"({{ if eq .Status "firing" }}danger{{ else }}good{{ end }})";
  std::string title = R"({{ template "slack.default.title" . }})";
  std::string title_link = R"({{ template "slack.default.titlelink" . }})";
  std::string pretext = R"({{ template "slack.default.pretext" . }})";
  std::string text = R"({{ template "slack.default.text" . }})";
  std::string footer = R"({{ template "slack.default.footer" . }})";
  std::string fallback = R"({{ template "slack.default.fallback" . }})";
  std::string callback_id = R"({{ template "slack.default.callbackid" . }})";
  std::string icon_emoji = R"({{ template "slack.default.iconemoji" . }})";
  std::string icon_url = R"({{ template "slack.default.iconurl" . }})";
  std::string image_url, thumb_url;
  bool link_names = false;
  bool short_fields = false;
  std::vector<std::string> mrkdwn_in;
};

struct PagerdutyConfig {
  bool send_resolved = true;
  HttpConfig http_config;
  std::string routing_key, routing_key_file;  // Events API v2
  std::string service_key, service_key_file;  // Events API v1
  std::string url;                            // the global pagerduty_url when not given
  std::string client = R"({{ template "pagerduty.default.client" . }})";
  std::string client_url = R"({{ template "pagerduty.default.clientURL" . }})";
  std::string description = R"({{ template "pagerduty.default.description" .}})";
  std::string source;    // empty: the notifier uses client
  std::string severity;  // empty: the notifier sends "error"
  std::string event_class, component, group;
  // Given details plus Alertmanager's firing/resolved/num_firing/num_resolved.
  std::map<std::string, std::string> details;
};

struct EmailConfig {
  bool send_resolved = false;
  std::string to, from, hello, smarthost;  // from, hello, smarthost: the global ones when not given
  std::string auth_username, auth_password, auth_secret, auth_identity;
  bool require_tls = true;
  TlsConfig tls_config;
  // Header names in canonical MIME form; Subject defaults to Alertmanager's.
  std::map<std::string, std::string> headers;
  std::string html = R"({{ template "email.default.html" . }})";
  std::string text;
};

struct Receiver {
  std::string name;
  std::vector<WebhookConfig> webhook_configs;
  std::vector<SlackConfig> slack_configs;
  std::vector<PagerdutyConfig> pagerduty_configs;
  std::vector<EmailConfig> email_configs;
  int line = 0;
};

// Vigil's extension: notify `receiver` too when an alert of a group is still
// firing `after` it started.
struct Escalation {
  Duration after{0};
  std::string receiver;
};

// A route as written; unset options are inherited when the tree is built
// (see route.h).
struct RouteConfig {
  std::string receiver;  // empty: inherited
  // Set only when group_by lists label names; `...` sets group_by_all.
  std::optional<std::vector<std::string>> group_by;
  bool group_by_all = false;
  Matchers matchers;  // match, match_re and matchers together, sorted as Alertmanager does
  bool continue_matching = false;
  std::optional<Duration> group_wait, group_interval, repeat_interval;
  std::vector<std::string> mute_time_intervals, active_time_intervals;
  std::optional<Escalation> escalate;
  std::vector<RouteConfig> routes;
  int line = 0;
};

struct InhibitRule {
  Matchers source_matchers;
  Matchers target_matchers;
  std::vector<std::string> equal;
  int line = 0;
};

struct AlertingConfig {
  std::string source;  // the file it was read from
  GlobalConfig global;
  RouteConfig route;
  std::vector<Receiver> receivers;
  std::vector<InhibitRule> inhibit_rules;
  // mute_time_intervals and time_intervals together; names are unique.
  std::vector<NamedTimeInterval> time_intervals;
  std::vector<std::string> templates;  // file globs

  const Receiver* receiver(std::string_view name) const;
  const NamedTimeInterval* time_interval(std::string_view name) const;
};

// Reads a configuration from its text; `path` names it in problems. An
// invalid one is an ErrorKind::invalid_config error listing every problem.
Result<AlertingConfig> parse_alerting_config(std::string_view text, std::string_view path);

// Reads the file at `path`.
Result<AlertingConfig> load_alerting_config(const std::string& path);

// Reads a configuration already parsed as YAML (Vigil's `alerting:` section
// written inline); lines are those of `path`. Merge keys (`<<`) in `node`
// are expanded in place.
Result<AlertingConfig> alerting_config_from_yaml(const YAML::Node& node, std::string_view path);

}  // namespace vigil::alerting
