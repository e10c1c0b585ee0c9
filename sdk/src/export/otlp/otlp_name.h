#pragma once
// The OTLP name and unit of a registry family, chosen so that a
// Prometheus-compatible OTLP receiver (Vigil's src/ingest/otlp/metric_name.h,
// Prometheus 3's default translation) turns them back into the family's own
// name: it appends "_total" to monotonic sums and the words of a UCUM unit
// unless the name has them, so "_total" comes off counters and a unit is sent
// as UCUM only when the name already has its word.

#include <string>

#include "vigil/metrics/metric_family.h"

namespace vigil::exporter::otlp {

struct OtlpName {
  std::string name;
  std::string unit;
};

OtlpName otlp_name(const metrics::MetricFamily& family);

}  // namespace vigil::exporter::otlp
