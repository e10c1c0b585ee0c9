#include "vigil/log/correlation.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

namespace vigil::log {
namespace {

TEST(CorrelationScopeTest, EmptyOutsideAnyScope) { EXPECT_EQ(CorrelationScope::current(), ""); }

TEST(CorrelationScopeTest, NestedScopesRestoreTheOuterId) {
  {
    CorrelationScope outer("outer");
    EXPECT_EQ(CorrelationScope::current(), "outer");
    {
      CorrelationScope inner("inner");
      EXPECT_EQ(CorrelationScope::current(), "inner");
    }
    EXPECT_EQ(CorrelationScope::current(), "outer");
  }
  EXPECT_EQ(CorrelationScope::current(), "");
}

TEST(CorrelationScopeTest, EachThreadHasItsOwnStack) {
  CorrelationScope main_scope("main");
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      if (!CorrelationScope::current().empty()) ++failures[t];  // nothing inherited from main
      const std::string mine = "thread-" + std::to_string(t);
      CorrelationScope scope(mine);
      for (int i = 0; i < 1000; ++i) {
        const std::string nested = mine + "-" + std::to_string(i);
        CorrelationScope inner(nested);
        if (CorrelationScope::current() != nested) ++failures[t];
        std::this_thread::yield();
      }
      if (CorrelationScope::current() != mine) ++failures[t];
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
  EXPECT_EQ(CorrelationScope::current(), "main");
}

TEST(NewCorrelationIdTest, Is32LowercaseHexNonZeroAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = new_correlation_id();
    ASSERT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    EXPECT_NE(id, std::string(32, '0'));
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(NewCorrelationIdTest, ThreadsDrawDifferentIds) {
  std::vector<std::string> ids(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t, &ids] { ids[static_cast<std::size_t>(t)] = new_correlation_id(); });
  for (auto& th : threads) th.join();
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 4u);
}

}  // namespace
}  // namespace vigil::log
