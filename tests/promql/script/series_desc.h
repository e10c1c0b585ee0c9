#pragma once
// A series description as promqltest reads it (Prometheus's parser in
// series-description mode): a metric, then whitespace-separated value items
// that expand to a sequence, e.g. `up{job="a"} 1 0+10x3 _x2 stale`.
// Native histogram items (`{{...}}`) are counted as slots but not decoded:
// Vigil's storage has no native histograms, so the runner skips them.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "storage/labels/label_set.h"

namespace vigil::promql::script {

// Prometheus's staleness marker, a NaN with this exact bit pattern.
inline constexpr uint64_t kStaleNaNBits = 0x7ff0000000000002;
double stale_nan() noexcept;
bool is_stale_nan(double value) noexcept;

enum class ValueKind {
  number,            // `value` holds it; a stale marker is stale_nan()
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

}  // namespace vigil::promql::script
