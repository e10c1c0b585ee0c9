#include <gtest/gtest.h>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {
namespace {

TEST(NaturalCompare, DigitRunsCompareAsNumbers) {
  EXPECT_LT(natural_compare("4m5", "4m600"), 0);
  EXPECT_LT(natural_compare("4m600", "4m1000"), 0);
  EXPECT_GT(natural_compare("4m1000", "4m5"), 0);
  EXPECT_LT(natural_compare("1.2.3", "1.11.3"), 0);
  EXPECT_LT(natural_compare("1.11.3", "1.111.3"), 0);
  EXPECT_LT(natural_compare("3", "10"), 0);
  EXPECT_LT(natural_compare("21", "100"), 0);
}

TEST(NaturalCompare, TextAndPrefixes) {
  EXPECT_EQ(natural_compare("abc", "abc"), 0);
  EXPECT_LT(natural_compare("abc", "abd"), 0);
  EXPECT_LT(natural_compare("api-server", "app-server"), 0);
  EXPECT_LT(natural_compare("a", "a1"), 0);
  EXPECT_GT(natural_compare("a1", "a"), 0);
  EXPECT_LT(natural_compare("a", "b"), 0);
  // natsort finds each of two equal numbers spelt differently smaller than
  // the other, so the first argument sorts first.
  EXPECT_LT(natural_compare("007", "7"), 0);
  EXPECT_LT(natural_compare("7", "007"), 0);
  // Digit runs beyond int64 compare as text.
  EXPECT_GT(natural_compare("99999999999999999999", "100000000000000000000"), 0);
}

}  // namespace
}  // namespace vigil::promql::kernels
