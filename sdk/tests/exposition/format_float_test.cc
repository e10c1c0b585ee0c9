#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "vigil/exposition/text_writer.h"

namespace vigil::exposition {
namespace {

// Expected values are Go's strconv.FormatFloat(v, 'g', -1, 64).
TEST(FormatFloatTest, MatchesGoShortestG) {
  const struct {
    double v;
    const char* want;
  } cases[] = {
      {0, "0"},
      {-0.0, "-0"},
      {1, "1"},
      {-1, "-1"},
      {0.1, "0.1"},
      {0.005, "0.005"},
      {2.5, "2.5"},
      {-1.5, "-1.5"},
      {100, "100"},
      {100000, "100000"},
      {123456, "123456"},
      {999999, "999999"},
      {1e6, "1e+06"},
      {1234567, "1.234567e+06"},
      {123456789, "1.23456789e+08"},
      {12345.678, "12345.678"},
      {1e21, "1e+21"},
      {1e100, "1e+100"},
      {0.0001, "0.0001"},
      {0.00012345, "0.00012345"},
      {1e-5, "1e-05"},
      {1.5e-7, "1.5e-07"},
      {5e-324, "5e-324"},
      {2.2250738585072014e-308, "2.2250738585072014e-308"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {0.30000000000000004, "0.30000000000000004"},
      {1.0 / 3, "0.3333333333333333"},
      {9007199254740993.0, "9.007199254740992e+15"},
      {4.468743327960138e+16, "4.468743327960138e+16"},
  };
  for (const auto& c : cases) EXPECT_EQ(format_float(c.v), c.want) << c.want;
}

TEST(FormatFloatTest, NonFiniteValues) {
  EXPECT_EQ(format_float(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_float(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_float(std::nan("")), "NaN");
}

TEST(FormatFloatTest, AppendsToExistingText) {
  std::string out = "x ";
  append_float(out, 0.25);
  EXPECT_EQ(out, "x 0.25");
}

}  // namespace
}  // namespace vigil::exposition
