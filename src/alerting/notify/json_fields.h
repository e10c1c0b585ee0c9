#pragma once
// JSON pieces the payloads share.

#include "alerting/labels.h"
#include "core/json_writer.h"

namespace vigil::alerting::notify {

// A label set (or any map[string]string) as encoding/json writes it: keys
// sorted.
inline void write_labels(JsonWriter& json, const Labels& labels) {
  json.begin_object();
  for (const auto& [name, value] : labels) json.field(name, value);
  json.end_object();
}

// A string field tagged `omitempty`: left out when empty.
inline void optional_field(JsonWriter& json, std::string_view name, const std::string& value) {
  if (!value.empty()) json.field(name, value);
}

}  // namespace vigil::alerting::notify
