#pragma once
// Prometheus's series notation, as promqltest's `load` lines and promtool's
// rule unit tests (`input_series`) write series: a metric, then
// whitespace-separated value items, e.g. `up{job="a"} 1 0+10x3 _x2 stale`.
// The items follow the grammar of Prometheus's parser in series-description
// mode: `N` one value, `_` one omitted slot, `_xK` K omitted slots, `NxK` K+1
// copies, `N+DxK` / `N-DxK` K+1 values built by repeated float addition,
// `stale` a staleness marker. Native histogram items (`{{...}}`) are checked
// and counted as slots but not decoded: Vigil's storage has no native
// histograms, so callers refuse or skip them.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "storage/labels/label_set.h"

namespace vigil::promql {

enum class ValueKind {
  number,            // `value` holds it; a stale marker is storage::stale_nan()
  omitted,           // `_`: no sample, but the slot still takes a timestamp
  native_histogram,  // `{{...}}`: unsupported, `value` is unused
};

struct SequenceValue {
  ValueKind kind = ValueKind::number;
  double value = 0;
};

struct SeriesDesc {
  storage::LabelSet labels;
  std::vector<SequenceValue> values;
};

// The labels and the expanded values of one trimmed line, or what is wrong
// with it (the caller adds the file and line).
std::expected<SeriesDesc, std::string> parse_series_desc(std::string_view line);

// The value items alone.
std::expected<std::vector<SequenceValue>, std::string> parse_series_values(std::string_view text);

// The metric alone: `name`, `name{l="v", ...}` or `{l="v", ...}`, with
// PromQL string escapes and only `=` matchers (Prometheus's ParseMetric).
std::expected<storage::LabelSet, std::string> parse_series_metric(std::string_view text);

}  // namespace vigil::promql
