#include "api/handlers/rules_routes.h"

#include "api/http/go_json.h"
#include "api/http/responses.h"
#include "core/go_text.h"

namespace vigil::api {
namespace {

void write_alert(JsonWriter& json, const rules::Alert& alert) {
  json.begin_object();
  json.key("labels");
  write_label_object(json, alert.labels);
  json.key("annotations");
  write_label_object(json, alert.annotations);
  json.field("state", rules::to_string(alert.state));
  json.field("activeAt", go_json_time(alert.active_at_ms));
  json.field("value", format_go_float_exponent(alert.value));
  json.end_object();
}

void write_health(JsonWriter& json, const rules::RuleHealth& health) {
  json.field("health", health.health);
  if (!health.last_error.empty()) json.field("lastError", health.last_error);
  json.key("evaluationTime").raw(go_json_number(health.evaluation_seconds));
  json.field("lastEvaluation", go_json_time(health.last_evaluation_ms));
}

void write_alerting_rule(JsonWriter& json, const rules::AlertingRuleEvaluator& rule) {
  const auto& spec = rule.rule();
  json.begin_object();
  json.field("state", rules::to_string(rule.state()));
  json.field("name", rule.name());
  json.field("query", rule.query());
  json.key("duration").raw(go_json_number(static_cast<double>(spec.for_duration.count()) / 1000));
  json.key("keepFiringFor").raw(go_json_number(static_cast<double>(spec.keep_firing_for.count()) / 1000));
  json.key("labels");
  write_label_object(json, spec.labels);
  json.key("annotations");
  write_label_object(json, spec.annotations);
  json.key("alerts").begin_array();
  for (const auto& alert : rule.alerts()) {
    if (alert.state != rules::AlertState::inactive) write_alert(json, alert);
  }
  json.end_array();
  write_health(json, rule.health());
  json.field("type", "alerting");
  json.end_object();
}

void write_recording_rule(JsonWriter& json, const rules::RecordingRuleEvaluator& rule) {
  json.begin_object();
  json.field("name", rule.name());
  json.field("query", rule.query());
  json.key("labels");
  write_label_object(json, rule.rule().labels);
  write_health(json, rule.health());
  json.field("type", "recording");
  json.end_object();
}

HttpResponse rules_answer(const RequestContext& context, const rules::RuleScheduler& scheduler) {
  const std::string type = form_value(context, "type").value_or("");
  if (!type.empty() && type != "alert" && type != "record") {
    return error_response(context.path, http::status::bad_request, "bad_data",
                          "invalid parameter \"type\": not supported value \"" + type + "\"");
  }
  std::string data;
  JsonWriter json(data);
  json.begin_object().key("groups").begin_array();
  for (const auto& group : scheduler.groups()) {
    json.begin_object().field("name", group->name()).field("file", group->file());
    json.key("rules").begin_array();
    for (const auto& rule : group->rules()) {
      if (const auto* alerting = dynamic_cast<const rules::AlertingRuleEvaluator*>(rule.get())) {
        if (type != "record") write_alerting_rule(json, *alerting);
      } else if (const auto* recording = dynamic_cast<const rules::RecordingRuleEvaluator*>(rule.get())) {
        if (type != "alert") write_recording_rule(json, *recording);
      }
    }
    json.end_array();
    json.key("interval").raw(go_json_number(static_cast<double>(group->settings().interval_ms) / 1000));
    json.key("limit").number(group->limit());
    json.key("evaluationTime").raw(go_json_number(group->evaluation_seconds()));
    json.field("lastEvaluation", go_json_time(group->last_evaluation_ms()));
    json.end_object();
  }
  json.end_array().end_object();
  return json_response(http::status::ok, success_envelope(data));
}

HttpResponse alerts_answer(const rules::RuleScheduler& scheduler) {
  std::string data;
  JsonWriter json(data);
  json.begin_object().key("alerts").begin_array();
  for (const auto& group : scheduler.groups()) {
    for (const auto& rule : group->rules()) {
      const auto* alerting = dynamic_cast<const rules::AlertingRuleEvaluator*>(rule.get());
      if (!alerting) continue;
      for (const auto& alert : alerting->alerts()) {
        if (alert.state != rules::AlertState::inactive) write_alert(json, alert);
      }
    }
  }
  json.end_array().end_object();
  return json_response(http::status::ok, success_envelope(data));
}

}  // namespace

void add_rules_routes(Router& router, const rules::RuleScheduler& scheduler) {
  router.add({http::verb::get}, "/api/v1/rules",
             [&scheduler](RequestContext& context) { return rules_answer(context, scheduler); });
  router.add({http::verb::get}, "/api/v1/alerts", [&scheduler](RequestContext&) { return alerts_answer(scheduler); });
}

}  // namespace vigil::api
