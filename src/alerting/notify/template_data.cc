#include "alerting/notify/template_data.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "template/function_args.h"
#include "template/go_time.h"

namespace vigil::alerting::notify {

namespace {

using tmpl::Value;

// A method without arguments, as Go's methods of template.Data's types are
// (but for KV.Remove).
tmpl::Method getter(Value (*compute)(const Value& self)) {
  return [compute](const Value& self, std::span<const Value> args) -> Result<Value> {
    if (auto bad = tmpl::expect_count(args, 0); !bad) return std::unexpected(bad.error());
    return compute(self);
  };
}

// Names in Alertmanager's order: "alertname" first, the rest sorted.
std::vector<std::string> sorted_names(const Value& kv) {
  std::vector<std::string> names;
  for (const auto& [name, value] : kv.entries()) names.push_back(name);  // map entries are in key order
  auto alertname = std::find(names.begin(), names.end(), "alertname");
  if (alertname != names.end()) std::rotate(names.begin(), alertname, alertname + 1);
  return names;
}

Value string_list(std::vector<std::string> items) {
  std::vector<Value> values;
  values.reserve(items.size());
  for (auto& item : items) values.push_back(Value::string(std::move(item)));
  return Value::list(std::move(values));
}

// One field of every pair of a template.Pairs list.
Value pair_fields(const Value& pairs, std::string_view field) {
  std::vector<Value> values;
  for (const Value& pair : pairs.as_list()) values.push_back(*pair.find(field));
  return Value::list(std::move(values));
}

std::shared_ptr<const tmpl::Methods> pairs_methods() {
  static const auto kMethods = std::make_shared<const tmpl::Methods>(
      tmpl::Methods{{"Names", getter([](const Value& self) { return pair_fields(self, "Name"); })},
                    {"Values", getter([](const Value& self) { return pair_fields(self, "Value"); })}});
  return kMethods;
}

Value sorted_pairs(const Value& kv) {
  std::vector<Value> pairs;
  for (auto& name : sorted_names(kv)) {
    Value value = *kv.find(name);
    pairs.push_back(Value::record("template.Pair", {{"Name", Value::string(std::move(name))}, {"Value", value}}));
  }
  return Value::list(std::move(pairs)).with_methods(pairs_methods()).with_type_name("template.Pairs");
}

Value kv_without(const Value& kv, const std::vector<Value>& names);

Value kv_values(const Value& kv) {
  std::vector<Value> values;
  for (const auto& name : sorted_names(kv)) values.push_back(*kv.find(name));
  return Value::list(std::move(values));
}

Result<Value> kv_remove(const Value& kv, std::span<const Value> args) {
  if (auto bad = tmpl::expect_count(args, 1); !bad) return std::unexpected(bad.error());
  auto names = tmpl::expect_list(args, 0, "[]string");
  if (!names) return std::unexpected(names.error());
  for (const Value& name : *names)
    if (name.kind() != Value::Kind::string) return std::unexpected(tmpl::wrong_arg_type(args, 0, "[]string"));
  return kv_without(kv, *names);
}

std::shared_ptr<const tmpl::Methods> kv_methods() {
  static const auto kMethods = std::make_shared<const tmpl::Methods>(
      tmpl::Methods{{"SortedPairs", getter(sorted_pairs)},
                    {"Names", getter([](const Value& self) { return string_list(sorted_names(self)); })},
                    {"Values", getter(kv_values)},
                    {"Remove", kv_remove}});
  return kMethods;
}

Value kv_value(const std::map<std::string, std::string, std::less<>>& pairs) {
  return Value::string_map(pairs).with_methods(kv_methods()).with_type_name("template.KV");
}

Value kv_without(const Value& kv, const std::vector<Value>& names) {
  std::map<std::string, std::string, std::less<>> kept;
  for (const auto& [name, value] : kv.entries()) kept.emplace(name, value.as_string());
  for (const Value& name : names) kept.erase(name.as_string());
  return kv_value(kept);
}

Value alerts_value(std::vector<Value> alerts);

// The alerts of a list whose .Status is `status`.
Value alerts_with_status(const Value& alerts, std::string_view status) {
  std::vector<Value> kept;
  for (const Value& alert : alerts.as_list())
    if (alert.find("Status")->as_string() == status) kept.push_back(alert);
  return alerts_value(std::move(kept));
}

std::shared_ptr<const tmpl::Methods> alerts_methods() {
  static const auto kMethods = std::make_shared<const tmpl::Methods>(
      tmpl::Methods{{"Firing", getter([](const Value& self) { return alerts_with_status(self, "firing"); })},
                    {"Resolved", getter([](const Value& self) { return alerts_with_status(self, "resolved"); })}});
  return kMethods;
}

Value alerts_value(std::vector<Value> alerts) {
  return Value::list(std::move(alerts)).with_methods(alerts_methods()).with_type_name("template.Alerts");
}

// Vigil's unset time (the epoch point) is Go's zero time, as Alertmanager's
// EndsAt of a firing alert.
Value time_of(TimePoint point) {
  if (point == TimePoint{}) return tmpl::time_value(tmpl::TimePoint::go_zero());
  const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(point.time_since_epoch()).count();
  return tmpl::time_value(tmpl::TimePoint::from_unix_nanos(nanos));
}

Value alert_value(const NotificationAlert& alert) {
  return Value::record("template.Alert", {{"Status", Value::string(alert.status)},
                                          {"Labels", template_kv(alert.labels)},
                                          {"Annotations", template_kv(alert.annotations)},
                                          {"StartsAt", time_of(alert.starts_at)},
                                          {"EndsAt", time_of(alert.ends_at)},
                                          {"GeneratorURL", Value::string(alert.generator_url)},
                                          {"Fingerprint", Value::string(alert.fingerprint)}});
}

}  // namespace

tmpl::Value template_kv(const Labels& labels) { return kv_value({labels.begin(), labels.end()}); }

tmpl::Value template_data(const Notification& notification) {
  std::vector<Value> alerts;
  alerts.reserve(notification.alerts.size());
  for (const auto& alert : notification.alerts) alerts.push_back(alert_value(alert));
  return Value::record("*template.Data", {{"Receiver", Value::string(notification.receiver)},
                                          {"Status", Value::string(notification.status)},
                                          {"Alerts", alerts_value(std::move(alerts))},
                                          {"GroupLabels", template_kv(notification.group_labels)},
                                          {"CommonLabels", template_kv(notification.common_labels)},
                                          {"CommonAnnotations", template_kv(notification.common_annotations)},
                                          {"ExternalURL", Value::string(notification.external_url)}});
}

}  // namespace vigil::alerting::notify
