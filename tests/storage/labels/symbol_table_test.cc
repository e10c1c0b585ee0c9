#include "storage/labels/symbol_table.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace vigil::storage {
namespace {

TEST(SymbolTable, SameStringSameId) {
  SymbolTable table;
  uint32_t job = table.intern("job");
  uint32_t up = table.intern("up");
  EXPECT_EQ(table.intern(std::string("job")), job);
  EXPECT_NE(job, up);
  EXPECT_EQ(table.lookup(job), "job");
  EXPECT_EQ(table.lookup(up), "up");
  EXPECT_EQ(table.size(), 2u);
}

TEST(SymbolTable, IdsAreDense) {
  SymbolTable table;
  for (uint32_t i = 0; i < 5000; ++i) EXPECT_EQ(table.intern("s" + std::to_string(i)), i);
  EXPECT_EQ(table.size(), 5000u);
  EXPECT_EQ(table.lookup(4999), "s4999");
}

TEST(SymbolTable, EmptyStringIsASymbol) {
  SymbolTable table;
  uint32_t id = table.intern("");
  EXPECT_EQ(table.intern(""), id);
  EXPECT_EQ(table.lookup(id), "");
}

TEST(SymbolTable, UnknownIdLooksUpEmpty) {
  SymbolTable table;
  table.intern("a");
  EXPECT_EQ(table.lookup(1), "");
  EXPECT_EQ(table.lookup(4'000'000'000u), "");
}

TEST(SymbolTable, ViewsStayValidAsTableGrows) {
  SymbolTable table;
  std::string_view first = table.lookup(table.intern("a long string that is not stored inline"));
  std::string_view small = table.lookup(table.intern("x"));
  for (int i = 0; i < 100000; ++i) table.intern(std::to_string(i));
  EXPECT_EQ(first, "a long string that is not stored inline");
  EXPECT_EQ(small, "x");
}

TEST(SymbolTable, MemoryGrowsWithContent) {
  SymbolTable table;
  size_t before = table.memory_bytes();
  for (int i = 0; i < 1000; ++i) table.intern(std::string(100, 'a') + std::to_string(i));
  EXPECT_GT(table.memory_bytes(), before + 100 * 1000);
}

TEST(SymbolTable, ConcurrentInternsAgree) {
  SymbolTable table;
  constexpr int kThreads = 4;
  constexpr int kStrings = 20000;
  // Each thread interns the same strings in a different order.
  std::vector<std::vector<uint32_t>> ids(kThreads, std::vector<uint32_t>(kStrings));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kStrings; ++k) {
        int i = (k * 7919 + t * 5003) % kStrings;  // 7919 is prime, so this visits every i
        ids[t][i] = table.intern("value_" + std::to_string(i));
        EXPECT_EQ(table.lookup(ids[t][i]), "value_" + std::to_string(i));
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(table.size(), static_cast<size_t>(kStrings));
  std::vector<bool> seen(kStrings, false);
  for (int i = 0; i < kStrings; ++i) {
    for (int t = 1; t < kThreads; ++t) ASSERT_EQ(ids[t][i], ids[0][i]) << "string " << i;
    ASSERT_LT(ids[0][i], static_cast<uint32_t>(kStrings));
    ASSERT_FALSE(seen[ids[0][i]]) << "id given twice: " << ids[0][i];
    seen[ids[0][i]] = true;
    EXPECT_EQ(table.lookup(ids[0][i]), "value_" + std::to_string(i));
  }
}

}  // namespace
}  // namespace vigil::storage
