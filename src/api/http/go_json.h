#pragma once
// Values in the JSON spelling of Prometheus's Go structures.

#include <cstdint>
#include <string>

#include "core/json_writer.h"

namespace vigil::api {

// A time.Time in UTC as encoding/json writes it (RFC 3339, the fraction
// without trailing zeros); 0 is Go's zero time, "0001-01-01T00:00:00Z".
std::string go_json_time(int64_t ms);

// A float64 as encoding/json writes it: plain digits for 1e-6 <= |v| < 1e21,
// else exponent form with at least one exponent digit ("1e-7", "1.5e+21").
std::string go_json_number(double value);

// labels.Labels: an object of names to values, in the order given.
template <class Labels>
void write_label_object(JsonWriter& json, const Labels& labels) {
  json.begin_object();
  for (const auto& label : labels) json.field(label.name, label.value);
  json.end_object();
}

}  // namespace vigil::api
