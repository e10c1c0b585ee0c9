#pragma once
// The remote write 1.0 receiver without the HTTP server: headers and body in,
// the status code Prometheus's own receiver would answer out. The status is
// the protocol: senders retry 5xx and drop 4xx, so a request that can never
// succeed must get a 4xx and one that may succeed later a 5xx.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "ingest/remote_write/series_ref_cache.h"
#include "storage/appender.h"
#include "storage/labels/validation.h"

namespace vigil::ingest::remote_write {

struct ReceiverOptions {
  // Series are validated against these before anything is appended; they
  // should be storage's own limits, so that what the decoder accepts the
  // head accepts too.
  storage::LabelLimits label_limits;
  // The decompressed body. Snappy can expand a body about 20 times (the HTTP
  // server limits the compressed one), so this bounds the memory of one
  // request; decoding takes up to about 8 times this again.
  uint64_t max_decompressed_bytes = 64ULL << 20;
  // Refs of the series seen before, by their label bytes (null: none kept).
  // The appender must be the storage that handed out those refs.
  SeriesRefCache* series_refs = nullptr;
};

// What the HTTP route gives its SeriesRefCache: enough for the label bytes of
// about 40,000 series (a series' bytes and entry take about 200).
inline constexpr size_t kSeriesRefCacheBytes = 8 << 20;

struct WriteRequestHeaders {
  std::string_view content_type;      // empty when absent
  std::string_view content_encoding;  // empty when absent
};

// What one request did, for the receiver's counters.
struct WriteCounts {
  uint64_t samples_received = 0;  // in requests that decoded
  uint64_t samples_appended = 0;
  std::map<storage::RejectReason, uint64_t> samples_rejected;
};

struct WriteOutcome {
  unsigned status = 204;  // 204, 400, 413, 415 or 500
  std::string message;    // why, when not 204: the response body
  WriteCounts counts;
};

// Checks the headers, decompresses (snappy block format), decodes and
// validates the whole request, and only then appends it:
//   204  everything was appended;
//   400  the body does not decode or a series is invalid (nothing appended),
//        or storage refused some samples (the others stay appended; the
//        message is the appender's first error), as Prometheus answers both;
//   413  the body decompresses to more than max_decompressed_bytes;
//   415  a Content-Type other than remote write 1.0 protobuf (2.0 included)
//        or a Content-Encoding other than snappy;
//   500  storage failed: nothing was acknowledged, the sender should retry.
// The X-Prometheus-Remote-Write-Version header is not consulted: the
// Content-Type decides the version, as the 2.0 specification says.
WriteOutcome receive_write_request(storage::Appender& appender, const WriteRequestHeaders& headers,
                                   std::string_view body, const ReceiverOptions& options);

}  // namespace vigil::ingest::remote_write
