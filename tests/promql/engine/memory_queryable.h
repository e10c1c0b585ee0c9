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

  Result<void> select(int64_t mint, int64_t maxt, std::span<const storage::index::Matcher> matchers,
                      const std::function<void(storage::SeriesData&&)>& visit) const override {
    ++selects;
    for (const auto& series : series_) {
      const bool matches = std::all_of(matchers.begin(), matchers.end(), [&](const storage::index::Matcher& m) {
        return m.matches(series.labels.get(m.name()));
      });
      if (!matches) continue;
      storage::SeriesData selected{series.labels, {}};
      for (const auto& sample : series.samples)
        if (sample.t >= mint && sample.t <= maxt) selected.samples.push_back(sample);
      if (!selected.samples.empty()) visit(std::move(selected));
    }
    return {};
  }

  mutable int selects = 0;

 private:
  std::vector<storage::SeriesData> series_;
};

}  // namespace vigil::promql::testing
