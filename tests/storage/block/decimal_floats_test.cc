// Which floats the block encoding stores as decimal mantissas.

#include "storage/block/decimal_floats.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "storage/sample.h"

namespace vigil::storage::block {
namespace {

TEST(DecimalFloats, ScrapedTextValuesAreDecimals) {
  EXPECT_EQ(smallest_decimal_exponent(0.25), 2);
  EXPECT_EQ(smallest_decimal_exponent(1234.56), 2);
  EXPECT_EQ(smallest_decimal_exponent(-0.001), 3);
  EXPECT_EQ(smallest_decimal_exponent(7), 0);
  EXPECT_EQ(smallest_decimal_exponent(1200000), -5);
  EXPECT_EQ(smallest_decimal_exponent(0.0), kMinDecimalExponent);
  EXPECT_EQ(*decimal_mantissa(1234.56, 2), 123456);
  EXPECT_EQ(*decimal_mantissa(1200000, -5), 12);
  EXPECT_EQ(*decimal_mantissa(0.25, 4), 2500);  // a larger exponent works too
}

TEST(DecimalFloats, ValuesWithoutAnExactDecimalAreNot) {
  for (double v : {-0.0, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                   std::numeric_limits<double>::quiet_NaN(), stale_nan(), 5e-324, 1e300, 1e-19}) {
    EXPECT_EQ(smallest_decimal_exponent(v), kNotDecimal) << v;
  }
  // Any double is the nearest to some 17-digit decimal; moderate ones fit.
  EXPECT_EQ(smallest_decimal_exponent(1.0 / 3), 16);
  EXPECT_FALSE(decimal_mantissa(0.25, 1));
}

TEST(DecimalFloats, EveryMantissaFoundDecodesToTheSameBits) {
  for (int e = kMinDecimalExponent; e <= kMaxDecimalExponent; ++e) {
    for (double v : {0.1, 0.3, 0.1 + 0.2, 123.456, 1e15, 4096.0 * 20000, -2.5e-7, 0x1p53, 9.5e18}) {
      auto m = decimal_mantissa(v, e);
      if (m) {
        EXPECT_EQ(std::bit_cast<uint64_t>(decimal_value(*m, e)), std::bit_cast<uint64_t>(v)) << v << " at " << e;
      }
    }
  }
}

}  // namespace
}  // namespace vigil::storage::block
