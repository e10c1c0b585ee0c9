#pragma once
// A registry snapshot as one OTLP ExportMetricsServiceRequest: one resource,
// one scope, one metric per family, CUMULATIVE temporality (otlp_exporter.h
// lists the mapping).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "vigil/metrics/metric_family.h"

namespace vigil::exporter::otlp {

struct CollectionTimes {
  uint64_t start_unix_nano = 0;  // when the cumulative values began
  uint64_t time_unix_nano = 0;   // the collection
};

opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest export_request(
    const std::vector<metrics::MetricFamily>& families, const std::map<std::string, std::string>& resource,
    CollectionTimes times);

}  // namespace vigil::exporter::otlp
