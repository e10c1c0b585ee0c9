#pragma once
// An OTLP ExportMetricsServiceRequest to Prometheus series, the way
// Prometheus 3's OTLP receiver maps them (docs/otlp.md has every rule).
// Data points that cannot be stored are rejected one by one, with the reason,
// for OTLP's partial success; the rest are translated.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "ingest/otlp/delta_converter.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "storage/appender.h"
#include "storage/labels/validation.h"

namespace vigil::ingest::otlp {

struct TranslateOptions {
  // Storage's limits: a point whose series would break them is rejected here,
  // with a message, rather than by storage.
  storage::LabelLimits label_limits;
  // Prometheus's otlp.promote_scope_metadata: otel_scope_name,
  // otel_scope_version, otel_scope_schema_url and otel_scope_<attribute>
  // labels on every series. Off by default, as in Prometheus 3.
  bool promote_scope_metadata = false;
};

// Series that come from no data point (target_info).
inline constexpr uint32_t kNoDataPoint = std::numeric_limits<uint32_t>::max();

struct Translation {
  std::vector<storage::SeriesSamples> series;
  std::vector<uint32_t> point_of_series;  // per series: the data point (in request order) it came from
  uint64_t data_points = 0;               // in the request
  uint64_t rejected_points = 0;
  std::vector<std::string> problems;  // the first kMaxProblems reasons
  uint64_t problem_count = 0;         // all of them
  DeltaChanges delta_changes;         // to undo when storage fails
};

inline constexpr size_t kMaxProblems = 5;

// Records a problem (counted always, its text kept for the first few).
void note_problem(Translation& translation, std::string problem);

Translation translate(const opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest& request,
                      const TranslateOptions& options, DeltaConverter& deltas);

}  // namespace vigil::ingest::otlp
