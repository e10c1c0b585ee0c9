#include "ingest/counting_appender.h"

#include <map>

namespace vigil::ingest {

CountingAppender::CountingAppender(storage::Appender& storage, metrics::Registry& registry)
    : storage_(storage),
      appended_(
          registry.counter("vigil_ingest_samples_appended_total", "Samples stored from remote write, scrapes and OTLP.")
              .with({})),
      rejected_(registry.counter("vigil_ingest_rejected_samples_total",
                                 "Samples from remote write, scrapes and OTLP that storage refused, by reason.",
                                 {"reason"})) {
  // Every reason from the start, at 0: a rate over a series that appears only
  // with the first reject would miss that reject.
  for (auto reason : {storage::RejectReason::out_of_bounds, storage::RejectReason::out_of_order,
                      storage::RejectReason::duplicate_timestamp, storage::RejectReason::invalid_series,
                      storage::RejectReason::series_limit}) {
    rejected_.with({storage::to_string(reason)});
  }
}

Result<storage::AppendOutcome> CountingAppender::append_views(std::span<const storage::SeriesView> batch,
                                                              storage::InvalidSeries invalid) {
  auto outcome = storage_.append_views(batch, invalid);
  if (!outcome) return outcome;
  appended_.inc(static_cast<double>(outcome->appended));
  std::map<storage::RejectReason, uint64_t> by_reason;
  for (const storage::SampleReject& reject : outcome->rejects) ++by_reason[reject.reason];
  for (const auto& [reason, n] : by_reason) rejected_.with({storage::to_string(reason)}).inc(static_cast<double>(n));
  return outcome;
}

}  // namespace vigil::ingest
