#include "integration/stored_data.h"

#include <gtest/gtest.h>

#include <limits>

#include "storage/database.h"
#include "storage/index/selector.h"

namespace vigil::testing {

storage::SeriesSamples make_series(std::vector<storage::Label> labels, std::vector<storage::Sample> samples) {
  return {storage::LabelSet::from(std::move(labels)).value(), std::move(samples)};
}

void store(const std::string& dir, const std::vector<storage::SeriesSamples>& series, bool into_blocks) {
  auto db = storage::Database::open(dir);
  ASSERT_TRUE(db) << db.error().message;
  auto appended = (*db)->appender().append(series);
  ASSERT_TRUE(appended) << appended.error().message;
  ASSERT_TRUE(appended->rejects.empty()) << appended->first_error;
  if (into_blocks) {
    auto flushed = (*db)->flush_head();
    ASSERT_TRUE(flushed) << flushed.error().message;
  }
  auto closed = (*db)->close();
  ASSERT_TRUE(closed) << closed.error().message;
}

std::vector<storage::SeriesData> read_all(const std::string& dir) {
  auto db = storage::Database::open(dir);
  EXPECT_TRUE(db) << db.error().message;
  if (!db) return {};
  auto matchers = storage::index::parse_series_selector(R"({__name__=~".+"})").value();
  auto selected =
      (*db)->querier(std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()).select(matchers);
  EXPECT_TRUE(selected) << selected.error().message;
  EXPECT_TRUE((*db)->close());
  return selected.value_or(std::vector<storage::SeriesData>{});
}

}  // namespace vigil::testing
