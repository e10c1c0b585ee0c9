#include "ingest/exposition/name_set.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::ingest::exposition {
namespace {

TEST(NameSet, FindsSecondInsertsAcrossGrowthAndClears) {
  std::vector<std::string> names;
  for (int i = 0; i < 1000; ++i) names.push_back("metric_" + std::to_string(i));
  NameSet set;
  for (const std::string& name : names) EXPECT_TRUE(set.insert(name)) << name;
  for (const std::string& name : names) EXPECT_FALSE(set.insert(name)) << name;
  set.clear();
  EXPECT_TRUE(set.insert(names[7]));
  const std::string same = "metric_7";
  EXPECT_FALSE(set.insert(same));  // by content, not by address
}

}  // namespace
}  // namespace vigil::ingest::exposition
