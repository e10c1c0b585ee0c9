#include "storage/appender.h"

namespace vigil::storage {

const char* to_string(RejectReason reason) noexcept {
  switch (reason) {
    case RejectReason::out_of_bounds:
      return "out_of_bounds";
    case RejectReason::out_of_order:
      return "out_of_order";
    case RejectReason::duplicate_timestamp:
      return "duplicate_timestamp";
    case RejectReason::invalid_series:
      return "invalid_series";
    case RejectReason::series_limit:
      return "series_limit";
  }
  return "unknown";
}

Result<AppendOutcome> Appender::append(std::span<const SeriesSamples> batch, InvalidSeries invalid) {
  size_t label_count = 0;
  for (const SeriesSamples& series : batch) label_count += series.labels.size();
  std::vector<LabelView> labels;
  labels.reserve(label_count);
  std::vector<SeriesView> views;
  views.reserve(batch.size());
  for (const SeriesSamples& series : batch) {
    const size_t first = labels.size();
    for (const Label& label : series.labels) labels.push_back({label.name, label.value});
    views.push_back({LabelViews(labels.data() + first, series.labels.size()), series.samples});
  }
  return append_views(views, invalid);
}

}  // namespace vigil::storage
