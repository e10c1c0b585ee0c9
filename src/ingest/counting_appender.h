#pragma once
// The appender every ingestion path writes through (remote write, scrapes,
// OTLP): it forwards to storage and counts what storage stored and refused,
// as vigil_ingest_samples_appended_total and
// vigil_ingest_rejected_samples_total{reason}, so that refused samples show
// up in one place whichever way they came.

#include "storage/appender.h"
#include "vigil/metrics/registry.h"

namespace vigil::ingest {

class CountingAppender final : public storage::Appender {
 public:
  CountingAppender(storage::Appender& storage, metrics::Registry& registry);

  [[nodiscard]] Result<storage::AppendOutcome> append_views(std::span<const storage::SeriesView> batch,
                                                            storage::InvalidSeries invalid) override;

 private:
  storage::Appender& storage_;
  metrics::Counter& appended_;
  metrics::Family<metrics::Counter>& rejected_;
};

}  // namespace vigil::ingest
