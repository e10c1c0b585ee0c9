#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

double call(std::string_view name, double v) {
  const ValueFunction f = find_value_function(name);
  EXPECT_NE(f, nullptr) << name;
  return f ? f(v) : kNaN;
}

TEST(ValueFunctions, UnknownNamesAreNull) {
  EXPECT_EQ(find_value_function("round"), nullptr);
  EXPECT_EQ(find_value_function("year"), nullptr);
  EXPECT_EQ(find_value_function(""), nullptr);
}

TEST(ValueFunctions, Math) {
  EXPECT_EQ(call("abs", -2.5), 2.5);
  EXPECT_EQ(call("ceil", 1.2), 2);
  EXPECT_EQ(call("floor", -1.2), -2);
  EXPECT_EQ(call("exp", 0), 1);
  EXPECT_EQ(call("sqrt", 16), 4);
  EXPECT_TRUE(std::isnan(call("sqrt", -1)));
  EXPECT_EQ(call("ln", 1), 0);
  EXPECT_EQ(call("ln", 0), -kInf);
  EXPECT_EQ(call("log2", 8), 3);
  EXPECT_EQ(call("log10", 1000), 3);
  EXPECT_TRUE(std::isnan(call("log10", -1)));
}

TEST(ValueFunctions, SgnKeepsNaNAndZero) {
  EXPECT_EQ(call("sgn", -3), -1);
  EXPECT_EQ(call("sgn", 0.1), 1);
  EXPECT_EQ(call("sgn", 0), 0);
  EXPECT_TRUE(std::signbit(call("sgn", -0.0)));
  EXPECT_TRUE(std::isnan(call("sgn", kNaN)));
}

TEST(ValueFunctions, Trigonometry) {
  EXPECT_DOUBLE_EQ(call("sin", 10), -0.5440211108893699);
  EXPECT_DOUBLE_EQ(call("cos", 20), 0.40808206181339196);
  EXPECT_DOUBLE_EQ(call("tan", 10), 0.6483608274590867);
  EXPECT_DOUBLE_EQ(call("asin", 10 - 10.1), -0.10016742116155944);
  EXPECT_TRUE(std::isnan(call("asin", 20 - 10.1)));
  EXPECT_DOUBLE_EQ(call("acos", 10 - 10.1), 1.670963747956456);
  EXPECT_DOUBLE_EQ(call("atan", 20), 1.5208379310729538);
  // trig_functions.test gives cosh(10) for sinh(10) too; its comparison is loose.
  EXPECT_DOUBLE_EQ(call("sinh", 10), 11013.232874703393);
  EXPECT_DOUBLE_EQ(call("cosh", 20), 2.4258259770489514e+08);
  EXPECT_DOUBLE_EQ(call("tanh", 10), 0.9999999958776927);
  EXPECT_DOUBLE_EQ(call("asinh", 20), 3.6895038689889055);
  EXPECT_DOUBLE_EQ(call("acosh", 10), 2.993222846126381);
  EXPECT_TRUE(std::isnan(call("acosh", 0.5)));
  EXPECT_EQ(call("atanh", 1), kInf);
  EXPECT_TRUE(std::isnan(call("sin", kNaN)));
}

TEST(ValueFunctions, DegreesAndRadians) {
  EXPECT_DOUBLE_EQ(call("rad", 180), std::numbers::pi);
  EXPECT_DOUBLE_EQ(call("deg", std::numbers::pi), 180);
  EXPECT_DOUBLE_EQ(call("deg", call("rad", 10)), 10);
}

TEST(RoundTo, TiesRoundUp) {
  EXPECT_EQ(round_to(2.5, 1), 3);
  EXPECT_EQ(round_to(-2.5, 1), -2);
  EXPECT_EQ(round_to(1.25, 0.1), 1.3);
  EXPECT_EQ(round_to(-5.25, 0.1), -5.2);
  EXPECT_EQ(round_to(-5.3, 0.1), -5.3);
  EXPECT_EQ(round_to(2.5, 5), 5);
  EXPECT_EQ(round_to(4.5, 5), 5);
  EXPECT_EQ(round_to(12.5, 5), 15);
  EXPECT_TRUE(std::isnan(round_to(kNaN, 1)));
  EXPECT_EQ(round_to(kInf, 1), kInf);
}

}  // namespace
}  // namespace vigil::promql::kernels
