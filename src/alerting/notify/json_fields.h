#pragma once
// JSON pieces the payloads share.

#include "alerting/labels.h"
#include "core/json_writer.h"

namespace vigil::alerting::notify {

// A label set as encoding/json writes a map[string]string: keys sorted.
inline void write_labels(JsonWriter& json, const Labels& labels) {
  json.begin_object();
  for (const auto& [name, value] : labels) json.field(name, value);
  json.end_object();
}

}  // namespace vigil::alerting::notify
