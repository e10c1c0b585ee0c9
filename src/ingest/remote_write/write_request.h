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

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "ingest/remote_write/series_ref_cache.h"
#include "storage/appender.h"
#include "storage/labels/validation.h"

namespace vigil::ingest::remote_write {

// The series of one request as views: label strings point into the message
// (which must outlive this), samples into a vector here. A series the cache
// knew has its ref and no labels. Meant to be reused request after request
// by one thread, so that its vectors keep their capacity and decoding
// allocates nothing in the steady state.
class DecodedWriteRequest {
 public:
  std::span<const storage::SeriesView> series() const noexcept { return series_; }
  uint64_t sample_count() const noexcept { return samples_.size(); }
  // The bytes of series i's label fields in the message, the key under which
  // a cache remembers it; none when other fields come between its labels.
  std::optional<std::string_view> label_bytes(size_t i) const noexcept;
  // Gives back memory past `keep_bytes` that an unusually large request took.
  void release_beyond(size_t keep_bytes);

 private:
  friend Result<void> decode_write_request(std::string_view message, const storage::LabelLimits& limits,
                                           SeriesRefCache* cache, DecodedWriteRequest& out);
  struct Extent {
    uint32_t first_label, label_count;
    uint32_t first_sample, sample_count;
    uint64_t ref;
    size_t labels_begin, labels_end;  // in the message
    bool labels_contiguous;
  };
  void clear() noexcept;

  std::string_view message_;
  std::vector<storage::LabelView> labels_;  // every series' labels, series after series
  std::vector<storage::Sample> samples_;    // likewise
  std::vector<Extent> extents_;             // each series' share of the two
  std::vector<storage::SeriesView> series_;
};

// Every series of the request into `out`, or the first problem found: wire
// format errors name the byte offset, series errors the series' index (and
// its offset). Each series' labels are sorted by name, with unique names, a
// metric name in __name__ and at most `limits.max_labels_per_series`; a
// label with an empty value is dropped, as Prometheus treats it as absent.
// The rest of `limits` and the label syntax are storage's to check, for new
// series only (storage::InvalidSeries::refuse_batch keeps the request all or
// nothing). The caller appends only a request that decoded entirely.
// With a cache, a series whose label bytes it knows is decoded to its ref
// alone (its labels passed every check when they were first decoded).
Result<void> decode_write_request(std::string_view message, const storage::LabelLimits& limits, SeriesRefCache* cache,
                                  DecodedWriteRequest& out);

}  // namespace vigil::ingest::remote_write
