#pragma once
// Prometheus text exposition format 0.0.4.

#include <string>
#include <string_view>
#include <vector>

#include "vigil/metrics/metric_family.h"

namespace vigil::exposition {

inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// Appends "# HELP", "# TYPE" and one line per sample for each family. HELP text
// escapes '\\' and newline; label values escape '\\', '"' and newline.
// Histograms expand to _bucket{le=...} (cumulative, ending with le="+Inf"),
// _sum and _count.
void write_text(std::string& out, const std::vector<metrics::MetricFamily>& families);

// A sample value as the Prometheus text format spells it: shortest digits that
// round-trip, Go's %g layout ("1e+06", "0.005", "1.5e-07"), "+Inf", "-Inf", "NaN".
std::string format_float(double v);
void append_float(std::string& out, double v);

}  // namespace vigil::exposition
