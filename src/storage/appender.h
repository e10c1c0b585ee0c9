#pragma once
// The one write path into storage, used by ingestion, rules, SLOs, anomaly
// detection and health: a batch of many series' samples per call, with a
// reject for each sample that was not stored and why.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "storage/labels/label_set.h"
#include "storage/sample.h"

namespace vigil::storage {

enum class RejectReason {
  out_of_bounds,        // older than the head accepts (before the oldest writable block)
  out_of_order,         // older than the series' newest sample by more than the out-of-order window
  duplicate_timestamp,  // a sample for this timestamp exists with a different value
  invalid_series,       // labels fail validation
  series_limit,         // a new series over the configured limit
};
const char* to_string(RejectReason reason) noexcept;

struct SeriesSamples {
  LabelSet labels;
  std::vector<Sample> samples;  // any order; each is judged on its own
};

// A series whose labels and samples live elsewhere (a decoded request body):
// what the append path reads, so that a series already stored costs no copy.
struct SeriesView {
  LabelViews labels;                // sorted by name, unique names, no empty value
  std::span<const Sample> samples;  // any order; each is judged on its own
  // When not 0: the series these samples belong to, as an earlier outcome's
  // `refs` named it, and `labels` may be left empty. Refs are never reused;
  // a ref whose series has since left storage's head is listed in the
  // outcome's `unknown_refs` and nothing of it is appended: the caller sends
  // it again with its labels.
  uint64_t ref = 0;
};

struct SampleReject {
  uint32_t series_index;  // into the batch
  uint32_t sample_index;  // into that series' samples; all of them for invalid_series / series_limit
  RejectReason reason;
};

struct AppendOutcome {
  uint64_t appended = 0;
  uint64_t series_created = 0;
  std::vector<SampleReject> rejects;
  std::string first_error;             // a readable explanation of the first reject, for API responses
  std::vector<uint64_t> refs;          // each batch series' ref, 0 where it has none (rejected whole)
  std::vector<uint32_t> unknown_refs;  // batch indices whose ref is no longer known, ascending
};

// What an append does with a series whose labels fail validation.
enum class InvalidSeries {
  reject_samples,  // its samples are rejected as invalid_series; the rest of the batch is appended
  refuse_batch,    // nothing of the batch is appended: an invalid_argument Error names the series
};

class Appender {
 public:
  virtual ~Appender() = default;
  // Returns once every accepted sample is durable per the fsync policy. An
  // error means none of the batch is acknowledged (the caller may retry:
  // re-appending an identical sample is accepted as a no-op).
  [[nodiscard]] virtual Result<AppendOutcome> append_views(std::span<const SeriesView> batch,
                                                           InvalidSeries invalid) = 0;

  // The same for series that own their labels and samples.
  [[nodiscard]] Result<AppendOutcome> append(std::span<const SeriesSamples> batch,
                                             InvalidSeries invalid = InvalidSeries::reject_samples);
};

}  // namespace vigil::storage
