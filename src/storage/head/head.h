#pragma once
// The in-memory head of the TSDB: every series' recent samples, appended
// through the Appender interface and made durable through a HeadLog (the WAL)
// before an append is acknowledged.

#include <cstdint>
#include <span>
#include <vector>

#include "storage/appender.h"
#include "storage/head/series_index.h"
#include "storage/index/postings_index.h"
#include "storage/labels/validation.h"

namespace vigil::storage::head {

struct HeadOptions {
  uint32_t samples_per_chunk = 120;
  int64_t out_of_order_window_ms = 10 * 60 * 1000;
  uint64_t max_series = 0;  // 0: no limit
  LabelLimits label_limits;
};

struct NewSeries {
  uint64_t ref;
  const LabelSet* labels;
};
struct RefSample {
  uint64_t ref;
  int64_t t;
  double v;
};

// Where the head writes what it accepted, before acknowledging: the WAL.
class HeadLog {
 public:
  virtual ~HeadLog() = default;
  [[nodiscard]] virtual Result<void> log(std::span<const NewSeries> series, std::span<const RefSample> samples) = 0;
};

class Head final : public Appender {
 public:
  explicit Head(HeadOptions options, HeadLog* log = nullptr);

  [[nodiscard]] Result<AppendOutcome> append(std::span<const SeriesSamples> batch) override;

  // Replay of the log: recreate a series under its logged ref, and re-add samples, without logging.
  void restore_series(uint64_t ref, const LabelSet& labels);
  bool restore_sample(uint64_t ref, int64_t t, double v);

  uint64_t num_series() const noexcept { return index_.size(); }
  MemorySeries* series(uint64_t ref) const { return index_.by_ref(ref); }
  // The series with exactly these labels, or null.
  MemorySeries* find(const LabelSet& labels);

  // Refs of the series matching all matchers, ascending.
  std::vector<uint64_t> select(std::span<const index::Matcher> matchers) const { return postings_.select(matchers); }
  const index::PostingsIndex& postings() const noexcept { return postings_; }

  // Samples of one series in [mint, maxt], in time order.
  std::vector<Sample> samples(uint64_t ref, int64_t mint, int64_t maxt) const;

  const SeriesIndex& index() const noexcept { return index_; }

 private:
  HeadOptions options_;
  HeadLog* log_;
  SeriesIndex index_;
  index::PostingsIndex postings_;
};

}  // namespace vigil::storage::head
