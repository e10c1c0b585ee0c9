#include "api/handlers/alert_json.h"

#include "core/go_text.h"

namespace vigil::api {
namespace {

const OpenApiBodyReader reader("alerts");

// A label set: an object of strings.
OpenApiBody<alerting::Labels> read_label_set(const JsonValue& object, std::string_view name,
                                             std::string_view go_field) {
  auto value = reader.field(object, name, JsonValue::Kind::object, go_field, "models.LabelSet");
  if (!value) return std::unexpected(value.error());
  alerting::Labels labels;
  if (*value == nullptr) return labels;
  for (const auto& [key, item] : (*value)->members) {
    if (item.kind == JsonValue::Kind::null) continue;
    if (item.kind != JsonValue::Kind::string) {
      return std::unexpected(reader.type_error(item, std::string(".") + std::string(name), "string"));
    }
    labels[key] = item.text;
  }
  return labels;
}


// model.LabelSet.Validate.
std::string label_set_problem(const alerting::Labels& labels) {
  for (const auto& [name, value] : labels) {
    if (!alerting::is_valid_label_name(name)) return "invalid name " + quote_go_string(name);
    if (!is_valid_utf8(value)) return "invalid value " + quote_go_string(value);
  }
  return {};
}

void write_labels(JsonWriter& out, const alerting::Labels& labels) {
  out.begin_object();
  for (const auto& [name, value] : labels) out.field(name, value);
  out.end_object();
}

}  // namespace

OpenApiBody<std::vector<alerting::Alert>> read_postable_alerts(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::unexpected(required_in_body("alerts"));
  auto root = read_go_json(body);
  if (!root) return std::unexpected(reader.decode_error(root.error().message));
  if (root->kind != JsonValue::Kind::array) {
    if (root->kind == JsonValue::Kind::null) return std::unexpected(required_in_body("alerts"));
    return std::unexpected(reader.decode_error(std::string("json: cannot unmarshal ") + go_json_kind(*root) +
                                               " into Go value of type models.PostableAlerts"));
  }
  std::vector<alerting::Alert> alerts;
  alerts.reserve(root->items.size());
  for (const JsonValue& item : root->items) {
    alerting::Alert alert;
    if (item.kind == JsonValue::Kind::null) {
      alerts.push_back(std::move(alert));
      continue;
    }
    if (item.kind != JsonValue::Kind::object) {
      return std::unexpected(reader.decode_error(std::string("json: cannot unmarshal ") + go_json_kind(item) +
                                                 " into Go value of type models.PostableAlert"));
    }
    auto annotations = read_label_set(item, "annotations", "PostableAlert.annotations");
    if (!annotations) return std::unexpected(annotations.error());
    auto ends_at = reader.time_field(item, "endsAt", "PostableAlert.endsAt");
    if (!ends_at) return std::unexpected(ends_at.error());
    auto starts_at = reader.time_field(item, "startsAt", "PostableAlert.startsAt");
    if (!starts_at) return std::unexpected(starts_at.error());
    auto generator_url = reader.string_field(item, "generatorURL", "Alert.generatorURL");
    if (!generator_url) return std::unexpected(generator_url.error());
    auto has_labels = reader.field(item, "labels", JsonValue::Kind::object, "Alert.labels", "models.LabelSet");
    if (!has_labels) return std::unexpected(has_labels.error());
    auto labels = read_label_set(item, "labels", "Alert.labels");
    if (!labels) return std::unexpected(labels.error());
    if (*has_labels == nullptr) return std::unexpected(required_in_body(std::to_string(alerts.size()) + ".labels"));
    alert.labels = std::move(*labels);
    alert.annotations = std::move(*annotations);
    alert.starts_at = starts_at->value_or(alerting::TimePoint{});
    alert.ends_at = ends_at->value_or(alerting::TimePoint{});
    alert.generator_url = generator_url->value_or("");
    alerts.push_back(std::move(alert));
  }
  return alerts;
}

std::string alert_problem(alerting::Alert& alert) {
  std::erase_if(alert.labels, [](const auto& label) { return label.second.empty(); });
  if (alert.starts_at == alerting::TimePoint{}) return "start time missing";
  if (alert.ends_at != alerting::TimePoint{} && alert.ends_at < alert.starts_at) {
    return "start time must be before end time";
  }
  if (auto problem = label_set_problem(alert.labels); !problem.empty()) return "invalid label set: " + problem;
  if (alert.labels.empty()) return "at least one label pair required";
  if (auto problem = label_set_problem(alert.annotations); !problem.empty()) return "invalid annotations: " + problem;
  return {};
}

void write_gettable_alert(JsonWriter& out, const alerting::Alert& alert, const alerting::AlertStatus& status) {
  const bool suppressed = !status.silenced_by.empty() || !status.inhibited_by.empty();
  out.begin_object();
  out.key("annotations");
  write_labels(out, alert.annotations);
  out.field("endsAt", format_openapi_datetime(alert.ends_at));
  out.field("fingerprint", alerting::fingerprint_text(alert.fingerprint()));
  out.key("receivers").begin_array();
  for (const auto& receiver : status.receivers) out.begin_object().field("name", receiver).end_object();
  out.end_array();
  out.field("startsAt", format_openapi_datetime(alert.starts_at));
  out.key("status").begin_object();
  out.key("inhibitedBy").begin_array();
  for (uint64_t fp : status.inhibited_by) out.string(alerting::fingerprint_text(fp));
  out.end_array();
  out.key("silencedBy").begin_array();
  for (const auto& id : status.silenced_by) out.string(id);
  out.end_array();
  out.field("state", suppressed ? "suppressed" : "active");
  out.end_object();
  out.field("updatedAt", format_openapi_datetime(alert.updated_at));
  if (!alert.generator_url.empty()) out.field("generatorURL", alert.generator_url);
  out.key("labels");
  write_labels(out, alert.labels);
  out.end_object();
}

}  // namespace vigil::api
