#include <gtest/gtest.h>

#include <limits>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {
namespace {

double call(std::string_view name, double seconds) {
  const ValueFunction f = find_date_function(name);
  EXPECT_NE(f, nullptr) << name;
  return f ? f(seconds) : std::numeric_limits<double>::quiet_NaN();
}

TEST(DateFunctions, UnknownNamesAreNull) {
  EXPECT_EQ(find_date_function("abs"), nullptr);
  EXPECT_EQ(find_date_function("time"), nullptr);
}

TEST(DateFunctions, Epoch) {
  EXPECT_EQ(call("year", 0), 1970);
  EXPECT_EQ(call("month", 0), 1);
  EXPECT_EQ(call("day_of_month", 0), 1);
  EXPECT_EQ(call("day_of_year", 0), 1);
  EXPECT_EQ(call("day_of_week", 0), 4);  // a Thursday
  EXPECT_EQ(call("hour", 0), 0);
  EXPECT_EQ(call("minute", 0), 0);
  EXPECT_EQ(call("days_in_month", 0), 31);
}

TEST(DateFunctions, MondayTheSecondOfJanuary2006) {
  const double t = 1136239445;  // 2006-01-02 22:04:05
  EXPECT_EQ(call("year", t), 2006);
  EXPECT_EQ(call("month", t), 1);
  EXPECT_EQ(call("day_of_month", t), 2);
  EXPECT_EQ(call("day_of_year", t), 2);
  EXPECT_EQ(call("day_of_week", t), 1);
  EXPECT_EQ(call("hour", t), 22);
  EXPECT_EQ(call("minute", t), 4);
}

TEST(DateFunctions, YearAndMonthBoundaries) {
  EXPECT_EQ(call("year", 1230767999), 2008);
  EXPECT_EQ(call("year", 1230768000), 2009);
  EXPECT_EQ(call("month", 1456790399), 2);  // 2016-02-29 23:59:59
  EXPECT_EQ(call("day_of_month", 1456790399), 29);
  EXPECT_EQ(call("month", 1456790400), 3);
  EXPECT_EQ(call("day_of_month", 1456790400), 1);
  EXPECT_EQ(call("day_of_year", 1483191420), 366);  // 2016-12-31
  EXPECT_EQ(call("day_of_year", 1672493820), 365);  // 2022-12-31
  EXPECT_EQ(call("days_in_month", 1454284800), 29);  // February 2016
  EXPECT_EQ(call("days_in_month", 1485907200), 28);  // February 2017
}

TEST(DateFunctions, FractionsTruncateTowardZero) {
  EXPECT_EQ(call("minute", 59.9), 0);
  // -1.5s becomes -1s: 23:59:59 on the last day of 1969.
  EXPECT_EQ(call("year", -1.5), 1969);
  EXPECT_EQ(call("day_of_year", -1.5), 365);
  EXPECT_EQ(call("hour", -1.5), 23);
  EXPECT_EQ(call("day_of_week", -86401.5), 2);
}

// Go converts NaN, infinities and out-of-range floats to the minimum int64
// on amd64, and its calendar wraps around to this date (checked with Go).
TEST(DateFunctions, NaNInfinityAndOutOfRangeWrapAsInGo) {
  for (double t : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity(), 1e300, -1e19}) {
    EXPECT_EQ(call("year", t), 292277026596) << t;
    EXPECT_EQ(call("month", t), 12);
    EXPECT_EQ(call("day_of_month", t), 4);
    EXPECT_EQ(call("day_of_week", t), 0);
    EXPECT_EQ(call("day_of_year", t), 339);
    EXPECT_EQ(call("hour", t), 15);
    EXPECT_EQ(call("minute", t), 30);
    EXPECT_EQ(call("days_in_month", t), 31);
  }
}

}  // namespace
}  // namespace vigil::promql::kernels
