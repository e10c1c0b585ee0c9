#pragma once
// OTLP attributes to Prometheus labels, as Prometheus's OTLP receiver does:
// names sanitized to [a-zA-Z0-9_] (runs of invalid characters become one
// `_`, a leading digit gets `key_`), attributes whose names collide after
// that are merged into one label with their values joined by `;` in the
// order of their original names, and values written as strings.

#include <map>
#include <string>
#include <string_view>

#include <google/protobuf/repeated_field.h>

#include "opentelemetry/proto/common/v1/common.pb.h"

namespace vigil::ingest::otlp {

// A label name for an attribute name; empty when nothing valid is left (only
// underscores) or when it is in the reserved form `__x__`, which OTLP data
// may not set. `_` counts as invalid, so runs of underscores collapse too.
std::string label_name(std::string_view attribute);

// An attribute value as a label value: strings as they are, booleans
// `true`/`false`, integers in decimal, doubles in the shortest form that
// reads back exactly, bytes in base64, arrays and maps as JSON. An unset
// value is empty (no label).
std::string label_value(const opentelemetry::proto::common::v1::AnyValue& value);

// Labels being assembled for one series: name -> value.
using LabelMap = std::map<std::string, std::string>;

using Attributes = google::protobuf::RepeatedPtrField<opentelemetry::proto::common::v1::KeyValue>;

// Adds `attributes` to `labels`; existing labels of the same name are
// replaced, attributes among themselves are merged as described above.
// `skip` lists attribute names left out (the resource attributes that become
// job and instance).
void add_attributes(LabelMap& labels, const Attributes& attributes,
                    std::initializer_list<std::string_view> skip = {});

}  // namespace vigil::ingest::otlp
