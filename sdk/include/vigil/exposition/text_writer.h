#pragma once
// The Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text.

#include <string>
#include <string_view>
#include <vector>

#include "vigil/exposition/format.h"
#include "vigil/metrics/metric_family.h"

namespace vigil::exposition {

// Appends "# HELP", "# TYPE" and one line per sample for each family. HELP text
// escapes '\\' and newline; label values escape '\\', '"' and newline.
// Histograms expand to _bucket{le=...} (cumulative, ending with le="+Inf"),
// _sum and _count.
// In OpenMetrics a counter family is named without its samples' _total,
// TYPE comes first, UNIT is written when the name ends with the unit, HELP
// also escapes '"', and the exposition ends with "# EOF".
void write_exposition(std::string& out, const std::vector<metrics::MetricFamily>& families, Format format);
void write_text(std::string& out, const std::vector<metrics::MetricFamily>& families);

// A sample value as the Prometheus text format spells it: shortest digits that
// round-trip, Go's %g layout ("1e+06", "0.005", "1.5e-07"), "+Inf", "-Inf", "NaN".
std::string format_float(double v);
void append_float(std::string& out, double v);

}  // namespace vigil::exposition
