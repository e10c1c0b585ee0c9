#pragma once
// The dynamic value a template works on: Go's interface{} reduced to the kinds
// that Prometheus's and Alertmanager's template data hold. A value may carry
// named methods (Alertmanager's .Alerts.Firing, .StartsAt.Format) that the
// host attaches; field access looks for a method first, as Go does.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/error.h"

namespace vigil::tmpl {

class Value;

// A template function: the evaluated arguments in, one value or an error out.
// See function_args.h for checking arguments with Go's wording.
using Function = std::function<Result<Value>(std::span<const Value> args)>;
using Functions = std::map<std::string, Function, std::less<>>;

// A method: the receiver and the arguments written after it.
using Method = std::function<Result<Value>(const Value& self, std::span<const Value> args)>;
using Methods = std::map<std::string, Method, std::less<>>;

// A point in time, shown in UTC. Seconds and nanoseconds apart so that Go's
// zero time (January 1, year 1, Alertmanager's EndsAt of a firing alert)
// fits.
struct TimePoint {
  int64_t unix_seconds = 0;
  int32_t nanos = 0;  // 0..999999999

  static TimePoint from_unix_nanos(int64_t nanos);
  static TimePoint go_zero() { return TimePoint{-62135596800, 0}; }
};

class Value {
 public:
  enum class Kind { invalid, nil, boolean, integer, floating, string, list, map, time, function };
  using Entries = std::vector<std::pair<std::string, Value>>;

  // The invalid value: a missing map key or field of nil, printed "<no value>".
  Value() = default;
  static Value nil();
  static Value boolean(bool value);
  static Value integer(int64_t value);
  static Value floating(double value);
  static Value string(std::string value);
  static Value list(std::vector<Value> items);
  // A Go map[string]interface{}: ranged in key order; `zero` is what a
  // missing key gives under missingkey=zero (nil for interface{} elements).
  static Value map(std::map<std::string, Value, std::less<>> entries, Value zero = nil());
  // A Go map[string]string such as a label set: missing keys are "" under
  // missingkey=zero.
  static Value string_map(const std::map<std::string, std::string, std::less<>>& entries);
  // A Go struct: fields in declaration order; a field it lacks is an error
  // ("can't evaluate field X in type T"), not a missing key.
  static Value record(std::string type_name, Entries fields);
  static Value time(TimePoint point);
  static Value function(Function function);

  // A copy that also answers to these methods (shared, so attaching them to
  // every element of a list is cheap).
  Value with_methods(std::shared_ptr<const Methods> methods) const;
  // A copy whose Go type name (used in error messages and %!verb(type=...))
  // is `name`, e.g. "model.LabelValue" or "*template.sample".
  Value with_type_name(std::string name) const;

  Kind kind() const;
  bool is_valid() const { return kind() != Kind::invalid; }
  bool as_bool() const { return std::get<bool>(data_); }
  int64_t as_int() const { return std::get<int64_t>(data_); }
  double as_float() const { return std::get<double>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const std::vector<Value>& as_list() const { return *std::get<ListPtr>(data_); }
  TimePoint as_time() const { return std::get<TimePoint>(data_); }
  const Function& as_function() const { return *std::get<FunctionPtr>(data_); }
  // Map entries in key order, record fields in declaration order.
  const Entries& entries() const;
  bool is_record() const;
  // A map's entry or a record's field; nullptr when absent.
  const Value* find(std::string_view key) const;
  // What a missing map key gives under missingkey=zero.
  const Value& map_zero() const;

  const Method* method(std::string_view name) const;
  // Go's name of the type: "int", "float64", "string", "[]interface {}", ...
  std::string type_name() const;
  // Go's truth: false, 0, nil, "", and empty lists and maps are false.
  bool truthy() const;
  // Number of elements of a string (bytes), list or map; -1 for other kinds.
  int64_t length() const;

 private:
  struct Nil {};
  struct MapData {
    Entries entries;
    std::shared_ptr<const Value> zero;
    bool record = false;
    std::string type_name;
  };
  struct Extras {
    std::shared_ptr<const Methods> methods;
    std::string type_name;
  };
  template <class Data>
  static Value of(Data data) {
    Value v;
    v.data_ = std::move(data);
    return v;
  }
  // A map of entries already in key order.
  static Value from_entries(Entries sorted, Value zero, std::string type_name);

  using ListPtr = std::shared_ptr<const std::vector<Value>>;
  using MapPtr = std::shared_ptr<const MapData>;
  using FunctionPtr = std::shared_ptr<const Function>;

  std::variant<std::monostate, Nil, bool, int64_t, double, std::string, ListPtr, MapPtr, TimePoint, FunctionPtr> data_;
  std::shared_ptr<const Extras> extras_;
};

}  // namespace vigil::tmpl
