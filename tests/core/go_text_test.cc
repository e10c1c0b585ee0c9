#include "core/go_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace vigil {
namespace {

TEST(GoText, FloatsPrintLikeGoFmt) {
  EXPECT_EQ(format_go_float(1), "1");
  EXPECT_EQ(format_go_float(-2.5), "-2.5");
  EXPECT_EQ(format_go_float(123456), "123456");
  EXPECT_EQ(format_go_float(1e6), "1e+06");
  EXPECT_EQ(format_go_float(1234567), "1.234567e+06");
  EXPECT_EQ(format_go_float(0.0001), "0.0001");
  EXPECT_EQ(format_go_float(0.00001), "1e-05");
  EXPECT_EQ(format_go_float(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(format_go_float(1e100), "1e+100");
  EXPECT_EQ(format_go_float(31), "31");
  EXPECT_EQ(format_go_float(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_go_float(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_go_float(std::nan("")), "NaN");
}

TEST(GoText, ExponentFormLikeStrconvE) {
  EXPECT_EQ(format_go_float_exponent(1), "1e+00");
  EXPECT_EQ(format_go_float_exponent(1e6), "1e+06");
  EXPECT_EQ(format_go_float_exponent(-1.5e-7), "-1.5e-07");
  EXPECT_EQ(format_go_float_exponent(0), "0e+00");
  EXPECT_EQ(format_go_float_exponent(1e100), "1e+100");
  EXPECT_EQ(format_go_float_exponent(0.1 + 0.2), "3.0000000000000004e-01");
  EXPECT_EQ(format_go_float_exponent(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_go_float_exponent(std::nan("")), "NaN");
}

TEST(GoText, StringsQuoteLikeStrconvQuote) {
  EXPECT_EQ(quote_go_string("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(quote_go_string("\n\t\a\x01\x7f"), R"("\n\t\a\x01\x7f")");
  EXPECT_EQ(quote_go_string("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
  EXPECT_EQ(quote_go_string("\xff"), R"("\xff")");
  EXPECT_EQ(quote_go_string("\xC2\x85"), R"("\u0085")");
  EXPECT_EQ(quote_go_string("it's"), R"("it's")");
}

TEST(GoText, Runes) {
  EXPECT_EQ(quote_go_rune('a'), "'a'");
  EXPECT_EQ(quote_go_rune('\''), R"('\'')");
  EXPECT_EQ(format_go_unicode('q'), "U+0071 'q'");
}

TEST(GoText, DurationsAsTimeDurationPrintsThem) {
  EXPECT_EQ(format_go_duration(0), "0s");
  EXPECT_EQ(format_go_duration(500), "500ms");
  EXPECT_EQ(format_go_duration(1500), "1.5s");
  EXPECT_EQ(format_go_duration(60'000), "1m0s");
  EXPECT_EQ(format_go_duration(150'000), "2m30s");
  EXPECT_EQ(format_go_duration(3'600'000), "1h0m0s");
  EXPECT_EQ(format_go_duration(7'230'050), "2h0m30.05s");
  EXPECT_EQ(format_go_duration(-60'000), "-1m0s");
}

}  // namespace
TEST(GoText, UnquoteLikeStrconvUnquote) {
  EXPECT_EQ(unquote_go(R"("a\tb\"c\u00e9\x41\101")"),
            "a\tb\"c\xC3\xA9"
            "AA");
  EXPECT_EQ(unquote_go("`raw\\n\r`"), "raw\\n");
  EXPECT_EQ(unquote_go("'\\n'"), "\n");
  EXPECT_EQ(unquote_go("'\xC3\xA9'"), "\xC3\xA9");
  EXPECT_FALSE(unquote_go(R"("\q")"));
  EXPECT_FALSE(unquote_go("'ab'"));
  EXPECT_FALSE(unquote_go(R"("\'")"));
  EXPECT_FALSE(unquote_go(R"("\uD800")"));
  EXPECT_FALSE(unquote_go("\"open"));
}

TEST(GoText, ExpandLikeRegexpExpand) {
  auto group = [](std::string_view name) -> std::string_view {
    if (name == "1") return "one";
    if (name == "word") return "W";
    return {};
  };
  EXPECT_EQ(expand_go_template("<$1>", group), "<one>");
  EXPECT_EQ(expand_go_template("$1x|${1}x|$word|${word}!", group), "|onex|W|W!");
  EXPECT_EQ(expand_go_template("$$1 $ ${1 $", group), "$1 $ ${1 $");
  EXPECT_EQ(go_group_number("12"), 12);
  EXPECT_EQ(go_group_number("01"), -1);
  EXPECT_EQ(go_group_number("a1"), -1);
}

}  // namespace vigil
