#include "ingest/remote_write/series_ref_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil::ingest::remote_write {
namespace {

uint64_t find(SeriesRefCache& cache, std::string_view raw) { return cache.find(raw, SeriesRefCache::hash(raw)); }
void insert(SeriesRefCache& cache, std::string_view raw, uint64_t ref) {
  cache.insert(raw, SeriesRefCache::hash(raw), ref);
}

TEST(SeriesRefCache, FindsOnlyTheSameBytes) {
  SeriesRefCache cache(1 << 20);
  insert(cache, "labels of a", 7);
  EXPECT_EQ(find(cache, "labels of a"), 7u);
  EXPECT_EQ(find(cache, "labels of b"), 0u);
  // Under the hash of other bytes: the bytes are compared, not only hashed.
  EXPECT_EQ(cache.find("labels of b", SeriesRefCache::hash("labels of a")), 0u);
  insert(cache, "labels of a", 8);
  EXPECT_EQ(find(cache, "labels of a"), 8u);
  cache.forget("labels of a", SeriesRefCache::hash("labels of a"));
  EXPECT_EQ(find(cache, "labels of a"), 0u);
}

TEST(SeriesRefCache, StaysNearItsBoundAndKeepsWhatIsInUse) {
  constexpr size_t kBound = 64 << 10;
  SeriesRefCache cache(kBound);
  insert(cache, "hot", 1);
  for (uint64_t i = 0; i < 100'000; ++i) {
    insert(cache, "series number " + std::to_string(i), i + 2);
    // Found now and then: moved along into the newer half every turn.
    if (i % 64 == 0) {
      ASSERT_EQ(find(cache, "hot"), 1u) << i;
    }
  }
  // An arena's growth can pass its half for a while: at most twice the bound.
  EXPECT_LE(cache.memory_bytes(), 2 * kBound);
  EXPECT_EQ(find(cache, "series number 99999"), 100'001u);
  EXPECT_EQ(find(cache, "series number 0"), 0u);  // long forgotten
}

TEST(SeriesRefCache, KeepsNothingLargerThanAHalfStripe) {
  SeriesRefCache cache(64 << 10);
  const std::string huge(64 << 10, 'x');
  insert(cache, huge, 5);
  EXPECT_EQ(find(cache, huge), 0u);
}

}  // namespace
}  // namespace vigil::ingest::remote_write
