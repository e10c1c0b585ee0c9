#pragma once
// The engine's view of a storage database.

#include "promql/engine/engine.h"
#include "storage/database.h"

namespace vigil::promql {

class StorageQueryable final : public Queryable {
 public:
  explicit StorageQueryable(const storage::Database& database) : database_(database) {}

  Result<std::unique_ptr<SelectedSeries>> select(int64_t mint, int64_t maxt,
                                                 std::span<const storage::index::Matcher> matchers) const override {
    auto selection = database_.querier(mint, maxt).select_lazily(matchers);
    if (!selection) return std::unexpected(selection.error());
    return std::make_unique<Selection>(std::move(*selection));
  }

 private:
  class Selection final : public SelectedSeries {
   public:
    explicit Selection(storage::SeriesSelection selection) : selection_(std::move(selection)) {}
    size_t size() const override { return selection_.size(); }
    const storage::LabelSet& labels(size_t i) const override { return selection_.labels(i); }
    Result<std::vector<storage::Sample>> samples(size_t i) const override { return selection_.samples(i); }

   private:
    storage::SeriesSelection selection_;
  };

  const storage::Database& database_;
};

}  // namespace vigil::promql
