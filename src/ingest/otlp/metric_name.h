#pragma once
// OTLP metric names and units to Prometheus metric names, as Prometheus 3's
// OTLP receiver builds them by default (translation strategy
// UnderscoreEscapingWithSuffixes): characters outside [a-zA-Z0-9:] split the
// name into words joined by `_`, the unit becomes a word suffix (`s` ->
// `seconds`, `By/s` -> `bytes_per_second`), monotonic sums end in `_total`,
// gauges with unit `1` in `_ratio`. docs/otlp.md has the rules and the table.

#include <string>
#include <string_view>

namespace vigil::ingest::otlp {

enum class MetricKind { gauge, monotonic_counter, non_monotonic_sum, histogram, summary };

// The unit's words, "" when the unit adds none: "s" -> "seconds",
// "By/s" -> "bytes_per_second", "{request}" -> "", "1" -> "".
std::string unit_suffix(std::string_view unit);

// The Prometheus name of a metric, without the `_bucket`/`_sum`/`_count`
// of histograms and summaries. Empty when nothing valid is left (a name made
// only of invalid characters).
std::string prometheus_metric_name(std::string_view name, std::string_view unit, MetricKind kind);

}  // namespace vigil::ingest::otlp
