#include "api/handlers/alertmanager_alert_routes.h"

#include <algorithm>

#include "alerting/dispatch/alert_order.h"
#include "alerting/matcher.h"
#include "api/handlers/alert_json.h"
#include "api/handlers/filter_matchers.h"
#include "api/http/openapi_responses.h"
#include "api/http/responses.h"
#include "core/build_info.h"

namespace vigil::api {
namespace {

using alerting::Alert;
using alerting::TimePoint;
using alerting::wall_clock_now;

// The query parameters both listings take.
struct AlertFilter {
  alerting::Matchers matchers;
  bool active = true, silenced = true, inhibited = true;
  std::optional<alerting::Matcher> receiver;

  // Alertmanager's alertFilter: resolved alerts never show; then state and
  // matchers decide.
  bool keeps(const Alert& alert, const alerting::AlertStatus& status, TimePoint at) const {
    if (alert.resolved_at(at)) return false;
    const bool suppressed = !status.silenced_by.empty() || !status.inhibited_by.empty();
    if (!active && !suppressed) return false;
    if (!silenced && !status.silenced_by.empty()) return false;
    if (!inhibited && !status.inhibited_by.empty()) return false;
    return alerting::matches_all(matchers, alert.labels);
  }
  bool keeps_receiver(const std::string& name) const { return !receiver || receiver->matches(name); }
};

// go-swagger's boolean query parameters (swag.ConvertBool's spellings).
std::optional<bool> parse_bool(const std::string& text) {
  static const char* kTrue[] = {"true", "1", "yes", "ok", "y", "on", "selected", "checked", "t", "enabled"};
  static const char* kFalse[] = {"false", "0", "no", "n", "off", "f", "disabled"};
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (std::ranges::find(kTrue, lower) != std::end(kTrue)) return true;
  if (std::ranges::find(kFalse, lower) != std::end(kFalse)) return false;
  return std::nullopt;
}

std::expected<AlertFilter, HttpResponse> read_filter(const RequestContext& context) {
  AlertFilter filter;
  auto matchers = filter_matchers(context);
  if (!matchers) return std::unexpected(std::move(matchers.error()));
  filter.matchers = std::move(*matchers);
  for (auto [name, into] : {std::pair{"active", &filter.active}, std::pair{"silenced", &filter.silenced},
                            std::pair{"inhibited", &filter.inhibited}}) {
    auto it = context.query.find(name);
    if (it == context.query.end()) continue;
    auto value = parse_bool(it->second);
    if (!value) {
      return std::unexpected(
          openapi_error(http::status::bad_request, 400,
                        std::string(name) + " in query must be of type boolean: \"" + it->second + "\""));
    }
    *into = *value;
  }
  if (auto it = context.query.find("receiver"); it != context.query.end() && !it->second.empty()) {
    auto receiver = alerting::Matcher::make(alerting::MatchType::regexp, "receiver", it->second);
    if (!receiver) {
      return std::unexpected(
          string_payload(http::status::bad_request, "failed to parse receiver param: " + receiver.error().message));
    }
    filter.receiver = std::move(*receiver);
  }
  return filter;
}

HttpResponse post_alerts(RequestContext& context, alerting::AlertDelivery& delivery) {
  if (auto refused = unsupported_media_type(context)) return *refused;
  auto alerts = read_postable_alerts(context.request.body());
  if (!alerts) return openapi_error(alerts.error().status, alerts.error().code, alerts.error().message);
  // The valid alerts are stored even when others are refused, as 0.25 does.
  std::vector<Alert> valid;
  std::string problems;
  for (auto& alert : *alerts) {
    delivery.prepare(alert);
    if (std::string problem = alert_problem(alert); !problem.empty()) {
      if (!problems.empty()) problems += "; ";
      problems += problem;
      continue;
    }
    valid.push_back(std::move(alert));
  }
  delivery.put(std::move(valid));
  if (!problems.empty()) return string_payload(http::status::bad_request, problems);
  return empty_response(http::status::ok);
}

HttpResponse get_alerts(const RequestContext& context, const alerting::AlertDelivery& delivery) {
  auto filter = read_filter(context);
  if (!filter) return filter.error();
  const TimePoint at = wall_clock_now();
  std::vector<Alert> alerts = delivery.alerts();
  std::sort(alerts.begin(), alerts.end(),
            [](const Alert& a, const Alert& b) { return a.fingerprint() < b.fingerprint(); });
  std::string body;
  JsonWriter out(body);
  out.begin_array();
  for (const auto& alert : alerts) {
    const alerting::AlertStatus status = delivery.status(alert, at, alerts);
    if (!filter->keeps(alert, status, at)) continue;
    if (filter->receiver &&
        std::ranges::none_of(status.receivers, [&](const std::string& r) { return filter->keeps_receiver(r); })) {
      continue;
    }
    write_gettable_alert(out, alert, status);
  }
  out.end_array();
  return json_line(http::status::ok, std::move(body));
}

HttpResponse get_groups(const RequestContext& context, const alerting::AlertDelivery& delivery) {
  auto filter = read_filter(context);
  if (!filter) return filter.error();
  const TimePoint at = wall_clock_now();
  std::vector<alerting::GroupSnapshot> groups = delivery.groups();
  const std::vector<Alert> current = delivery.alerts();
  std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    if (a.labels == b.labels) return a.receiver < b.receiver;
    return alerting::labels_before(a.labels, b.labels);
  });
  std::string body;
  JsonWriter out(body);
  out.begin_array();
  for (auto& group : groups) {
    if (!filter->keeps_receiver(group.receiver)) continue;
    alerting::sort_alerts(group.alerts);
    std::vector<std::pair<const Alert*, alerting::AlertStatus>> kept;
    for (const auto& alert : group.alerts) {
      alerting::AlertStatus status = delivery.status(alert, at, current);
      if (filter->keeps(alert, status, at)) kept.emplace_back(&alert, std::move(status));
    }
    if (kept.empty()) continue;
    out.begin_object().key("alerts").begin_array();
    for (const auto& [alert, status] : kept) write_gettable_alert(out, *alert, status);
    out.end_array().key("labels").begin_object();
    for (const auto& [name, value] : group.labels) out.field(name, value);
    out.end_object().key("receiver").begin_object().field("name", group.receiver).end_object();
    out.end_object();
  }
  out.end_array();
  return json_line(http::status::ok, std::move(body));
}

HttpResponse get_status(const AlertmanagerStatus& status) {
  const BuildInfo& build = build_info();
  std::string body;
  JsonWriter out(body);
  out.begin_object();
  out.key("cluster").begin_object().key("peers").begin_array().end_array().field("status", "disabled").end_object();
  out.key("config").begin_object().field("original", status.config_text ? status.config_text() : "").end_object();
  out.field("uptime", format_openapi_datetime(TimePoint(std::chrono::milliseconds(status.started_ms))));
  out.key("versionInfo").begin_object();
  out.field("branch", build.branch).field("buildDate", build.build_date).field("buildUser", "vigil");
  out.field("goVersion", build.compiler).field("revision", build.revision).field("version", build.version);
  out.end_object().end_object();
  return json_line(http::status::ok, std::move(body));
}

HttpResponse get_receivers(const alerting::AlertDelivery& delivery) {
  std::string body;
  JsonWriter out(body);
  out.begin_array();
  if (auto setup = delivery.setup()) {
    for (const auto& receiver : setup->config.receivers) out.begin_object().field("name", receiver.name).end_object();
  }
  out.end_array();
  return json_line(http::status::ok, std::move(body));
}

}  // namespace

void add_alertmanager_alert_routes(Router& router, alerting::AlertDelivery& delivery, AlertmanagerStatus status) {
  router.add({http::verb::post}, "/api/v2/alerts",
             [&delivery](RequestContext& context) { return post_alerts(context, delivery); });
  router.add({http::verb::get}, "/api/v2/alerts",
             [&delivery](RequestContext& context) { return get_alerts(context, delivery); });
  router.add({http::verb::get}, "/api/v2/alerts/groups",
             [&delivery](RequestContext& context) { return get_groups(context, delivery); });
  router.add({http::verb::get}, "/api/v2/status", [status](RequestContext&) { return get_status(status); });
  router.add({http::verb::get}, "/api/v2/receivers", [&delivery](RequestContext&) { return get_receivers(delivery); });
}

}  // namespace vigil::api
