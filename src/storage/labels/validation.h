#pragma once
// Rules a series must satisfy before the head accepts it: Prometheus's name
// syntax, reserved names, UTF-8 values, and size limits that stop one bad
// client from filling memory with huge or countless labels.

#include <cstddef>
#include <string_view>

#include "core/error.h"
#include "storage/labels/label_set.h"
#include "storage/labels/label_view.h"

namespace vigil::storage {

struct LabelLimits {
  size_t max_labels_per_series = 64;  // counts __name__ too
  size_t max_name_length = 256;       // bytes
  size_t max_value_length = 4096;     // bytes; the metric name is a value
};

// Prometheus's name syntax: label names [a-zA-Z_][a-zA-Z0-9_]*, metric
// names [a-zA-Z_:][a-zA-Z0-9_:]*.
bool is_valid_label_name(std::string_view name);
bool is_valid_metric_name(std::string_view name);

// The first rule broken, as an invalid_argument Error whose message names the
// series and the label: `series up{job="a"}: label "1bad": invalid label name`.
// For a LabelSet or a series' views (LabelViews).
template <class Labels>
Result<void> validate(const Labels& labels, const LabelLimits& limits);

}  // namespace vigil::storage
