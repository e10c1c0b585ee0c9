#include "storage/head/head.h"

namespace vigil::storage::head {


Head::Head(HeadOptions options, HeadLog* log)
    : options_(options), log_(log), index_(options.samples_per_chunk) {}

Result<AppendOutcome> Head::append(std::span<const SeriesSamples> batch) {
  AppendOutcome outcome;
  std::vector<NewSeries> created;
  std::vector<RefSample> accepted;
  auto reject = [&](uint32_t series_index, uint32_t sample_index, RejectReason reason, const std::string& why) {
    if (outcome.rejects.empty()) outcome.first_error = why;
    outcome.rejects.push_back({series_index, sample_index, reason});
  };

  for (uint32_t i = 0; i < batch.size(); ++i) {
    const SeriesSamples& item = batch[i];
    if (item.samples.empty()) continue;
    // Validation and creation only for a series not seen before: every
    // series in the index passed validation when it was created.
    const uint64_t hash = item.labels.hash();
    SeriesIndex::Found found{index_.find(item.labels, hash), false};
    if (found.series == nullptr) {
      if (auto valid = validate(item.labels, options_.label_limits); !valid) {
        for (uint32_t j = 0; j < item.samples.size(); ++j) reject(i, j, RejectReason::invalid_series, valid.error().message);
        continue;
      }
      found = index_.get_or_create(item.labels, hash, options_.max_series);
    }
    if (found.series == nullptr) {
      for (uint32_t j = 0; j < item.samples.size(); ++j) {
        reject(i, j, RejectReason::series_limit,
               "series " + item.labels.to_string() + ": the limit of " + std::to_string(options_.max_series) +
                   " series is reached");
      }
      continue;
    }
    MemorySeries& series = *found.series;
    if (found.created) {
      postings_.add(series.ref(), series.labels());
      created.push_back({series.ref(), &series.labels()});
      ++outcome.series_created;
    }
    std::lock_guard lock(series.mutex());
    for (uint32_t j = 0; j < item.samples.size(); ++j) {
      const Sample& s = item.samples[j];
      switch (series.append(s.t, s.v, options_.out_of_order_window_ms)) {
        case MemorySeries::Outcome::appended:
          accepted.push_back({series.ref(), s.t, s.v});
          ++outcome.appended;
          break;
        case MemorySeries::Outcome::unchanged:
          break;  // the same sample again: idempotent, nothing to log
        case MemorySeries::Outcome::duplicate_timestamp:
          reject(i, j, RejectReason::duplicate_timestamp,
                 "series " + series.labels().to_string() + ": a different value exists for timestamp " +
                     std::to_string(s.t));
          break;
        case MemorySeries::Outcome::out_of_order:
          reject(i, j, RejectReason::out_of_order,
                 "series " + series.labels().to_string() + ": timestamp " + std::to_string(s.t) +
                     " is older than the out-of-order window allows (newest " + std::to_string(series.max_time()) +
                     ")");
          break;
      }
    }
  }
  if (log_ != nullptr && (!created.empty() || !accepted.empty())) {
    if (auto logged = log_->log(created, accepted); !logged) return std::unexpected(logged.error());
  }
  return outcome;
}

void Head::restore_series(uint64_t ref, const LabelSet& labels) {
  auto found = index_.get_or_create(labels, labels.hash(), 0, ref);
  if (found.created) postings_.add(found.series->ref(), found.series->labels());
}

bool Head::restore_sample(uint64_t ref, int64_t t, double v) {
  MemorySeries* series = index_.by_ref(ref);
  if (series == nullptr) return false;
  std::lock_guard lock(series->mutex());
  // The log only holds samples that were accepted, so the window does not apply.
  auto result = series->append(t, v, INT64_MAX);
  return result == MemorySeries::Outcome::appended || result == MemorySeries::Outcome::unchanged;
}

MemorySeries* Head::find(const LabelSet& labels) { return index_.find(labels, labels.hash()); }

std::vector<Sample> Head::samples(uint64_t ref, int64_t mint, int64_t maxt) const {
  std::vector<Sample> out;
  if (MemorySeries* series = index_.by_ref(ref)) {
    std::lock_guard lock(series->mutex());
    series->collect(mint, maxt, out);
  }
  return out;
}

}  // namespace vigil::storage::head
