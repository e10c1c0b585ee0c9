// Every expected string was answered by Debian's Prometheus 2.42 to
// `vector(<v>)` (point values), `<v>` (scalar values) and the `time`
// parameter shown.

#include "api/query/value_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace vigil::api {
namespace {

TEST(PointValue, PlainBetweenOneMillionthAnd1e21) {
  EXPECT_EQ(format_point_value(1), "1");
  EXPECT_EQ(format_point_value(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(format_point_value(123456789012345678.0), "123456789012345680");
  EXPECT_EQ(format_point_value(1e-6), "0.000001");
  EXPECT_EQ(format_point_value(1e20), "100000000000000000000");
  EXPECT_EQ(format_point_value(0), "0");
  EXPECT_EQ(format_point_value(-0.0), "-0");
  EXPECT_EQ(format_point_value(-2.5), "-2.5");
}

TEST(PointValue, ExponentOutside) {
  EXPECT_EQ(format_point_value(1e21), "1e+21");
  EXPECT_EQ(format_point_value(1e30), "1e+30");
  EXPECT_EQ(format_point_value(1e-7), "1e-07");
  EXPECT_EQ(format_point_value(-1.5e-10), "-1.5e-10");
  EXPECT_EQ(format_point_value(5e-324), "5e-324");
  EXPECT_EQ(format_point_value(1.7976931348623157e308), "1.7976931348623157e+308");
}

TEST(PointValue, InfinitiesAndNaN) {
  EXPECT_EQ(format_point_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_point_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_point_value(std::nan("")), "NaN");
}

TEST(ScalarValue, NeverAnExponent) {
  EXPECT_EQ(format_float_plain(1e30), "1000000000000000000000000000000");
  EXPECT_EQ(format_float_plain(1e21), "1000000000000000000000");
  EXPECT_EQ(format_float_plain(1e-7), "0.0000001");
  EXPECT_EQ(format_float_plain(-1e-7), "-0.0000001");
  EXPECT_EQ(format_float_plain(1.5e-10), "0.00000000015");
  EXPECT_EQ(format_float_plain(1700000000.123), "1700000000.123");
  EXPECT_EQ(format_float_plain(-0.0), "-0");
  EXPECT_EQ(format_float_plain(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_float_plain(std::nan("")), "NaN");
  // 5e-324: "0." then 323 zeros then "5".
  const std::string tiny = format_float_plain(5e-324);
  EXPECT_EQ(tiny.size(), 2u + 323u + 1u);
  EXPECT_EQ(tiny.back(), '5');
}

TEST(PointTime, ThreeFractionDigitsWhenNotWhole) {
  EXPECT_EQ(format_point_time(1'700'000'000'000), "1700000000");
  EXPECT_EQ(format_point_time(1'700'000'000'123), "1700000000.123");
  EXPECT_EQ(format_point_time(50), "0.050");
  EXPECT_EQ(format_point_time(10'500), "10.500");
  EXPECT_EQ(format_point_time(-1'500), "-1.500");
  EXPECT_EQ(format_point_time(-500), "-0.500");
  EXPECT_EQ(format_point_time(0), "0");
  EXPECT_EQ(format_point_time(std::numeric_limits<int64_t>::min()), "-9223372036854775.808");
}

TEST(ScalarTime, ShortestSeconds) {
  EXPECT_EQ(format_scalar_time(50), "0.05");
  EXPECT_EQ(format_scalar_time(1'500), "1.5");
  EXPECT_EQ(format_scalar_time(-1'500), "-1.5");
  EXPECT_EQ(format_scalar_time(10'050), "10.05");
  EXPECT_EQ(format_scalar_time(1'700'000'000'123), "1700000000.123");
}

}  // namespace
}  // namespace vigil::api
