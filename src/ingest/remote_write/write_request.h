#pragma once
// Decoding a Prometheus remote write 1.0 request body (after snappy) into
// validated series, ready for the appender:
//
//   WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
//   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2;
//                  repeated Exemplar exemplars = 3; repeated Histogram histograms = 4; }
//   Label        { string name = 1; string value = 2; }
//   Sample       { double value = 1; int64 timestamp = 2; }
//
// Exemplars and metadata are skipped (storage keeps neither yet), as are
// fields this decoder does not know. Native histograms refuse the request:
// dropping them silently would lose data the sender believes stored.

#include <string_view>
#include <vector>

#include "core/error.h"
#include "storage/appender.h"
#include "storage/labels/validation.h"

namespace vigil::ingest::remote_write {

// Every series of the request, or the first problem found: wire format
// errors name the byte offset, series errors the series' index (and its
// offset) and the label. Each series' labels are sorted by name, with unique
// names, a valid metric name in __name__, and within `limits`; a label with an
// empty value is dropped, as Prometheus treats it as absent. All or nothing:
// the caller appends only a request that decoded entirely.
Result<std::vector<storage::SeriesSamples>> decode_write_request(std::string_view message,
                                                                 const storage::LabelLimits& limits);

}  // namespace vigil::ingest::remote_write
