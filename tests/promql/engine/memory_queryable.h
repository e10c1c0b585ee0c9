#pragma once
// A Queryable over series held in memory, for engine tests that need exact
// control of the stored samples without a storage directory.

#include <algorithm>
#include <initializer_list>
#include <utility>
#include <vector>

#include "promql/engine/engine.h"

namespace vigil::promql::testing {

class MemoryQueryable final : public Queryable {
 public:
  // `{{"__name__","x"},{"job","a"}}` with samples (ms, value).
  void add(std::vector<storage::Label> labels, std::vector<storage::Sample> samples) {
    series_.push_back({*storage::LabelSet::from(std::move(labels)), std::move(samples)});
    std::sort(series_.begin(), series_.end(),
              [](const storage::SeriesData& a, const storage::SeriesData& b) { return a.labels < b.labels; });
  }

  Result<std::unique_ptr<SelectedSeries>> select(int64_t mint, int64_t maxt,
                                                 std::span<const storage::index::Matcher> matchers) const override {
    ++selects;
    auto selection = std::make_unique<Selection>();
    for (const auto& series : series_) {
      const bool matches = std::all_of(matchers.begin(), matchers.end(), [&](const storage::index::Matcher& m) {
        return m.matches(series.labels.get(m.name()));
      });
      if (!matches) continue;
      storage::SeriesData selected{series.labels, {}};
      for (const auto& sample : series.samples)
        if (sample.t >= mint && sample.t <= maxt) selected.samples.push_back(sample);
      if (!selected.samples.empty()) selection->series.push_back(std::move(selected));
    }
    return selection;
  }

  mutable int selects = 0;

 private:
  struct Selection final : SelectedSeries {
    size_t size() const override { return series.size(); }
    const storage::LabelSet& labels(size_t i) const override { return series[i].labels; }
    Result<std::vector<storage::Sample>> samples(size_t i) const override { return series[i].samples; }
    std::vector<storage::SeriesData> series;
  };

  std::vector<storage::SeriesData> series_;
};

}  // namespace vigil::promql::testing
