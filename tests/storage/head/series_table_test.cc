#include "storage/head/series_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace vigil::storage::head {
namespace {

// The table never dereferences its pointers, so fake addresses stand for series.
MemorySeries* fake(uintptr_t id) { return reinterpret_cast<MemorySeries*>(id * 16); }

TEST(SeriesTable, AgreesWithAMultimapUnderRandomInsertsAndErases) {
  SeriesTable table;
  std::multimap<uint64_t, MemorySeries*> model;
  std::mt19937_64 rng(7);
  uintptr_t next = 1;
  for (int step = 0; step < 20000; ++step) {
    // Few distinct keys, so that equal keys and long probe runs occur.
    uint64_t key = rng() % 512;
    if (rng() % 3 != 0 || model.empty()) {
      MemorySeries* s = fake(next++);
      table.insert(key, s);
      model.emplace(key, s);
    } else {
      auto it = model.lower_bound(key);
      if (it == model.end()) it = model.begin();
      EXPECT_TRUE(table.erase(it->first, it->second));
      model.erase(it);
    }
    ASSERT_EQ(table.size(), model.size());
  }
  for (const auto& [key, s] : model) {
    EXPECT_EQ(table.find(key, [&](const MemorySeries& c) { return &c == s; }), s);
  }
  size_t seen = 0;
  table.for_each([&](const MemorySeries&) { ++seen; });
  EXPECT_EQ(seen, model.size());
  EXPECT_FALSE(table.erase(100000, fake(1)));
  EXPECT_EQ(table.find(100000, [](const MemorySeries&) { return true; }), nullptr);
}

}  // namespace
}  // namespace vigil::storage::head
