#pragma once
// The engine's view of a storage database, or of a bare head (no WAL, no
// blocks: the in-memory store of `vigil test rules`).

#include "promql/engine/engine.h"
#include "storage/database.h"

namespace vigil::promql {

// The series a storage querier chose, as the engine reads them.
class QuerierSelection final : public SelectedSeries {
 public:
  explicit QuerierSelection(storage::SeriesSelection selection) : selection_(std::move(selection)) {}
  size_t size() const override { return selection_.size(); }
  const storage::LabelSet& labels(size_t i) const override { return selection_.labels(i); }
  Result<std::vector<storage::Sample>> samples(size_t i) const override { return selection_.samples(i); }

  static Result<std::unique_ptr<SelectedSeries>> select(const storage::Querier& querier,
                                                        std::span<const storage::index::Matcher> matchers) {
    auto selection = querier.select_lazily(matchers);
    if (!selection) return std::unexpected(selection.error());
    return std::make_unique<QuerierSelection>(std::move(*selection));
  }

 private:
  storage::SeriesSelection selection_;
};

class StorageQueryable final : public Queryable {
 public:
  explicit StorageQueryable(const storage::Database& database) : database_(database) {}

  Result<std::unique_ptr<SelectedSeries>> select(int64_t mint, int64_t maxt,
                                                 std::span<const storage::index::Matcher> matchers) const override {
    return QuerierSelection::select(database_.querier(mint, maxt), matchers);
  }

 private:
  const storage::Database& database_;
};

class HeadQueryable final : public Queryable {
 public:
  explicit HeadQueryable(const storage::head::Head& head) : head_(head) {}

  Result<std::unique_ptr<SelectedSeries>> select(int64_t mint, int64_t maxt,
                                                 std::span<const storage::index::Matcher> matchers) const override {
    return QuerierSelection::select(storage::Querier(head_, {}, mint, maxt), matchers);
  }

 private:
  const storage::head::Head& head_;
};

}  // namespace vigil::promql
