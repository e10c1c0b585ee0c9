#include "template/value.h"

#include <algorithm>

namespace vigil::tmpl {

TimePoint TimePoint::from_unix_nanos(int64_t nanos) {
  int64_t seconds = nanos / 1'000'000'000;
  int64_t rest = nanos % 1'000'000'000;
  if (rest < 0) {
    rest += 1'000'000'000;
    --seconds;
  }
  return TimePoint{seconds, static_cast<int32_t>(rest)};
}

Value Value::nil() { return of(Nil{}); }

Value Value::boolean(bool value) { return of(value); }

Value Value::integer(int64_t value) { return of(value); }

Value Value::floating(double value) { return of(value); }

Value Value::string(std::string value) { return of(std::move(value)); }

Value Value::list(std::vector<Value> items) { return of(std::make_shared<const std::vector<Value>>(std::move(items))); }

Value Value::map(std::map<std::string, Value, std::less<>> entries, Value zero) {
  Entries sorted;
  sorted.reserve(entries.size());
  for (auto& [key, value] : entries) sorted.emplace_back(key, std::move(value));
  return from_entries(std::move(sorted), std::move(zero), "map[string]interface {}");
}

Value Value::string_map(const std::map<std::string, std::string, std::less<>>& entries) {
  Entries sorted;
  sorted.reserve(entries.size());
  for (const auto& [key, value] : entries) sorted.emplace_back(key, string(value));
  return from_entries(std::move(sorted), string(""), "map[string]string");
}

Value Value::from_entries(Entries sorted, Value zero, std::string type_name) {
  auto data = std::make_shared<MapData>();
  data->entries = std::move(sorted);
  data->zero = std::make_shared<const Value>(std::move(zero));
  data->type_name = std::move(type_name);
  return of(MapPtr(std::move(data)));
}

Value Value::record(std::string type_name, Entries fields) {
  auto data = std::make_shared<MapData>();
  data->entries = std::move(fields);
  data->record = true;
  data->type_name = std::move(type_name);
  return of(MapPtr(std::move(data)));
}

Value Value::time(TimePoint point) { return of(point); }

Value Value::function(Function function) { return of(std::make_shared<const Function>(std::move(function))); }

Value Value::with_methods(std::shared_ptr<const Methods> methods) const {
  Value v = *this;
  auto extras = std::make_shared<Extras>(extras_ ? *extras_ : Extras{});
  extras->methods = std::move(methods);
  v.extras_ = std::move(extras);
  return v;
}

Value Value::with_type_name(std::string name) const {
  Value v = *this;
  auto extras = std::make_shared<Extras>(extras_ ? *extras_ : Extras{});
  extras->type_name = std::move(name);
  v.extras_ = std::move(extras);
  return v;
}

Value::Kind Value::kind() const {
  static constexpr Kind kKinds[] = {Kind::invalid, Kind::nil,  Kind::boolean, Kind::integer, Kind::floating,
                                    Kind::string,  Kind::list, Kind::map,     Kind::time,    Kind::function};
  return kKinds[data_.index()];
}

const Value::Entries& Value::entries() const { return std::get<MapPtr>(data_)->entries; }

bool Value::is_record() const { return kind() == Kind::map && std::get<MapPtr>(data_)->record; }

const Value* Value::find(std::string_view key) const {
  const MapData& data = *std::get<MapPtr>(data_);
  if (data.record) {
    for (const auto& [name, value] : data.entries) {
      if (name == key) return &value;
    }
    return nullptr;
  }
  auto it = std::lower_bound(data.entries.begin(), data.entries.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  return it != data.entries.end() && it->first == key ? &it->second : nullptr;
}

const Value& Value::map_zero() const {
  static const Value kNil = nil();
  const MapData& data = *std::get<MapPtr>(data_);
  return data.zero ? *data.zero : kNil;
}

const Method* Value::method(std::string_view name) const {
  if (!extras_ || !extras_->methods) return nullptr;
  auto it = extras_->methods->find(name);
  return it == extras_->methods->end() ? nullptr : &it->second;
}

std::string Value::type_name() const {
  if (extras_ && !extras_->type_name.empty()) return extras_->type_name;
  switch (kind()) {
    case Kind::invalid:
    case Kind::nil:
      return "<nil>";
    case Kind::boolean:
      return "bool";
    case Kind::integer:
      return "int";
    case Kind::floating:
      return "float64";
    case Kind::string:
      return "string";
    case Kind::list:
      return "[]interface {}";
    case Kind::map:
      return std::get<MapPtr>(data_)->type_name;
    case Kind::time:
      return "time.Time";
    case Kind::function:
      return "func(...interface {}) (interface {}, error)";
  }
  return "<nil>";
}

bool Value::truthy() const {
  switch (kind()) {
    case Kind::invalid:
    case Kind::nil:
      return false;
    case Kind::boolean:
      return as_bool();
    case Kind::integer:
      return as_int() != 0;
    case Kind::floating:
      return as_float() != 0;
    case Kind::string:
    case Kind::list:
      return length() > 0;
    case Kind::map:
      return is_record() || !entries().empty();
    case Kind::time:
    case Kind::function:
      return true;
  }
  return false;
}

int64_t Value::length() const {
  switch (kind()) {
    case Kind::string:
      return static_cast<int64_t>(as_string().size());
    case Kind::list:
      return static_cast<int64_t>(as_list().size());
    case Kind::map:
      return is_record() ? -1 : static_cast<int64_t>(entries().size());
    default:
      return -1;
  }
}

}  // namespace vigil::tmpl
