#include "promql/number_literal.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vigil::promql {
namespace {

TEST(PromqlNumberLiteral, GoIntegerThenFloatSyntax) {
  EXPECT_EQ(parse_number_literal("0xc"), 12);
  EXPECT_EQ(parse_number_literal("0755"), 493);
  EXPECT_EQ(parse_number_literal("0"), 0);
  EXPECT_EQ(parse_number_literal("08"), 8);  // not octal: read as a float
  EXPECT_EQ(parse_number_literal("5e-3"), 0.005);
  EXPECT_EQ(parse_number_literal("123.4567"), 123.4567);
  EXPECT_EQ(parse_number_literal("9223372036854775807"), 9223372036854775807.0);
  EXPECT_EQ(parse_number_literal("99999999999999999999"), 1e20);  // beyond int64: a float
  EXPECT_TRUE(std::isinf(*parse_number_literal("Inf")));
  EXPECT_TRUE(std::isnan(*parse_number_literal("nan")));
  EXPECT_EQ(parse_number_literal("1e-400"), 0);  // underflow is not an error in Go
}

TEST(PromqlNumberLiteral, Errors) {
  EXPECT_EQ(parse_number_literal("1e").error(),
            "error parsing number: strconv.ParseFloat: parsing \"1e\": invalid syntax");
  EXPECT_EQ(parse_number_literal("0x").error(),
            "error parsing number: strconv.ParseFloat: parsing \"0x\": invalid syntax");
  EXPECT_EQ(parse_number_literal("0xffffffffffffffffff").error(),
            "error parsing number: strconv.ParseFloat: parsing \"0xffffffffffffffffff\": invalid syntax");
  EXPECT_EQ(parse_number_literal("1e400").error(),
            "error parsing number: strconv.ParseFloat: parsing \"1e400\": value out of range");
}

}  // namespace
}  // namespace vigil::promql
