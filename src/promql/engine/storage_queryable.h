#pragma once
// The engine's view of a storage database.

#include "promql/engine/engine.h"
#include "storage/database.h"

namespace vigil::promql {

class StorageQueryable final : public Queryable {
 public:
  explicit StorageQueryable(const storage::Database& database) : database_(database) {}

  Result<void> select(int64_t mint, int64_t maxt, std::span<const storage::index::Matcher> matchers,
                      const std::function<void(storage::SeriesData&&)>& visit) const override {
    return database_.querier(mint, maxt).for_each_series(matchers, visit);
  }

 private:
  const storage::Database& database_;
};

}  // namespace vigil::promql
